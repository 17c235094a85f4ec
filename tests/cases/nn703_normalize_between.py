# Source: probe_data failure repro (held-out review of issue 12; corpus m02).
# MISS (NN703, contract vs docs/decisions.md): ToTensor -> Normalize -> /255 is two fixed-range scalings on one path; nnlint requires them "in a row", so an intervening Normalize hides it (corpus: m02).
import torch
import torch.nn as nn
from torchvision import datasets, transforms

tf = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.5,), (0.5,)),
    transforms.Lambda(lambda t: t / 255.0),  # expect: NN703
])
loader = torch.utils.data.DataLoader(datasets.MNIST("data", train=True, transform=tf), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for images, labels in loader:
    loss = nn.functional.cross_entropy(model(images), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
