"""Clean: integer token ids read from a CSV go into an Embedding first layer."""
import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

ids = pd.read_csv("tokens.csv").values.astype(np.int64)
targets = np.load("targets.npy")


class Tagger(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True)
        self.out = nn.Linear(dim, 5)

    def forward(self, tokens):
        hidden, _ = self.rnn(self.embed(tokens))
        return self.out(hidden[:, -1])


model = Tagger(10000, 64)
loader = DataLoader(TensorDataset(torch.from_numpy(ids), torch.from_numpy(targets)), batch_size=32)
opt = torch.optim.Adam(model.parameters())
for tokens, target in loader:
    opt.zero_grad()
    nn.functional.cross_entropy(model(tokens), target).backward()
    opt.step()
