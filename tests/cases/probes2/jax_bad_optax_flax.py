import jax
import jax.numpy as jnp
import flax.linen as nn
import optax


class ValueNet(nn.Module):
    hidden: int = 256

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(self.hidden, kernel_init=nn.initializers.normal(stddev=0.02))(x)  # expect: NN301
        x = nn.relu(x)
        x = nn.Dense(self.hidden)(x)
        x = nn.relu(x)
        x = nn.Dense(1)(x)
        return nn.relu(x)  # expect: NN101


class Discriminator(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.leaky_relu(nn.Dense(128)(x), 0.2)
        return nn.sigmoid(nn.Dense(1)(x))  # expect: NN102


def d_loss(params, real, fake):
    d = Discriminator()
    p_real = d.apply({"params": params}, real)
    p_fake = d.apply({"params": params}, fake)
    return (optax.sigmoid_binary_cross_entropy(p_real, jnp.ones_like(p_real)).mean()
            + optax.sigmoid_binary_cross_entropy(p_fake, jnp.zeros_like(p_fake)).mean())


sched = optax.exponential_decay(init_value=1e-3, transition_steps=1000, decay_rate=0.99)  # expect: NN501
value_tx = optax.adam(sched)
disc_tx = optax.adamw(learning_rate=0.03, b1=0.5)  # expect: NN502
