import math
import torch
import torch.nn as nn
import torch.nn.functional as F


class AdditiveAttention(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.W = nn.Linear(d, d)
        self.v = nn.Linear(d, 1, bias=False)  # a one-unit scorer into a softmax: the softmax cancels a bias

    def forward(self, h):
        score = self.v(torch.tanh(self.W(h)))
        weights = F.softmax(score, dim=1)
        return (weights * h).sum(1)


class GatedUnit(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj = nn.Linear(d, d)
        self.gate = nn.Linear(d, d)

    def forward(self, x):
        return self.proj(x) * torch.sigmoid(self.gate(x))


class TextClassifier(nn.Module):
    def __init__(self, vocab, d, n_cls):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.rnn = nn.LSTM(d, d, batch_first=True)
        self.attn = AdditiveAttention(d)
        self.glu = GatedUnit(d)
        self.out = nn.Linear(d, n_cls)
        nn.init.normal_(self.emb.weight, mean=0.0, std=0.02)
        nn.init.normal_(self.out.weight, std=1.0 / math.sqrt(d))
        nn.init.zeros_(self.out.bias)

    def forward(self, tokens):
        h, _ = self.rnn(self.emb(tokens))
        ctx = self.attn(h)
        return self.out(self.glu(ctx))


def train(model, loader, epochs):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, "txt.pt")


if __name__ == "__main__":
    net = TextClassifier(10000, 128, 5)
