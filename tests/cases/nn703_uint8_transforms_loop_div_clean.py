# Clean look-alike of nn703_loader_batches_after_totensor: PILToTensor and ToDtype without scale=True keep
# 0–255 values, so the loop's / 255 is the only scaling.
import torch
import torch.nn as nn
from torchvision import datasets, transforms
from torchvision.transforms import v2

train = datasets.CIFAR10("data", train=True, transform=transforms.PILToTensor())
extra = datasets.CIFAR10("data", train=False, transform=v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32)]))
loader = torch.utils.data.DataLoader(torch.utils.data.ConcatDataset([train, extra]), batch_size=64)
plain = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for images, labels in plain:
    images = images.float() / 255.0
    loss = nn.functional.cross_entropy(model(images), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
for images, labels in loader:
    images = images / 255.0
