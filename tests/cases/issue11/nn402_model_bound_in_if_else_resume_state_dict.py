# FN class I12 (issue 11): the model is bound in an if/else (build fresh, or resume from a checkpoint), which made it
# ambiguous and hid NN402 in exactly the resumable script the rule is for: the periodic checkpoint saves the model
# only, while training uses Adam. (Variant that nnlint already handles: both branches build Net().)
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import argparse

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--resume", default="")
parser.add_argument("--epochs", type=int, default=20)
args = parser.parse_args()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


if args.resume:
    model = Net()
    model.load_state_dict(torch.load(args.resume))
else:
    model = Net()

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(args.epochs):
    for x, y in []:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    torch.save(model.state_dict(), f"checkpoint_{epoch}.pt")  # expect: NN402
