"""A class that wraps an activation function is an activation layer, not a model.

timm.layers.activations.GELU, keras.src.layers.activations.ReLU/ELU/LeakyReLU,
transformers.activations.SiLUActivation: a module with no learned layer whose forward/call
returns an activation of its input.
"""
import torch.nn as nn
import torch.nn.functional as F


class GELU(nn.Module):
    def __init__(self, inplace: bool = False):
        super().__init__()

    def forward(self, x):
        return F.gelu(x)


class SiLU(nn.Module):
    def forward(self, x):
        return F.silu(x)
