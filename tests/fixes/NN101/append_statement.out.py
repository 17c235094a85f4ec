import torch.nn as nn

layers = [nn.Linear(4, 8), nn.ReLU()]
layers.append(nn.Linear(8, 1))
model = nn.Sequential(*layers)
