import torch
import torch.nn as nn
from collections import OrderedDict


class LegacyMLP(nn.Module):
    def __init__(self, d_in, n_out):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict([
            ("fc1", nn.Linear(d_in, 300)),
            ("act1", nn.Sigmoid()),  # expect: NN111
            ("fc2", nn.Linear(300, 100, bias=False)),  # expect: NN201
            ("act2", nn.Tanh()),  # expect: NN111
            ("fc3", nn.Linear(100, n_out)),
        ]))
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)

    def forward(self, x):
        return self.layers(x.flatten(1))


class ConvSig(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 5)
        self.c2 = nn.Conv2d(16, 32, 5)
        self.fc = nn.Linear(32 * 4 * 4, 10)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        x = self.pool(torch.sigmoid(self.c1(x)))  # expect: NN111
        x = self.pool(torch.sigmoid(self.c2(x)))  # expect: NN111
        return self.fc(x.flatten(1))


def train(loader):
    model = LegacyMLP(784, 10)
    cnn = ConvSig()
    opt = torch.optim.SGD(list(model.parameters()) + list(cnn.parameters()), lr=0.1)
    crit = nn.CrossEntropyLoss()
    for x, y in loader:
        loss = crit(model(x), y) + crit(cnn(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
