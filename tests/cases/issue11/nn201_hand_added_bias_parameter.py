# FP class (fresh held-out audit, audit2): a layer built with bias=False whose output gets a bias the class
# creates itself (`self.bias = nn.Parameter(torch.zeros(...))`, added right after: `x = self.pointwise(x)` then
# `x += self.bias`, or `self.proj(x) + self.proj_bias`) has a bias: NN201 is silent. Look-alikes that fire: the
# depthwise conv before it (affine into affine, no norm: by the letter NN201) and a bias-free projection whose
# output is added to the block's input (a residual, not a bias).
# Distilled from the lead of the previous fresh audit (issue 11): ConvBERT's SeparableConv1D in
# huggingface/transformers models/convbert/modeling_convbert.py, written here from its description.
import torch
import torch.nn as nn


class SeparableConv1D(nn.Module):
    def __init__(self, input_filters, output_filters, kernel_size):
        super().__init__()
        self.depthwise = nn.Conv1d(input_filters, input_filters, kernel_size=kernel_size, groups=input_filters,
                                   padding=kernel_size // 2, bias=False)  # expect: NN201
        self.pointwise = nn.Conv1d(input_filters, output_filters, kernel_size=1, bias=False)
        self.bias = nn.Parameter(torch.zeros(output_filters, 1))

    def forward(self, hidden_states):
        x = self.depthwise(hidden_states.transpose(1, 2))
        x = self.pointwise(x)
        x += self.bias
        return x.transpose(1, 2)


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj = nn.Linear(d, d, bias=False)
        self.proj_bias = nn.Parameter(torch.zeros(d))
        self.mix = nn.Linear(d, d, bias=False)  # expect: NN201
        self.out = nn.Linear(d, 2)

    def forward(self, x):
        h = torch.relu(self.proj(x) + self.proj_bias)
        h = torch.relu(self.mix(h) + x)
        return self.out(h)


model = nn.Sequential(SeparableConv1D(16, 16, 3), nn.Flatten(), Mlp(16 * 32))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
