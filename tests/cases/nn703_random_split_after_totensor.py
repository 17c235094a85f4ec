# A ToTensor dataset split with random_split and wrapped in a Subset still gives 0–1 batches.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset, random_split
from torchvision import datasets, transforms

full = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
train_set, val_set = random_split(full, [50000, 10000])
small = Subset(train_set, range(5000))
loader = DataLoader(small, batch_size=32, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
opt = torch.optim.Adam(model.parameters())
for epoch in range(3):
    for step, (x, y) in enumerate(loader):
        x = x / 255  # expect: NN703
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
