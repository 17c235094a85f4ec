import torch
import torch.nn as nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(10, 32), nn.ReLU())
        self.out = nn.Sequential(nn.Linear(32, 1), nn.ReLU())  # expect: NN101

    def forward(self, x):
        return self.out(self.features(x))


model = Regressor()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
