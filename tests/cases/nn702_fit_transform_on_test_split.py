"""A second fit on the test split: fit_transform(x_test) re-fits the training scaler."""
import pandas as pd
import torch
from torch import nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import RobustScaler

table = pd.read_csv("energy.csv")
inputs, outputs = table.iloc[:, :8].values, table.iloc[:, 8].values
x_tr, x_te, y_tr, y_te = train_test_split(inputs, outputs, test_size=0.3)
scaler = RobustScaler()
x_tr = scaler.fit_transform(x_tr)
x_te = scaler.fit_transform(x_te)  # expect: NN702

other = RobustScaler()
other.fit(x_te)  # expect: NN702

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters())
for epoch in range(10):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(torch.tensor(x_tr, dtype=torch.float32)).squeeze(1),
                                  torch.tensor(y_tr, dtype=torch.float32))
    loss.backward()
    opt.step()
