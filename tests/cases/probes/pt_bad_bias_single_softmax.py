import torch
import torch.nn as nn
import torch.nn.functional as F


class Scorer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.enc = nn.Linear(d, 64, bias=False)  # expect: NN201
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(64, 1)

    def forward(self, x):
        h = F.relu(self.enc(x))
        h = self.drop(h)
        return F.softmax(self.out(h), dim=-1)  # expect: NN103


def fit(model, data):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in data:
        opt.zero_grad()
        F.binary_cross_entropy(model(x), y).backward()
        opt.step()


scorer = Scorer(32)
