import torch
from torch import nn


class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 16, 3), nn.ReLU(),
            nn.Conv2d(16, 32, 3), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.obj = nn.Linear(32, 1)

    def forward(self, img):
        return self.obj(self.backbone(img)).squeeze(-1)


def step(model, batch, opt):
    imgs, targets = batch
    pred = model(imgs)
    loss = nn.functional.binary_cross_entropy(pred, targets)  # expect: NN104
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss


detector = Detector()
optimizer = torch.optim.SGD(detector.parameters(), lr=0.01, momentum=0.9)
