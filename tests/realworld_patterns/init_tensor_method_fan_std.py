"""`m.weight.data.normal_(0, math.sqrt(2.0 / fan_out))`: the std (2nd positional arg) is fan-derived.

timm efficientnet/mobilenetv3/ghostnet `_init_weight_goog`, timm rexnet/hrnet: He init written by hand.
nnlint reads the mean (0) as the std.
"""
import math
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(16, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                fan_out = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.data.normal_(0, math.sqrt(2.0 / fan_out))
            elif isinstance(m, nn.Linear):
                fan_in = m.weight.size(1)
                m.weight.data.uniform_(-1.0 / math.sqrt(fan_in), 1.0 / math.sqrt(fan_in))

    def forward(self, x):
        return self.fc(self.relu(self.conv(x)).mean((2, 3)))
