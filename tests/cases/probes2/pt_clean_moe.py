import torch
import torch.nn as nn
import torch.nn.functional as F


class Expert(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, h), nn.GELU(), nn.Linear(h, d))

    def forward(self, x):
        return self.net(x)


class MoELayer(nn.Module):
    def __init__(self, d, h, n_experts=8, top_k=2):
        super().__init__()
        self.gate = nn.Linear(d, n_experts)
        self.experts = nn.ModuleList([Expert(d, h) for _ in range(n_experts)])
        self.top_k = top_k

    def forward(self, x):
        scores = F.softmax(self.gate(x), dim=-1)
        weights, idx = scores.topk(self.top_k, dim=-1)
        weights = weights / weights.sum(-1, keepdim=True)
        out = torch.zeros_like(x)
        for k in range(self.top_k):
            for e, expert in enumerate(self.experts):
                sel = idx[..., k] == e
                if sel.any():
                    out[sel] += weights[..., k][sel, None] * expert(x[sel])
        return out


class MoEClassifier(nn.Module):
    def __init__(self, d_in, d, n_cls):
        super().__init__()
        self.embed = nn.Linear(d_in, d)
        self.norm = nn.LayerNorm(d)
        self.moe = MoELayer(d, 4 * d)
        self.head = nn.Linear(d, n_cls)

    def forward(self, x):
        h = F.gelu(self.embed(x))
        h = h + self.moe(self.norm(h))
        return self.head(h)


model = MoEClassifier(128, 256, 20)
opt = torch.optim.Adam(model.parameters(), lr=5e-4)
criterion = nn.CrossEntropyLoss()


def step(x, y):
    loss = criterion(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()
