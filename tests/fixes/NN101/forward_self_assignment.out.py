import torch.nn as nn
import torch.nn.functional as F


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        y = self.out(h)
        # clip

        return y
