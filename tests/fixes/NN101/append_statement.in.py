import torch.nn as nn

layers = [nn.Linear(4, 8), nn.ReLU()]
layers.append(nn.Linear(8, 1))
layers.append(nn.ReLU())
model = nn.Sequential(*layers)
