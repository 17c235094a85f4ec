import jax
import jax.numpy as jnp
import flax.linen as nn
import optax


class ResBlock(nn.Module):
    features: int

    @nn.compact
    def __call__(self, x):
        h = nn.Conv(self.features, (3, 3), use_bias=False)(x)
        h = nn.GroupNorm(num_groups=8)(h)
        h = nn.swish(h)
        h = nn.Conv(self.features, (3, 3), use_bias=False)(h)
        h = nn.GroupNorm(num_groups=8)(h)
        return nn.swish(h + x)


class Critic(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Conv(64, (3, 3), kernel_init=nn.initializers.kaiming_normal())(x)
        x = ResBlock(64)(x)
        x = ResBlock(64)(x)
        x = jnp.mean(x, axis=(1, 2))
        return nn.Dense(1, kernel_init=nn.initializers.variance_scaling(1.0, "fan_in", "truncated_normal"))(x)


def make_optimizer(total_steps, base_lr=1e-3):
    warmup = optax.linear_schedule(0.0, base_lr, 500)
    sgd_sched = optax.cosine_decay_schedule(0.1, total_steps)
    return {
        "critic": optax.adam(warmup, b1=0.0, b2=0.9),
        "probe": optax.sgd(sgd_sched, momentum=0.9),
        "lion": optax.lion(0.03),
        "clip": optax.chain(optax.clip(1.0), optax.adabelief(1e-3)),
    }


def loss(params, x, y):
    pred = Critic().apply({"params": params}, x)
    return jnp.mean((pred.squeeze(-1) - y) ** 2)
