# FP class F1 (NN201 on dense projections of a transformer-style network; v4 moves them to opt-in NN202).
# Distilled from lucidrains/vit-pytorch@69d24fe:vit_pytorch/simple_vit.py:48 (to_out), max_vit.py:54/56 (SE gate
# inside MaxViT), mobile_vit.py:230 and look_vit.py:204 (bias-free classifier heads). Default rule set: silent.
import torch
from torch import nn


class FeedForward(nn.Module):
    def __init__(self, dim, hidden_dim):
        super().__init__()
        self.net = nn.Sequential(
            nn.LayerNorm(dim),
            nn.Linear(dim, hidden_dim, bias=False),
            nn.GELU(),
            nn.Linear(hidden_dim, dim, bias=False),
        )

    def forward(self, x):
        return self.net(x)


class Attention(nn.Module):
    def __init__(self, dim, heads=8, dim_head=64):
        super().__init__()
        inner_dim = dim_head * heads
        self.heads = heads
        self.scale = dim_head ** -0.5
        self.norm = nn.LayerNorm(dim)
        self.attend = nn.Softmax(dim=-1)
        self.to_qkv = nn.Linear(dim, inner_dim * 3, bias=False)
        self.to_out = nn.Linear(inner_dim, dim, bias=False)

    def forward(self, x):
        b, n, _ = x.shape
        x = self.norm(x)
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = (t.view(b, n, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        attn = self.attend(torch.matmul(q, k.transpose(-1, -2)) * self.scale)
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, -1)
        return self.to_out(out)


class SqueezeExcitation(nn.Module):
    def __init__(self, dim, shrinkage_rate=0.25):
        super().__init__()
        hidden_dim = int(dim * shrinkage_rate)
        self.gate = nn.Sequential(
            nn.Linear(dim, hidden_dim, bias=False),
            nn.SiLU(),
            nn.Linear(hidden_dim, dim, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return x * self.gate(x.mean(dim=1))[:, None, :]


class ViT(nn.Module):
    def __init__(self, dim=256, depth=6, num_classes=1000, patch_dim=768):
        super().__init__()
        self.to_patch_embedding = nn.Sequential(nn.LayerNorm(patch_dim), nn.Linear(patch_dim, dim), nn.LayerNorm(dim))
        self.layers = nn.ModuleList([nn.ModuleList([Attention(dim), FeedForward(dim, dim * 4), SqueezeExcitation(dim)])
                                     for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.to_logits = nn.Linear(dim, num_classes, bias=False)

    def forward(self, patches):
        x = self.to_patch_embedding(patches)
        for attn, ff, se in self.layers:
            x = attn(x) + x
            x = ff(x) + x
            x = se(x)
        return self.to_logits(self.norm(x).mean(dim=1))


model = ViT()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
criterion = nn.CrossEntropyLoss()
