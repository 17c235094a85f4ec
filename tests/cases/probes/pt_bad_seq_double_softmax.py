import torch
import torch.nn as nn
from torch.utils.data import DataLoader

LR = 0.02

model = nn.Sequential(
    nn.Conv2d(1, 32, 3),
    nn.BatchNorm2d(32),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 13 * 13, 10),
    nn.Softmax(dim=1),  # expect: NN102
)

criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)  # expect: NN502
scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.95)  # expect: NN501


def train_epoch(dataset):
    loader = DataLoader(dataset, shuffle=True)  # expect: NN601
    for images, labels in loader:
        optimizer.zero_grad()
        out = model(images)
        loss = criterion(out, labels)
        loss.backward()
        optimizer.step()
    scheduler.step()
