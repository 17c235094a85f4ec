import jax
import jax.numpy as jnp
import flax.linen as nn
import optax

LEARNING_RATE = 0.05


class ValueNet(nn.Module):
    @nn.compact
    def __call__(self, s):
        h = nn.Dense(64, kernel_init=nn.initializers.glorot_uniform())(s)  # expect: NN301
        h = nn.relu(h)
        h = nn.Dense(64, kernel_init=nn.initializers.he_normal())(h)
        h = nn.relu(h)
        v = nn.Dense(1)(h)
        return nn.relu(v)  # expect: NN101


opt = optax.adam(LEARNING_RATE)  # expect: NN502
