import torch
import torch.nn as nn
from torch.utils.data import DataLoader

LR = 1e-2
CFG = {"lr": 3e-4, "batch_size": 32}


class TinyCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.GroupNorm(4, 16),
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.GroupNorm(8, 32),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(32, 10),
        )

    def forward(self, x):
        return self.net(x)


def main(train_set, loader_kwargs):
    net = TinyCNN()
    adam = torch.optim.Adam(net.parameters(), lr=LR)
    head_adam = torch.optim.AdamW([{"params": net.net[-1].parameters(), "lr": CFG["lr"]}], lr=10e-3)
    sgd = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
    onecycle = torch.optim.lr_scheduler.OneCycleLR(sgd, max_lr=0.5, total_steps=1000)
    single = DataLoader(train_set, batch_size=1, shuffle=True)
    other = DataLoader(train_set, **loader_kwargs)
    crit = nn.CrossEntropyLoss()
    for loader in (single, other):
        for x, y in loader:
            loss = crit(net(x), y)
            adam.zero_grad()
            loss.backward()
            adam.step()
    torch.save({"net": net.state_dict(), "adam": adam.state_dict(), "head": head_adam.state_dict()}, "tiny.pt")
