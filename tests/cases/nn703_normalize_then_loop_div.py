# Source: probe_data2 (the data2 helper's held-out set), a16: ToTensor + Normalize in the dataset, / 255 in the loop.
import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
])
trainset = torchvision.datasets.CIFAR10(root="./data", train=True, download=True, transform=transform)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=64, shuffle=True)

net = torchvision.models.vgg11(num_classes=10)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
for epoch in range(20):
    for inputs, labels in trainloader:
        inputs = inputs / 255.0  # expect: NN703
        optimizer.zero_grad()
        loss = nn.CrossEntropyLoss()(net(inputs), labels)
        loss.backward()
        optimizer.step()
