import torch
import torch.nn as nn
import torchvision


class MultiLabelHead(nn.Module):
    def __init__(self, n_labels=20):
        super().__init__()
        self.backbone = torchvision.models.resnet50(weights="IMAGENET1K_V2")
        self.backbone.fc = nn.Identity()
        self.classifier = nn.Linear(2048, n_labels)

    def forward(self, x):
        feats = self.backbone(x)
        return torch.sigmoid(self.classifier(feats))  # expect: NN102


def train(model, loader, epochs=10):
    criterion = nn.BCEWithLogitsLoss(pos_weight=torch.ones(20) * 3)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    for epoch in range(epochs):
        for images, targets in loader:
            loss = criterion(model(images), targets.float())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        torch.save(model, f"multilabel_{epoch}.pt")  # expect: NN402


if __name__ == "__main__":
    train(MultiLabelHead(), [])
