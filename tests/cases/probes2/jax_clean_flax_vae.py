import jax
import jax.numpy as jnp
from flax import linen as nn
import optax


class Encoder(nn.Module):
    latents: int

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(500, name="fc1")(x)
        x = nn.relu(x)
        mean_x = nn.Dense(self.latents, name="fc2_mean")(x)
        logvar_x = nn.Dense(self.latents, name="fc2_logvar")(x)
        return mean_x, logvar_x


class Decoder(nn.Module):
    @nn.compact
    def __call__(self, z):
        z = nn.Dense(500, name="fc1")(z)
        z = nn.relu(z)
        return nn.Dense(784, name="fc2")(z)


class VAE(nn.Module):
    latents: int = 20

    def setup(self):
        self.encoder = Encoder(self.latents)
        self.decoder = Decoder()

    def __call__(self, x, z_rng):
        mean, logvar = self.encoder(x)
        z = mean + jnp.exp(0.5 * logvar) * jax.random.normal(z_rng, logvar.shape)
        return self.decoder(z), mean, logvar

    def generate(self, z):
        return nn.sigmoid(self.decoder(z))


def loss_fn(params, batch, rng):
    logits, mean, logvar = VAE().apply({"params": params}, batch, rng)
    bce = optax.sigmoid_binary_cross_entropy(logits, batch).sum(-1).mean()
    kld = (-0.5 * jnp.sum(1 + logvar - jnp.square(mean) - jnp.exp(logvar), axis=-1)).mean()
    return bce + kld


tx = optax.adam(learning_rate=1e-3)
