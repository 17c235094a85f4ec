"""Loaders iterated through enumerate(): one scaled in the dataset, one scaled in its loop (both clean); the
test loader is fed raw to the evaluation loop."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from tensorflow.keras.datasets import mnist

(x, y), (xt, yt) = mnist.load_data()
train_loader = DataLoader(TensorDataset(torch.tensor(x, dtype=torch.float32) / 255.0, torch.tensor(y)), batch_size=64)
test_loader = DataLoader(TensorDataset(torch.tensor(xt, dtype=torch.float32), torch.tensor(yt)), batch_size=64)  # expect: NN702
raw_loader = DataLoader(TensorDataset(torch.tensor(x, dtype=torch.float32), torch.tensor(y)), batch_size=64)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
opt = torch.optim.Adam(model.parameters())
for epoch in range(2):
    for i, (images, labels) in enumerate(train_loader):
        opt.zero_grad()
        nn.functional.cross_entropy(model(images), labels).backward()
        opt.step()
    for i, (images, labels) in enumerate(raw_loader):
        images = images / 255.0
        opt.zero_grad()
        nn.functional.cross_entropy(model(images), labels).backward()
        opt.step()
model.eval()
with torch.no_grad():
    for images, labels in test_loader:
        print(model(images).argmax(1))
