"""Clean: the TensorDataset holds raw pixels, but the training loop scales each batch before the model."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from tensorflow.keras.datasets import cifar10

(x, y), _ = cifar10.load_data()
loader = DataLoader(TensorDataset(torch.from_numpy(x).permute(0, 3, 1, 2), torch.from_numpy(y[:, 0])),
                    batch_size=64, shuffle=True)
net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.01)


def train(model, batches):
    for images, labels in batches:
        images = images.float().div(255)
        opt.zero_grad()
        nn.functional.cross_entropy(model(images), labels.long()).backward()
        opt.step()


train(net, loader)
