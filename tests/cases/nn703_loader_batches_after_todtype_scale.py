# Source: probe_data failure repro (held-out review of issue 12; corpus t30).
# MISS (NN703): same as the ToTensor case with torchvision v2 ToDtype(scale=True) (already 0-1) and `.float() / 255` in the loop (corpus: t30).
import torch
import torch.nn as nn
from torchvision import datasets
from torchvision.transforms import v2

tf = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
loader = torch.utils.data.DataLoader(datasets.CIFAR10("data", train=True, transform=tf), batch_size=128, shuffle=True)
model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for inputs, targets in loader:
    inputs = inputs.float() / 255  # expect: NN703
    loss = nn.functional.cross_entropy(model(inputs), targets)
    opt.zero_grad()
    loss.backward()
    opt.step()
