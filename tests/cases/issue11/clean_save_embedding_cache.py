# FP class I8a (issue 11: NN402 on saves that are not checkpoints of the trained model): a word-vector cache built
# from pretrained vectors is saved with torch.save in a script that trains with Adam.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import os

import torch
import torch.nn as nn

VECTORS = "glove.6B.100d.pt"


def load_vectors(path, vocab, dim=100):
    if os.path.exists(VECTORS):
        return torch.load(VECTORS)
    table = torch.zeros(len(vocab), dim)
    with open(path) as f:
        for line in f:
            word, *values = line.split()
            if word in vocab:
                table[vocab[word]] = torch.tensor([float(v) for v in values])
    torch.save(table, VECTORS)
    return table


class Classifier(nn.Module):
    def __init__(self, vectors, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(vectors, freeze=False)
        self.rnn = nn.LSTM(vectors.size(1), 128, batch_first=True)
        self.fc = nn.Linear(128, num_classes)

    def forward(self, tokens):
        _, (h, _) = self.rnn(self.embedding(tokens))
        return self.fc(h[-1])


vocab = {"the": 0, "movie": 1}
model = Classifier(load_vectors("glove.6B.100d.txt", vocab))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(5):
    for tokens, labels in []:
        optimizer.zero_grad()
        criterion(model(tokens), labels).backward()
        optimizer.step()
