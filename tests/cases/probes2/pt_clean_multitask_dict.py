import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class MultiTaskNet(nn.Module):
    def __init__(self, n_cls=5):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )
        self.cls_head = nn.Linear(64, n_cls)
        self.box_head = nn.Linear(64, 4)
        self.obj_head = nn.Linear(64, 1)

    def forward(self, x):
        f = self.backbone(x)
        return {
            "cls": self.cls_head(f),
            "box": self.box_head(f),
            "obj": self.obj_head(f).squeeze(-1),
        }


def train(dataset, epochs=10):
    model = MultiTaskNet()
    loader = DataLoader(dataset, batch_size=32, shuffle=True, num_workers=4)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    bce = nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        for img, target in loader:
            out = model(img)
            loss = (F.cross_entropy(out["cls"], target["cls"])
                    + F.smooth_l1_loss(out["box"], target["box"])
                    + bce(out["obj"], target["obj"]))
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, "mt.pt")


@torch.no_grad()
def predict(model, img):
    out = model(img)
    return out["cls"].softmax(-1), out["box"], torch.sigmoid(out["obj"])
