from torch import nn, optim
import torch


class Linear(nn.Module):
    """A user's own linear layer, with a custom init."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) / n_in ** 0.5)

    def forward(self, x):
        return x @ self.w


def relu(x):
    return x.clamp(min=0)


class Classifier(nn.Module):
    def __init__(self, d_in, n_cls, cfg):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, 256),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(256, n_cls),
            nn.LogSoftmax(dim=1),
        )

    def forward(self, x):
        return self.net(x)


def main(cfg, loader):
    model = Classifier(784, 10, cfg)
    opt = optim.Adam(model.parameters(), lr=cfg.lr)
    sched = optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", patience=3)
    loss_fn = nn.NLLLoss()
    for epoch in range(cfg.epochs):
        total = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item()
        sched.step(total)
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": epoch}, "ckpt.pt")
