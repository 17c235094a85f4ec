import jax
import jax.numpy as jnp
import flax.linen as nn
import optax


class MLP(nn.Module):
    features: tuple = (256, 256)
    n_out: int = 10

    @nn.compact
    def __call__(self, x, train: bool = True):
        for f in self.features:
            x = nn.Dense(f)(x)
            x = nn.relu(x)
        x = nn.Dense(self.n_out)(x)
        return x


class ConvNet(nn.Module):
    @nn.compact
    def __call__(self, x, train: bool = True):
        x = nn.Conv(32, (3, 3), use_bias=False)(x)
        x = nn.BatchNorm(use_running_average=not train)(x)
        x = nn.relu(x)
        x = x.mean(axis=(1, 2))
        return nn.Dense(10)(x)


def create_state(rng, cfg):
    model = MLP()
    params = model.init(rng, jnp.ones((1, 784)))["params"]
    warmup = optax.linear_schedule(0.0, cfg.lr, transition_steps=1000)
    tx = optax.chain(optax.clip_by_global_norm(1.0), optax.adam(warmup))
    return model, params, tx


def loss_fn(params, model, x, y):
    logits = model.apply({"params": params}, x)
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()


def sgd_state(rng):
    sched = optax.cosine_decay_schedule(0.1, decay_steps=10000)
    return optax.sgd(sched, momentum=0.9)
