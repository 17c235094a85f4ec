# Clean look-alike of nn201_conditional_norm_helper.py: the helper's norm is conditional, but every call site keeps
# batch_norm=True, so every bias-free conv goes straight into BatchNorm2d.
# Distilled from udacity/deep-learning-v2-pytorch@c9404fc:dcgan-svhn/DCGAN_Solution.ipynb (extracted cells, line 75).
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(in_channels, out_channels, kernel_size, stride=2, padding=1, batch_norm=True):
    layers = [nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias=False)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(out_channels))
    return nn.Sequential(*layers)


class Encoder(nn.Module):
    def __init__(self, conv_dim=32, num_classes=10):
        super().__init__()
        self.conv1 = conv(3, conv_dim, 4)
        self.conv2 = conv(conv_dim, conv_dim * 2, 4)
        self.fc = nn.Linear(conv_dim * 2 * 8 * 8, num_classes)

    def forward(self, x):
        out = F.relu(self.conv1(x))
        out = F.relu(self.conv2(out))
        return self.fc(out.flatten(1))


model = Encoder()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
