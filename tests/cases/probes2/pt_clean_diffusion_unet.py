import math
import torch
from torch import nn
from torch.nn import functional as F


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, device=t.device) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim, groups=32):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(tdim, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)


class UNet(nn.Module):
    def __init__(self, ch=128, tdim=512):
        super().__init__()
        self.ch = ch
        self.time_mlp = nn.Sequential(
            nn.Linear(ch, tdim),
            nn.SiLU(),
            nn.Linear(tdim, tdim),
        )
        self.conv_in = nn.Conv2d(3, ch, 3, padding=1)
        self.down1 = ResBlock(ch, ch, tdim)
        self.down2 = ResBlock(ch, 2 * ch, tdim)
        self.pool = nn.AvgPool2d(2)
        self.mid = ResBlock(2 * ch, 2 * ch, tdim)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.up1 = ResBlock(4 * ch, ch, tdim)
        self.norm_out = nn.GroupNorm(32, ch)
        self.conv_out = nn.Conv2d(ch, 3, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    def forward(self, x, t):
        temb = self.time_mlp(timestep_embedding(t, self.ch))
        h0 = self.conv_in(x)
        h1 = self.down1(h0, temb)
        h2 = self.down2(self.pool(h1), temb)
        h = self.mid(h2, temb)
        h = self.up1(torch.cat([self.up(h), self.up(h2)], dim=1), temb)
        h = F.silu(self.norm_out(h))
        return self.conv_out(h)


def train(model, loader, betas, epochs=100):
    opt = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=0.0)
    alphas_bar = torch.cumprod(1 - betas, 0)
    for _ in range(epochs):
        for x0, _ in loader:
            t = torch.randint(0, len(betas), (x0.shape[0],))
            noise = torch.randn_like(x0)
            a = alphas_bar[t][:, None, None, None]
            xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
            loss = F.mse_loss(model(xt, t), noise)
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save({"model": model.state_dict(), "opt": opt.state_dict()}, "ddpm.pt")
