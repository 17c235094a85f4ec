import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class Discriminator(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(d, 128),
            nn.LeakyReLU(0.2),
            nn.Linear(128, 64),
            nn.LeakyReLU(0.2),
        )
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        h = self.body(x)
        return torch.sigmoid(self.head(h))


def warmup(step):
    return min(1.0, (step + 1) / 1000)


def fit(ds, test_ds):
    model = Discriminator(32)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=warmup)
    crit = nn.BCELoss()
    loader = DataLoader(ds, batch_size=64, shuffle=True)
    test_loader = DataLoader(test_ds, batch_size=1)
    for x, y in loader:
        opt.zero_grad()
        p = model(x)
        loss = crit(p, y)
        loss.backward()
        opt.step()
        sched.step()
    state = {"model": model.state_dict(), "opt": opt.state_dict()}
    torch.save(state, "disc.pt")
