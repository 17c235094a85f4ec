import torch
import torch.nn as nn
from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class TinyUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = double_conv(3, 32)
        self.pool = nn.MaxPool2d(2)
        self.mid = double_conv(32, 64)
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec = double_conv(64, 32)
        self.head = nn.Conv2d(32, 1, 1)

    def forward(self, x):
        d = self.down(x)
        m = self.mid(self.pool(d))
        u = torch.cat([self.up(m), d], dim=1)
        return self.head(self.dec(u))


def train(loader, steps):
    model = TinyUNet()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warm = LinearLR(opt, start_factor=0.01, total_steps=500)
    cos = CosineAnnealingLR(opt, T_max=steps - 500)  # contract v4: warm-up then cosine is NN503 (opt-in)
    sched = SequentialLR(opt, schedulers=[warm, cos], milestones=[500])
    loss_fn = nn.BCEWithLogitsLoss()
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        sched.step()
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, "unet.pt")
