import math
import torch.nn as nn


class TanhNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 20)
        self.fc2 = nn.Linear(20, 1)
        nn.init.xavier_normal_(self.fc1.weight)
        n = self.fc2.in_features
        nn.init.normal_(self.fc2.weight, 0, math.sqrt(2.0 / n))
        nn.init.uniform_(self.fc2.bias, -0.1, 0.1)

    def forward(self, x):
        return self.fc2(self.fc1(x).tanh())  # expect: NN111
