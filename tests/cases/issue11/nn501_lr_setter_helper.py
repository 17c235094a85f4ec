# FN class I17 (issue 11): LR decay through a variable decayed by hand and written back with a setter helper
# (`curr_lr /= 3; update_lr(optimizer, curr_lr)`) on Adam: a manual step decay (NN501 at the decay statement).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import torch
import torch.nn as nn

num_epochs = 80
learning_rate = 0.001


class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
        self.fc = nn.Linear(14 * 14 * 16, num_classes)

    def forward(self, x):
        return self.fc(self.layer1(x).reshape(x.size(0), -1))


model = ConvNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)


def update_lr(optimizer, lr):
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr


curr_lr = learning_rate
for epoch in range(num_epochs):
    for images, labels in []:
        loss = criterion(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if (epoch + 1) % 20 == 0:
        curr_lr /= 3  # expect: NN501
        update_lr(optimizer, curr_lr)
