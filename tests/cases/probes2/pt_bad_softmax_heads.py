import torch
from torch import nn
import torch.nn.functional as F


class IntentClassifier(nn.Module):
    def __init__(self, vocab, d=128, n_intents=12):
        super().__init__()
        self.emb = nn.EmbeddingBag(vocab, d)
        self.fc = nn.Linear(d, d)
        self.out = nn.Linear(d, n_intents)

    def forward(self, tokens, offsets):
        h = F.relu(self.fc(self.emb(tokens, offsets)))
        logits = self.out(h)
        return logits.softmax(-1)  # expect: NN102


class Ranker(nn.Module):
    def __init__(self, d=64):
        super().__init__()
        self.score = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, 1), nn.Softmax(dim=-1))  # expect: NN103

    def forward(self, x):
        return self.score(x)


def evaluate(model, batches):
    total = 0.0
    with torch.no_grad():
        for tokens, offsets, y in batches:
            probs = model(tokens, offsets)
            total += F.cross_entropy(probs, y).item()
    return total / len(batches)


def train(model, batches, ranker, pairs):
    opt = torch.optim.Adam(list(model.parameters()) + list(ranker.parameters()), lr=1e-3)
    for tokens, offsets, y in batches:
        loss = F.nll_loss(torch.log(model(tokens, offsets)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    for x, y in pairs:
        loss = F.binary_cross_entropy(ranker(x).squeeze(-1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    clf, rk = IntentClassifier(5000), Ranker()
    train(clf, [], rk, [])
    print(evaluate(clf, []))
