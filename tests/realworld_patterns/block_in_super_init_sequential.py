"""A block passed to `super().__init__(...)` of an nn.Sequential subclass is used by that model.

torchvision segmentation/deeplabv3.py: `DeepLabHead(nn.Sequential)` calls `super().__init__(ASPP(...), ...)`;
ASPP (its output ends in ReLU, Dropout) is not a model.
"""
import torch
import torch.nn as nn


class ASPP(nn.Module):
    def __init__(self, in_channels, out_channels=64):
        super().__init__()
        self.branch = nn.Conv2d(in_channels, out_channels, 1)
        self.project = nn.Sequential(
            nn.Conv2d(out_channels, out_channels, 1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(),
            nn.Dropout(0.5),
        )

    def forward(self, x):
        return self.project(self.branch(x))


class Head(nn.Sequential):
    def __init__(self, in_channels, num_classes):
        super().__init__(
            ASPP(in_channels),
            nn.Conv2d(64, num_classes, 1),
        )
