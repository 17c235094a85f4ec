"""conv1's output reaches norm2 through a helper method's return (torchvision densenet._DenseLayer)."""
import torch
import torch.nn as nn


class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(cin, 4 * growth, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(4 * growth)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(4 * growth, growth, kernel_size=3, padding=1)

    def bottleneck(self, inputs):
        features = torch.cat(inputs, 1)
        out = self.conv1(self.relu1(self.norm1(features)))
        return out

    def forward(self, inputs):
        out = self.bottleneck(inputs)
        return self.conv2(self.relu2(self.norm2(out)))
