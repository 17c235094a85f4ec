# v4 probe (default set): in a transformer-style network the bias-free dense projections are silent (NN202 is
# opt-in) but a bias-free conv feeding a ReLU (and then another conv, no norm) keeps NN201.
# Distilled from lucidrains/vit-pytorch@69d24fe:vit_pytorch/cct.py (conv tokenizer + transformer) and
# vit_pytorch/simple_vit.py:47-48.
import torch
from torch import nn


class ConvStemViT(nn.Module):
    def __init__(self, dim=192, heads=3, num_classes=100):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, dim // 2, 3, stride=2, padding=1, bias=False),  # expect: NN201
            nn.ReLU(inplace=True),
            nn.Conv2d(dim // 2, dim, 3, stride=2, padding=1),
        )
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, dim * 3, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 4, bias=False), nn.GELU(), nn.Linear(dim * 4, dim, bias=False))
        self.head = nn.Linear(dim, num_classes, bias=False)
        self.heads = heads

    def forward(self, img):
        x = self.stem(img).flatten(2).transpose(1, 2)
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        x = x + self.proj(nn.functional.scaled_dot_product_attention(q, k, v))
        x = x + self.mlp(self.norm2(x))
        return self.head(x.mean(dim=1))


model = ConvStemViT()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
