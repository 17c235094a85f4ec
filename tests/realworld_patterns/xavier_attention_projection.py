"""Xavier on individually initialised attention projections does not feed a ReLU: silent.

transformers conditional_detr/grounding_dino `_init_weights`: `xavier_uniform_(module.k_linear.weight)`
on attention projections, in a file whose FFN uses ReLU elsewhere. The contract fires Xavier on a layer
whose output feeds a ReLU-family activation, or in a uniform modules()/apply loop over a ReLU network.
"""
import torch
import torch.nn as nn


class AttentionMap(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.q_linear = nn.Linear(dim, dim)
        self.k_linear = nn.Linear(dim, dim)

    def forward(self, q, k):
        return torch.softmax(self.q_linear(q) @ self.k_linear(k).transpose(-1, -2), dim=-1)


class Model(nn.Module):
    def __init__(self, dim=64):
        super().__init__()
        self.attn = AttentionMap(dim)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.fc2 = nn.Linear(4 * dim, dim)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, AttentionMap):
            nn.init.zeros_(module.k_linear.bias)
            nn.init.zeros_(module.q_linear.bias)
            nn.init.xavier_uniform_(module.k_linear.weight)
            nn.init.xavier_uniform_(module.q_linear.weight)

    def forward(self, x):
        a = self.attn(x, x) @ x
        return self.fc2(torch.relu(self.fc1(a)))
