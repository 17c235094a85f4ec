# FP class I3 (issue 11: "a generator whose real output comes from a helper with branches (nnlint reported the last
# activation it could see instead of staying silent)"). The generator's layers come from a helper that appends
# tanh or ReLU depending on its arguments; the flow cannot be followed with certainty, so the contract says silent.
# Source: the pattern as issue 11 describes it (its real-code source is in the held-out set, not in this corpus).
import torch
import torch.nn as nn


def up_block(in_ch, out_ch, last=False):
    layers = [nn.ConvTranspose2d(in_ch, out_ch, 4, 2, 1)]
    if last:
        layers.append(nn.Tanh())
    else:
        layers += [nn.BatchNorm2d(out_ch), nn.ReLU(True)]
    return layers


class Generator(nn.Module):
    def __init__(self, nz=100, ngf=64, nc=3):
        super().__init__()
        blocks = [nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0), nn.BatchNorm2d(ngf * 8), nn.ReLU(True)]
        chans = [ngf * 8, ngf * 4, ngf * 2, ngf]
        for i in range(len(chans) - 1):
            blocks += up_block(chans[i], chans[i + 1])
        blocks += up_block(ngf, nc, last=True)
        self.main = nn.Sequential(*blocks)

    def forward(self, z):
        return self.main(z)


netG = Generator()
optimizerG = torch.optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
