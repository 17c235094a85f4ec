# v4 probe: in a transformer-style network Xavier/Glorot and fixed std <= 0.02 are NN303 (opt-in); a larger fixed
# std stays NN301. Linted with --select ALL.
# Distilled from lucidrains/vit-pytorch@69d24fe:vit_pytorch/cct.py:297 and
# bentrevett/pytorch-seq2seq@b3cd54c:"legacy/6 - Attention is All You Need.ipynb":478.
import torch
from torch import nn


class EncoderLayer(nn.Module):
    def __init__(self, dim, heads, pf_dim):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.attn_norm = nn.LayerNorm(dim)
        self.fc_1 = nn.Linear(dim, pf_dim)
        self.fc_2 = nn.Linear(pf_dim, dim)
        self.ff_norm = nn.LayerNorm(dim)
        nn.init.normal_(self.fc_1.weight, std=0.5)  # expect: NN301

    def forward(self, src):
        src = self.attn_norm(src + self.self_attn(src, src, src)[0])
        return self.ff_norm(src + self.fc_2(torch.relu(self.fc_1(src))))


class Encoder(nn.Module):
    def __init__(self, vocab, dim=256, layers=3, heads=8, pf_dim=512):
        super().__init__()
        self.tok_embedding = nn.Embedding(vocab, dim)
        self.layers = nn.ModuleList([EncoderLayer(dim, heads, pf_dim) for _ in range(layers)])
        self.fc_out = nn.Linear(dim, vocab)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=.02)  # expect: NN303

    def forward(self, src):
        x = self.tok_embedding(src)
        for layer in self.layers:
            x = layer(x)
        return self.fc_out(x)


def initialize_weights(m):
    if hasattr(m, "weight") and m.weight.dim() > 1:
        nn.init.xavier_uniform_(m.weight.data)  # expect: NN303


model = Encoder(10000)
model.apply(initialize_weights)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
