# FP class I7 (issue 11: NN201 on a layer assigned into a library model). `model.conv1 = nn.Conv2d(..., bias=False)`
# replaces the stem of a torchvision ResNet, whose forward() feeds conv1 into bn1: the consumer lives in code nnlint
# cannot see, so it stays silent.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import torch
import torch.nn as nn
import torchvision

model = torchvision.models.resnet18(num_classes=10)
model.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
model.maxpool = nn.Identity()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
criterion = nn.CrossEntropyLoss()
