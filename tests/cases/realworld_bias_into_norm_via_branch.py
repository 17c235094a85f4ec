"""torchvision densenet: the conv's output leaves a helper method, is bound under an if/else, then goes
straight into a BatchNorm after the branch."""
import torch
import torch.nn as nn
import torch.utils.checkpoint as cp


class DenseLayer(nn.Module):
    def __init__(self, c, growth, memory_efficient=False):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(c)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(c, 4 * growth, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(4 * growth)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(4 * growth, growth, kernel_size=3, padding=1, bias=False)  # expect: NN201
        self.memory_efficient = memory_efficient

    def bn_function(self, inputs):
        return self.conv1(self.relu1(self.norm1(torch.cat(inputs, 1))))

    def call_checkpoint_bottleneck(self, inputs):
        def closure(*parts):
            return self.bn_function(parts)

        return cp.checkpoint(closure, *inputs, use_reentrant=False)

    def forward(self, x):
        features = [x]
        if self.memory_efficient:
            bottleneck = self.call_checkpoint_bottleneck(features)
        else:
            bottleneck = self.bn_function(features)
        return self.conv2(self.relu2(self.norm2(bottleneck)))


class DenseNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = DenseLayer(64, 32)
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        return self.head(self.layer(x).mean((2, 3)))
