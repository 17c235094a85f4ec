# Keep-it case from issue 11 ("NN101 on a trained model's ReLU projection head is correct; keep it"): the model
# that is trained ends in a ReLU after its projection head, and its output feeds the contrastive loss directly.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, dim=128):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.projection = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, dim), nn.ReLU())  # expect: NN101

    def forward(self, x):
        return self.projection(self.backbone(x))


def nt_xent(z1, z2, temperature=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.t() / temperature
    n = z1.size(0)
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim.fill_diagonal_(float("-inf")), targets)


model = Encoder()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
for x1, x2 in []:
    loss = nt_xent(model(x1), model(x2))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
