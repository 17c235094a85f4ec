import torch.nn as nn


def make_mlp(sizes):
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(fan_in, fan_out))
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


model = make_mlp([8, 64, 1])
