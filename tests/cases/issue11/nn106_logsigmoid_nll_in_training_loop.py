# FN class I20 (issue 11: `log(sigmoid)` into `nll_loss`): the model returns raw scores, and the training loop
# takes F.logsigmoid of them before F.nll_loss: per-class sigmoids are not a distribution (NN106 at the
# activation). (The variant where forward() itself returns torch.log(torch.sigmoid(...)) is already caught:
# tests/cases/nn106_log_sigmoid_nll.py.)
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
for data, target in []:
    optimizer.zero_grad()
    output = F.logsigmoid(model(data))  # expect: NN106
    loss = F.nll_loss(output, target)
    loss.backward()
    optimizer.step()
