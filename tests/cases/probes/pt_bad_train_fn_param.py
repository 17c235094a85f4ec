import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, n_feat, n_cls):
        super().__init__()
        self.fc1 = nn.Linear(n_feat, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, n_cls)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.sigmoid(self.fc2(x))  # expect: NN111
        x = self.fc3(x)
        return x


def train(model, loader, epochs=10):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    crit = nn.NLLLoss()  # expect: NN104
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
        for g in opt.param_groups:
            g["lr"] *= 0.9  # expect: NN501


net = Net(20, 4)
