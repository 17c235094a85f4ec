# Source: probe_data2 (the data2 helper's held-out set), c20: v2.ToDtype(scale=True) + Normalize, the loop only converts.
import torch
import torch.nn as nn
from torchvision import datasets, models
from torchvision.transforms import v2

train_tf = v2.Compose([
    v2.ToImage(),
    v2.RandomResizedCrop(224, antialias=True),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])
train_loader = torch.utils.data.DataLoader(datasets.ImageFolder("data/train", transform=train_tf), batch_size=32, shuffle=True)
model = models.resnet50(weights="DEFAULT")
model.fc = nn.Linear(model.fc.in_features, 5)
opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
for epoch in range(10):
    for inputs, targets in train_loader:
        inputs = inputs.float()
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(inputs), targets)
        loss.backward()
        opt.step()
