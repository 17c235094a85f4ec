import torch.nn as nn

model = nn.Sequential(
    nn.Linear(13, 64),  # hidden
    nn.ReLU(),
    # the head
    nn.Linear(64, 1),
    # squash it
)
