import flax.linen as nn


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Dense(64, use_bias=False)(x)
        x = nn.relu(x)
        return nn.Dense(1)(x)
