import torch
import torch.nn as nn
import torch.nn.functional as F


class GatedResidual(nn.Module):
    def __init__(self, ch, dilation):
        super().__init__()
        self.filter = nn.Conv1d(ch, ch, 2, dilation=dilation, padding=dilation)
        self.gate = nn.Conv1d(ch, ch, 2, dilation=dilation, padding=dilation)
        self.res = nn.Conv1d(ch, ch, 1)
        self.skip = nn.Conv1d(ch, ch, 1)

    def forward(self, x):
        T = x.shape[-1]
        z = torch.tanh(self.filter(x)[..., :T]) * torch.sigmoid(self.gate(x)[..., :T])
        return x + self.res(z), self.skip(z)


class GLUBlock(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj = nn.Linear(d, 2 * d)
        self.out = nn.Linear(d, d)

    def forward(self, x):
        a, b = self.proj(x).chunk(2, dim=-1)
        return self.out(a * torch.sigmoid(b))


class WaveNet(nn.Module):
    def __init__(self, ch=64, n_classes=256, layers=10):
        super().__init__()
        self.inp = nn.Conv1d(1, ch, 1)
        self.blocks = nn.ModuleList([GatedResidual(ch, 2 ** (i % 10)) for i in range(layers)])
        self.glu = GLUBlock(ch)
        self.post1 = nn.Conv1d(ch, ch, 1)
        self.post2 = nn.Conv1d(ch, n_classes, 1)

    def forward(self, x):
        x = self.inp(x)
        skips = 0
        for b in self.blocks:
            x, s = b(x)
            skips = skips + s
        h = self.glu(skips.transpose(1, 2)).transpose(1, 2)
        return self.post2(F.relu(self.post1(F.relu(h))))


def train_step(model, opt, audio, target):
    logits = model(audio)
    loss = F.cross_entropy(logits, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss
