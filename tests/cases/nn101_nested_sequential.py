import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 2), nn.Sequential(nn.ReLU()))  # expect: NN101
