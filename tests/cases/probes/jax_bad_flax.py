import jax
import jax.numpy as jnp
from flax import linen as nn
import optax


class Classifier(nn.Module):
    n_cls: int

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(512, kernel_init=nn.initializers.normal(stddev=0.02))(x)  # expect: NN301
        x = nn.relu(x)
        x = nn.Dense(256, use_bias=False)(x)  # expect: NN201
        x = nn.gelu(x)
        x = nn.Dense(self.n_cls)(x)
        return nn.softmax(x)  # expect: NN102


def make_optimizer(total_steps):
    schedule = optax.exponential_decay(1e-3, transition_steps=1000, decay_rate=0.9)  # expect: NN501
    return optax.adamw(schedule)


def train_step(params, model, x, y):
    def loss(p):
        probs = model.apply({"params": p}, x)
        return optax.softmax_cross_entropy(probs, jax.nn.one_hot(y, 10)).mean()
    return jax.grad(loss)(params)


model = Classifier(n_cls=10)
tx = optax.adam(learning_rate=0.03)  # expect: NN502
