# v4: self-attention (a softmax over q @ k of two projections) makes the network transformer-style, so its
# bias-free projections are NN202 (opt-in) rather than NN201.
import torch.nn as nn


class SelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)  # expect: NN202
        self.k = nn.Linear(dim, dim, bias=False)  # expect: NN202
        self.v = nn.Linear(dim, dim, bias=False)  # expect: NN202
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        q = self.q(x).view(b, n, self.heads, -1)
        k = self.k(x).view(b, n, self.heads, -1)
        v = self.v(x).view(b, n, self.heads, -1)
        attn = (q @ k.transpose(-1, -2)).softmax(-1)
        return self.out((attn @ v).reshape(b, n, d))
