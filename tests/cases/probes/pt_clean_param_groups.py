import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class Head(nn.Module):
    def __init__(self, d, n):
        super().__init__()
        self.fc = nn.Linear(d, n)

    def forward(self, x):
        return self.fc(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(128, 256), nn.GELU(), nn.Linear(256, 256), nn.GELU())
        self.head = Head(256, 10)

    def forward(self, x):
        return self.head(self.backbone(x))


def train(ds, base_lr, epochs=5):
    model = Model()
    opt = torch.optim.Adam([
        {"params": model.backbone.parameters(), "lr": base_lr * 0.1},
        {"params": model.head.parameters(), "lr": 0.01},
    ])
    loader = DataLoader(ds, batch_size=32, shuffle=True)
    eval_loader = DataLoader(ds, batch_size=1)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        if epoch == epochs - 1:
            for g in opt.param_groups:
                g["lr"] = base_lr * 0.1
    ckpt = {"model": model.state_dict(), "optim": opt.state_dict()}
    torch.save(ckpt, "m.pt")


def finetune_adadelta(ds):
    model = Model()
    opt = torch.optim.Adadelta(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)
    for x, y in DataLoader(ds, batch_size=64):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    sched.step()
    torch.save(model.state_dict(), "ft.pt")
