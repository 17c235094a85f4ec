import torch
import torch.nn as nn
import torch.nn.functional as F


class MLPBlock(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.fc1 = nn.Linear(d, hidden)
        self.fc2 = nn.Linear(hidden, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class ConvBNReLU(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class SEBlock(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.fc1 = nn.Linear(c, c // r)
        self.fc2 = nn.Linear(c // r, c)

    def forward(self, x):
        s = x.mean((2, 3))
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s[:, :, None, None]


class Backbone(nn.Module):
    def __init__(self, n_cls):
        super().__init__()
        self.b1 = ConvBNReLU(3, 32)
        self.se = SEBlock(32)
        self.b2 = ConvBNReLU(32, 64)
        self.norm = nn.LayerNorm(64)
        self.mlp = MLPBlock(64, 256)
        self.fc = nn.Linear(64, n_cls)

    def forward(self, x):
        x = self.b2(self.se(self.b1(x)))
        x = x.mean((2, 3))
        x = x + self.mlp(self.norm(x))
        return self.fc(x)
