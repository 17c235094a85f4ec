import torch.nn as nn

layer = nn.Conv2d(3, 16, kernel_size=3, bias=False, padding=1)
model = nn.Sequential(layer, nn.ReLU(), nn.Conv2d(16, 4, 1))
