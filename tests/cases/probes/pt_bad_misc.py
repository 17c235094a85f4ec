import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class MultiLabelNet(nn.Module):
    def __init__(self, n_in, n_labels):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 256)
        self.bn = nn.BatchNorm1d(256)
        self.fc2 = nn.Linear(256, n_labels)

    def forward(self, x):
        x = F.relu(self.bn(self.fc1(x)))
        return torch.log(torch.sigmoid(self.fc2(x)))  # expect: NN106


def train(ds, epochs):
    model = MultiLabelNet(300, 20)
    optimizer = torch.optim.RAdam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.1)  # expect: NN501
    loader = DataLoader(ds, batch_size=1, shuffle=True)  # expect: NN601
    criterion = nn.NLLLoss()
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        sched.step()
        torch.save(model, f"model_{epoch}.pt")  # expect: NN402
