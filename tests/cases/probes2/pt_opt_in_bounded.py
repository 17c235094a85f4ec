import torch
import torch.nn as nn
import torch.nn.functional as F


class DepthEstimator(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        )
        self.dec = nn.Conv2d(64, 1, 3, padding=1)

    def forward(self, x):
        return torch.sigmoid(self.dec(self.enc(x)))  # expect: NN105


class Generator(nn.Module):
    def __init__(self, nz=64):
        super().__init__()
        self.fc = nn.Linear(nz, 256)
        self.out = nn.Linear(256, 784)
        self.act = nn.Hardtanh()

    def forward(self, z):
        return self.act(self.out(F.leaky_relu(self.fc(z), 0.2)))  # expect: NN105


def train(loader, gen_loader):
    depth = DepthEstimator()
    opt = torch.optim.Adam(depth.parameters(), lr=1e-4)
    for img, d in loader:
        loss = F.mse_loss(depth(img), d)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save({"m": depth.state_dict(), "optimizer": opt.state_dict()}, "depth.pt")
