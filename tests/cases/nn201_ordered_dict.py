from collections import OrderedDict

import torch.nn as nn

features = nn.Sequential(OrderedDict([
    ("conv0", nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)),
    ("norm0", nn.BatchNorm2d(64)),
    ("relu0", nn.ReLU(inplace=True)),
    ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
    ("proj", nn.Conv2d(64, 64, kernel_size=1, bias=False)),  # expect: NN201
    ("head", nn.Conv2d(64, 10, kernel_size=1)),
]))
