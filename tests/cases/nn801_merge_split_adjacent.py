"""Clean: reshapes that keep the order of the known dimensions (merge, split, flatten)."""
import torch
from torch import nn


class Mixer(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q = self.proj(x).view(b, t, self.heads, d // self.heads).transpose(1, 2)
        merged = x.reshape(b * t, d)
        split = x.view(b, t, 2, d // 2)
        return q, merged.view(b, t, d), split.flatten(2), x.reshape(x.size(0), -1)


def to_sequence(feature_map):
    n, c, h, w = feature_map.shape
    return feature_map.reshape(n, c, h * w).permute(0, 2, 1)
