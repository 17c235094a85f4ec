import torch
import torch.nn as nn


class PatchEmbed(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj = nn.Conv2d(3, d, 16, stride=16)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class TinyViT(nn.Module):
    def __init__(self, d=192, n_cls=100):
        super().__init__()
        self.patch = PatchEmbed(d)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pos_embed = nn.Parameter(torch.zeros(1, 197, d))
        self.tok = nn.Embedding(1000, d)
        layer = nn.TransformerEncoderLayer(d, 3, 4 * d, batch_first=True, activation="gelu")
        self.encoder = nn.TransformerEncoder(layer, 4)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, n_cls)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        nn.init.normal_(self.tok.weight, std=0.02)
        nn.init.ones_(self.norm.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        x = self.patch(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        x = self.encoder(x)
        return self.head(self.norm(x[:, 0]))


def train(loader, cfg):
    model = TinyViT()
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.05)
    sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=cfg["warmup"])
    crit = nn.CrossEntropyLoss(label_smoothing=0.1)
    for x, y in loader:
        loss = crit(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    torch.save({"state_dict": model.state_dict(), "optimizer": opt.state_dict()}, "vit.pth")
