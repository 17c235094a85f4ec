# FP class I4 (issue 11: "a GAN generator's sigmoid image is the discriminator's input; the loss is on the
# discriminator's logits"). Data flows from one model into another: the sigmoid belongs to the generator's image,
# the BCE-with-logits loss sees the discriminator's raw logits. No NN102/NN104/NN105 finding.
# Source: the pattern as issue 11 describes it (its real-code source is in the held-out set, not in this corpus).
import torch
import torch.nn as nn

latent_dim = 64


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(latent_dim, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid())

    def forward(self, z):
        return self.net(z)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))

    def forward(self, x):
        return self.net(x)


G, D = Generator(), Discriminator()
criterion = nn.BCEWithLogitsLoss()
opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))

for real, _ in []:
    z = torch.randn(real.size(0), latent_dim)
    fake = G(z)
    d_loss = criterion(D(real.view(-1, 784)), torch.ones(real.size(0), 1)) + \
        criterion(D(fake.detach()), torch.zeros(real.size(0), 1))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = criterion(D(fake), torch.ones(real.size(0), 1))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
