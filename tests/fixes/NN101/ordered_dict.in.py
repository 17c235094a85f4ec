from collections import OrderedDict

import torch.nn as nn

model = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(4, 8)),
    ("act1", nn.ReLU()),
    ("fc2", nn.Linear(8, 1)),
    ("act2", nn.ReLU()),
]))
