import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class Generator(nn.Module):
    def __init__(self, nz=100, ngf=64):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, 3, 4, 2, 1),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.main(z)


class Discriminator(nn.Module):
    def __init__(self, ndf=64):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(3, ndf, 4, 2, 1),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, 1, 4, 1, 0),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.main(x).view(-1)


def init_weights(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.kaiming_normal_(m.weight, a=0.2, nonlinearity="leaky_relu")
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def train(dataset, epochs, nz=100):
    netG, netD = Generator(), Discriminator()
    netG.apply(init_weights)
    netD.apply(init_weights)
    criterion = nn.BCELoss()
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    loader = DataLoader(dataset, batch_size=128, shuffle=True, num_workers=2)
    for epoch in range(epochs):
        for real, _ in loader:
            b = real.size(0)
            optD.zero_grad()
            out_real = netD(real)
            lossD = criterion(out_real, torch.ones(b))
            fake = netG(torch.randn(b, nz, 1, 1))
            lossD = lossD + criterion(netD(fake.detach()), torch.zeros(b))
            lossD.backward()
            optD.step()
            optG.zero_grad()
            lossG = criterion(netD(fake), torch.ones(b))
            lossG.backward()
            optG.step()
        torch.save({"G": netG.state_dict(), "D": netD.state_dict(),
                    "optG": optG.state_dict(), "optD": optD.state_dict()}, f"dcgan_{epoch}.pt")
