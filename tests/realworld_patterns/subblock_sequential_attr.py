"""A Sequential stored on `self` inside a module class is a block of that model, not a model.

torchvision alexnet/densenet/shufflenetv2/mnasnet/video.resnet, timm hrnet/visformer/volo/dla,
transformers glpn/mask2former/oneformer/swin2sr all build stems and blocks this way.
"""
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1),
            nn.ReLU(inplace=True),
        )
        self.head = nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = x.mean((2, 3))
        return self.head(x)
