# Look-alike of clean_blocks_in_class_with_project_base.py (fresh held-out audit, audit2): a classifier whose
# base is the project's own class from another file is a module all the same (it defines `forward` and stores
# torch layers on `self`), so a LeakyReLU on the logits it feeds to CrossEntropyLoss is NN101.
# Distilled from wtberry/ML_summer_projects@023cbae:CNN/model.py:54 with the base class of
# AntixK/PyTorch-VAE@a6896b9:models/vanilla_vae.py:8.
import torch
from torch import nn
from torch.nn import functional as F

from models.base import BaseModel


class CNN(BaseModel):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 32, kernel_size=3)
        self.blocks = nn.Sequential(nn.Linear(5408, 128), nn.LeakyReLU())
        self.dense = nn.Linear(128, 10)

    def forward(self, x):
        out = self.blocks(torch.flatten(F.max_pool2d(self.conv(x), 2), 1))
        return F.leaky_relu(self.dense(out))  # expect: NN101


model = CNN()
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.01)
criterion = nn.CrossEntropyLoss()
for data, target in []:
    optimizer.zero_grad()
    criterion(model(data), target).backward()
    optimizer.step()
