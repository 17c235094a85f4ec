# A torch step function called once per batch by the loop: its forward pass is the training call.
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

frame = pd.read_csv("energy.csv")
X = torch.tensor(frame.drop(columns=["load"]).values, dtype=torch.float32)
y = torch.tensor(frame["load"].values, dtype=torch.float32)
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)  # expect: NN701
model = nn.Sequential(nn.Linear(X.shape[1], 64), nn.ReLU(), nn.Linear(64, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)


def train_step(xb, yb):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(xb).squeeze(1), yb)
    loss.backward()
    opt.step()
    return loss.item()


for epoch in range(20):
    for xb, yb in loader:
        train_step(xb, yb)
