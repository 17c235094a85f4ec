import torch
from torch import nn
from torch.utils.data import DataLoader


class SqueezeExcite(nn.Module):
    def __init__(self, c, r=16):
        super().__init__()
        self.fc = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(c, c // r, 1),
            nn.ReLU(inplace=True),
            nn.Conv2d(c // r, c, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return x * self.fc(x)


class Bottleneck(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c // 4, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c // 4)
        self.conv2 = nn.Conv2d(c // 4, c // 4, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c // 4)
        self.conv3 = nn.Conv2d(c // 4, c, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(c)
        self.se = SqueezeExcite(c)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.se(self.bn3(self.conv3(out)))
        out += x
        return self.relu(out)


class SENet(nn.Module):
    def __init__(self, n_cls=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True))
        self.layer = nn.Sequential(Bottleneck(64), Bottleneck(64))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, n_cls)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

    def forward(self, x):
        x = self.pool(self.layer(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


def train(model, train_set, epochs):
    loader = DataLoader(train_set, batch_size=128, shuffle=True, drop_last=True)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    crit = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            crit(model(x), y).backward()
            opt.step()


def evaluate(model, test_set):
    test_loader = DataLoader(test_set, batch_size=1, shuffle=False)
    model.eval()
    with torch.no_grad():
        return sum((model(x).argmax(1) == y).item() for x, y in test_loader) / len(test_set)


if __name__ == "__main__":
    net = SENet()
    train(net, None, 1)
