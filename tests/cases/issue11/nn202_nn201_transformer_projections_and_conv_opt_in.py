# v4 probe: NN202 (opt-in) on bias-free dense projections of a transformer-style network; convolutions there keep
# NN201 (a bias-free conv feeding a ReLU and another conv). Linted with --select ALL.
# Distilled from lucidrains/vit-pytorch@69d24fe:vit_pytorch/simple_vit.py:47-48 and vit_pytorch/cct.py (conv
# tokenizer), vit_pytorch/max_vit.py:54 (SE gate Linear layers inside MaxViT).
import torch
from torch import nn


class Tokenizer(nn.Module):
    def __init__(self, channels=3, dim=256):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, dim // 2, kernel_size=3, stride=2, padding=1, bias=False)  # expect: NN201
        self.act = nn.ReLU()
        self.conv2 = nn.Conv2d(dim // 2, dim, kernel_size=3, stride=2, padding=1)
        self.pool = nn.MaxPool2d(3, 2, 1)

    def forward(self, img):
        x = self.pool(self.act(self.conv2(self.act(self.conv1(img)))))
        return x.flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads=8):
        super().__init__()
        self.heads = heads
        self.norm = nn.LayerNorm(dim)
        self.to_qkv = nn.Linear(dim, dim * 3, bias=False)  # expect: NN202
        self.to_out = nn.Linear(dim, dim, bias=False)  # expect: NN202

    def forward(self, x):
        x = self.norm(x)
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        out = nn.functional.scaled_dot_product_attention(q, k, v)
        return self.to_out(out)


class FeedForward(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.net = nn.Sequential(nn.LayerNorm(dim),
                                 nn.Linear(dim, hidden, bias=False),  # expect: NN202
                                 nn.GELU(),
                                 nn.Linear(hidden, dim, bias=False))  # expect: NN202

    def forward(self, x):
        return self.net(x)


class CCT(nn.Module):
    def __init__(self, dim=256, depth=4, num_classes=10):
        super().__init__()
        self.tokenizer = Tokenizer(dim=dim)
        self.blocks = nn.ModuleList([nn.ModuleList([Attention(dim), FeedForward(dim, dim * 2)]) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, num_classes, bias=False)  # expect: NN202

    def forward(self, img):
        x = self.tokenizer(img)
        for attn, ff in self.blocks:
            x = attn(x) + x
            x = ff(x) + x
        return self.fc(self.norm(x).mean(dim=1))


model = CCT()
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
criterion = nn.CrossEntropyLoss()
