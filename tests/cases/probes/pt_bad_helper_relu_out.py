import torch
from torch import nn


def make_layer(n_in, n_out):
    return [nn.Linear(n_in, n_out), nn.ReLU()]


class Regressor(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.hidden = nn.Sequential(*make_layer(sizes[0], sizes[1]), *make_layer(sizes[1], sizes[2]))
        self.head = nn.Linear(sizes[2], 1)
        self.act = nn.ReLU()

    def forward(self, x):
        h = self.hidden(x)
        return self.act(self.head(h))  # expect: NN101


def run(loader):
    model = Regressor([16, 64, 32])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)  # expect: NN502
    loss_fn = nn.MSELoss()
    for xb, yb in loader:
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
    torch.save(model.state_dict(), "reg.pt")  # contract v4: one save after training, in a script that never resumes, is an export, not a checkpoint
