import torch
import torch.nn as nn
import torchvision
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR, StepLR
from torch.utils.data import DataLoader


def build_model(num_classes):
    model = torchvision.models.resnet18(weights=None)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model


def main(train_ds, val_ds, epochs=90):
    model = build_model(100)
    train_loader = DataLoader(train_ds, batch_size=256, shuffle=True, num_workers=8)
    val_loader = DataLoader(val_ds, batch_size=1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    warm = LinearLR(optimizer, start_factor=0.01, total_iters=5)
    cosine = CosineAnnealingLR(optimizer, T_max=epochs - 5)
    scheduler = SequentialLR(optimizer, [warm, cosine], milestones=[5])
    criterion = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            loss = criterion(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
        torch.save(model.state_dict(), f"resnet_{epoch}.pth")
    head_opt = torch.optim.Adadelta(model.fc.parameters(), lr=1.0)
    head_sched = StepLR(head_opt, step_size=10, gamma=0.5)
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in val_loader:
            correct += (model(x).argmax(1) == y).sum().item()
    return correct
