# FN class I11 (issue 11): the argparse namespace is called `opt` (`Net(upscale_factor=opt.upscale_factor)`); it
# was mistaken for an optimizer, which hid the NN402 on the per-epoch model-only checkpoint of an Adam-trained
# model.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import argparse

import torch
import torch.nn as nn
import torch.optim as optim

parser = argparse.ArgumentParser(description="Super Res Example")
parser.add_argument("--upscale_factor", type=int, required=True)
parser.add_argument("--nEpochs", type=int, default=2)
parser.add_argument("--lr", type=float, default=0.01)
opt = parser.parse_args()


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super(Net, self).__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 64, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(64, 32, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(32, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        return self.pixel_shuffle(self.conv3(x))


model = Net(upscale_factor=opt.upscale_factor)
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=opt.lr)


def train(epoch):
    for input, target in []:
        optimizer.zero_grad()
        loss = criterion(model(input), target)
        loss.backward()
        optimizer.step()


def checkpoint(epoch):
    model_out_path = "model_epoch_{}.pth".format(epoch)
    torch.save(model, model_out_path)  # expect: NN402


for epoch in range(1, opt.nEpochs + 1):
    train(epoch)
    checkpoint(epoch)
