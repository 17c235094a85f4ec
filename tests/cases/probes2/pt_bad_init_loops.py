import torch
import torch.nn as nn
import torch.nn.functional as F


class TokenMixer(nn.Module):
    def __init__(self, n_tokens, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(n_tokens, 4 * n_tokens)
        self.fc2 = nn.Linear(4 * n_tokens, n_tokens)

    def forward(self, x):
        y = self.norm(x).transpose(1, 2)
        y = self.fc2(F.gelu(self.fc1(y)))
        return x + y.transpose(1, 2)


class Mixer(nn.Module):
    def __init__(self, n_tokens=64, dim=256, depth=8, n_cls=1000):
        super().__init__()
        self.stem = nn.Linear(48, dim)
        self.blocks = nn.Sequential(*[TokenMixer(n_tokens, dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, n_cls)
        self.apply(self._init)

    def _init(self, m):
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)  # v4: NN303 (opt-in), the network has LayerNorm
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.head(self.norm(x).mean(1))


class ConvStem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 64, 3, padding=1)
        self.fc = nn.Linear(64, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.data.normal_(mean=0.0, std=0.01)  # v4: NN303 (opt-in), a file with LayerNorm, class unused here
                m.bias.data.zero_()

    def forward(self, x):
        return self.fc(F.relu(self.conv(x)).mean((2, 3)))


def train(loader):
    model = Mixer()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for step, (x, y) in enumerate(loader):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        for g in opt.param_groups:
            g["lr"] = g["lr"] * 0.9995  # expect: NN501
    torch.save({"model": model.state_dict(), "opt": opt.state_dict()}, "mixer.pt")
