"""Clean: torchvision ToTensor then Normalize — the recommended order, scaled once."""
import torch
from torch import nn
from torchvision import datasets, transforms

pipeline = transforms.Compose([transforms.RandomCrop(28, padding=2), transforms.ToTensor(),
                               transforms.Normalize((0.1307,), (0.3081,))])
train = datasets.MNIST("data", train=True, download=True, transform=pipeline)
loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for x, y in loader:
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()
