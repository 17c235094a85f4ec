"""Sequentials built into a list / ModuleList inside a module class are blocks, not models.

torchvision fcos/retinanet heads, timm hrnet `_make_transition_layer`, timm/transformers focalnet.
"""
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, channels=(16, 32), num_classes=10):
        super().__init__()
        layers = []
        in_ch = 3
        for ch in channels:
            layers.append(nn.Sequential(nn.Conv2d(in_ch, ch, 3, padding=1), nn.BatchNorm2d(ch), nn.ReLU()))
            in_ch = ch
        self.blocks = nn.ModuleList(layers)
        convs = []
        for _ in range(2):
            convs.append(nn.Conv2d(in_ch, in_ch, 3, padding=1))
            convs.append(nn.ReLU())
        self.tower = nn.Sequential(*convs)
        self.head = nn.Linear(in_ch, num_classes)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        x = self.tower(x)
        return self.head(x.mean((2, 3)))
