# v4 probe (NN402 is about checkpoints to resume from): a model-only save made every N epochs inside the training
# loop fires; in a script that resumes from its own checkpoints (load into the model, then train) even the save
# after training fires. Adam throughout.
# Distilled from eriklindernoren/PyTorch-GAN@36d3c77:implementations/pix2pix/pix2pix.py:69-72 and 204-207 (resume
# with --epoch, per-interval state_dict saves) and the v4 decision text (rules.md, "NN402").
import argparse

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--epoch", type=int, default=0, help="epoch to start training from")
parser.add_argument("--n_epochs", type=int, default=200)
parser.add_argument("--checkpoint_interval", type=int, default=10)
args = parser.parse_args()

generator = nn.Sequential(nn.Linear(100, 256), nn.ReLU(), nn.Linear(256, 784), nn.Tanh())
if args.epoch != 0:
    generator.load_state_dict(torch.load("saved_models/generator_%d.pth" % args.epoch))
optimizer_G = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
criterion = nn.L1Loss()

for epoch in range(args.epoch, args.n_epochs):
    for z, target in []:
        optimizer_G.zero_grad()
        criterion(generator(z), target).backward()
        optimizer_G.step()
    if args.checkpoint_interval != -1 and epoch % args.checkpoint_interval == 0:
        torch.save(generator.state_dict(), "saved_models/generator_%d.pth" % epoch)  # expect: NN402

torch.save(generator.state_dict(), "saved_models/generator_final.pth")  # expect: NN402
