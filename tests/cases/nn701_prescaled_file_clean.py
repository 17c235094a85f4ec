"""Clean: a table read from a file whose name says it was scaled before it was written."""
import numpy as np
import torch
from torch import nn

data = np.loadtxt("data/diabetes_normalized.csv", delimiter=",", dtype=np.float32)
x, y = torch.from_numpy(data[:, :-1]), torch.from_numpy(data[:, -1:])
model = nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 1), nn.Sigmoid())
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(100):
    optimizer.zero_grad()
    nn.functional.binary_cross_entropy(model(x), y).backward()
    optimizer.step()
