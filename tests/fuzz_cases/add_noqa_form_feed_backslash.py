# fuzz case (mutant with a form feed): `--add-noqa` wrote `# noqa: NN101` after the backslash of the
# model's line and broke the file: it numbered lines with str.splitlines, which also splits at the
# form feed below, so the line that ends in a backslash was not known to be one.
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)); \
    head = nn.ReLU()
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), \
    nn.ReLU())
