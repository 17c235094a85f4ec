import torch.nn as nn


def conv_bn_relu(c_in, c_out):
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


def make_features(c):
    return nn.Sequential(nn.Conv2d(3, c, 3), nn.ReLU())


def build_regressor(n):
    return nn.Sequential(nn.Linear(n, 32), nn.ReLU(), nn.Linear(32, 1), nn.ReLU())  # expect: NN101
