import torch
from torch.nn import init


def init_weights(m):
    if isinstance(m, torch.nn.Linear):
        init.normal_(m.weight, std=0.01)
    elif isinstance(m, torch.nn.Conv2d):
        init.uniform_(m.weight, -0.1, 0.1)


model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
model.apply(init_weights)
