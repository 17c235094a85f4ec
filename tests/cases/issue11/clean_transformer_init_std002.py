# FP class F2 (NN301 on the GPT/BERT/ViT init convention; v4 moves Xavier and fixed std <= 0.02 in a
# transformer-style network to opt-in NN303). Default rule set: silent.
# Distilled from lucidrains/vit-pytorch@69d24fe:vit_pytorch/cct.py:297 (trunc_normal_(std=.02) in an apply hook)
# and bentrevett/pytorch-seq2seq@b3cd54c:"legacy/6 - Attention is All You Need.ipynb":478 (xavier_uniform_ on
# every weight of a Transformer).
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class TransformerClassifier(nn.Module):
    def __init__(self, vocab=30000, dim=256, depth=4, heads=4, num_classes=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, num_classes)
        self.apply(self.init_weight)

    @staticmethod
    def init_weight(m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=.02)
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.LayerNorm):
            nn.init.constant_(m.bias, 0)
            nn.init.constant_(m.weight, 1.0)

    def forward(self, tokens):
        return self.fc(self.norm(self.blocks(self.embed(tokens))).mean(dim=1))


def initialize_weights(m):
    if hasattr(m, "weight") and m.weight.dim() > 1:
        nn.init.xavier_uniform_(m.weight.data)


model = TransformerClassifier()
model.apply(initialize_weights)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
