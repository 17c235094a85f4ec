import flax.linen as nn


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Dense(64, kernel_init=nn.initializers.normal(0.02))(x)
        x = nn.relu(x)
        return nn.Dense(1, kernel_init=nn.initializers.xavier_uniform())(x)
