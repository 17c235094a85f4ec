# Clean look-alike of nn703_loader_batches_after_totensor: the loop only shifts the 0–1 batches to -1..1.
import torch
import torch.nn as nn
from torchvision import datasets, transforms

loader = torch.utils.data.DataLoader(datasets.MNIST("data", train=True, transform=transforms.ToTensor()),
                                     batch_size=64, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for images, labels in loader:
    images = (images - 0.5) / 0.5
    loss = nn.functional.cross_entropy(model(images), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()

# the dataset's stored pixels are not transformed: one scaling
train_set = datasets.MNIST("data", train=True, transform=transforms.ToTensor())
x_all = train_set.data.float() / 255.0
