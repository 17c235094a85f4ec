import torch
from torch.nn import init


def init_weights(m):
    if isinstance(m, torch.nn.Linear):
        init.kaiming_normal_(m.weight, nonlinearity="tanh")
    elif isinstance(m, torch.nn.Conv2d):
        init.kaiming_uniform_(m.weight, nonlinearity="tanh")


model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
model.apply(init_weights)
