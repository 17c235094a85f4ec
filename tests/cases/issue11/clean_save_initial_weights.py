# FP class I8b (issue 11: NN402 on initial weights saved so that two runs share a start). The untrained weights are
# saved before training and loaded into the second model before it trains: an experiment's common starting point,
# not a checkpoint of the trained model (v4: "saves before training starts" are silent).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import torch
import torch.nn as nn


def make_model():
    return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))


def train(model, optimizer, loader, epochs=10):
    criterion = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()


model_a = make_model()
torch.save(model_a.state_dict(), "init.pt")
model_b = make_model()
model_b.load_state_dict(torch.load("init.pt"))

train(model_a, torch.optim.Adam(model_a.parameters(), lr=1e-3), [])
train(model_b, torch.optim.SGD(model_b.parameters(), lr=1e-2, momentum=0.9), [])
