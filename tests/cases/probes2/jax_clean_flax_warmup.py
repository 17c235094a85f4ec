import jax
import jax.numpy as jnp
import flax.linen as nn
import optax
from flax.training import train_state, checkpoints


class MlpBlock(nn.Module):
    hidden: int
    out: int

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(self.hidden, kernel_init=nn.initializers.he_normal())(x)
        x = nn.gelu(x)
        return nn.Dense(self.out, kernel_init=nn.initializers.he_normal())(x)


class Encoder(nn.Module):
    dim: int = 256
    depth: int = 4
    num_classes: int = 10

    @nn.compact
    def __call__(self, x, train: bool = True):
        x = nn.Dense(self.dim, use_bias=False)(x)
        x = nn.LayerNorm()(x)
        for _ in range(self.depth):
            y = nn.LayerNorm()(x)
            y = nn.SelfAttention(num_heads=4)(y)
            x = x + y
            y = nn.LayerNorm()(x)
            x = x + MlpBlock(4 * self.dim, self.dim)(y)
        x = nn.LayerNorm()(x).mean(axis=1)
        return nn.Dense(self.num_classes, kernel_init=nn.initializers.zeros)(x)


def create_train_state(rng, peak_lr, warmup_steps):
    model = Encoder()
    params = model.init(rng, jnp.ones((1, 16, 32)))["params"]
    schedule = optax.join_schedules(
        [optax.linear_schedule(0.0, peak_lr, warmup_steps), optax.constant_schedule(peak_lr)],
        boundaries=[warmup_steps],
    )
    tx = optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(schedule, weight_decay=0.05))
    return train_state.TrainState.create(apply_fn=model.apply, params=params, tx=tx)


@jax.jit
def train_step(state, batch):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, batch["x"])
        return optax.softmax_cross_entropy_with_integer_labels(logits, batch["y"]).mean()

    loss, grads = jax.value_and_grad(loss_fn)(state.params)
    return state.apply_gradients(grads=grads), loss


def save(state, step):
    checkpoints.save_checkpoint("/tmp/ckpt", state, step)
