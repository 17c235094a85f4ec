# FP class (fresh held-out audit, audit2): a model class whose base is the project's own class from another
# file (`class VanillaVAE(BaseVAE)`, `from models import BaseVAE`) was not recognised as a module, so the
# conv-BN-LeakyReLU blocks it appends to a list were each taken for a model and their LeakyReLU for the
# model's output (NN101). A class that defines `forward` and stores torch layers on `self` is a module.
# Distilled from AntixK/PyTorch-VAE@a6896b9:models/vanilla_vae.py:26-35 (and the 24 sibling VAE files).
import torch
from torch import nn
from torch.nn import functional as F

from models import BaseVAE


class VanillaVAE(BaseVAE):
    def __init__(self, in_channels: int, latent_dim: int, hidden_dims=None) -> None:
        super().__init__()
        modules = []
        if hidden_dims is None:
            hidden_dims = [32, 64, 128, 256, 512]
        for h_dim in hidden_dims:
            modules.append(
                nn.Sequential(
                    nn.Conv2d(in_channels, out_channels=h_dim, kernel_size=3, stride=2, padding=1),
                    nn.BatchNorm2d(h_dim),
                    nn.LeakyReLU())
            )
            in_channels = h_dim
        self.encoder = nn.Sequential(*modules)
        self.fc_mu = nn.Linear(hidden_dims[-1] * 4, latent_dim)
        self.fc_var = nn.Linear(hidden_dims[-1] * 4, latent_dim)
        self.decoder_input = nn.Linear(latent_dim, hidden_dims[-1] * 4)
        self.final_layer = nn.Sequential(
            nn.ConvTranspose2d(hidden_dims[-1], hidden_dims[-1], kernel_size=3, stride=2, padding=1,
                               output_padding=1),
            nn.BatchNorm2d(hidden_dims[-1]),
            nn.LeakyReLU(),
            nn.Conv2d(hidden_dims[-1], out_channels=3, kernel_size=3, padding=1),
            nn.Tanh())

    def encode(self, x):
        result = torch.flatten(self.encoder(x), start_dim=1)
        return [self.fc_mu(result), self.fc_var(result)]

    def decode(self, z):
        return self.final_layer(self.decoder_input(z).view(-1, 512, 2, 2))

    def forward(self, x, **kwargs):
        mu, log_var = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var)
        return [self.decode(z), x, mu, log_var]

    def loss_function(self, recons, x, mu, log_var):
        kld = torch.mean(-0.5 * torch.sum(1 + log_var - mu ** 2 - log_var.exp(), dim=1), dim=0)
        return F.mse_loss(recons, x) + kld
