# FP class F3 (NN402 on a best-validation save in a script that never resumes: model selection, v4 silent).
# Distilled from bentrevett/pytorch-seq2seq@b3cd54c:"1 - Sequence to Sequence Learning with Neural Networks.ipynb"
# (extracted cells, line 422): the load after training is followed by test evaluation only.
import torch
import torch.nn as nn
import torch.optim as optim


class Seq2Seq(nn.Module):
    def __init__(self, vocab=8000, emb=256, hidden=512):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, 2, batch_first=True)
        self.fc_out = nn.Linear(hidden, vocab)

    def forward(self, src):
        out, _ = self.rnn(self.embedding(src))
        return self.fc_out(out)


def train_fn(model, loader, optimizer, criterion):
    model.train()
    for src, trg in loader:
        optimizer.zero_grad()
        loss = criterion(model(src).reshape(-1, 8000), trg.reshape(-1))
        loss.backward()
        optimizer.step()


def evaluate_fn(model, loader, criterion):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for src, trg in loader:
            total += criterion(model(src).reshape(-1, 8000), trg.reshape(-1)).item()
    return total / len(loader)


model = Seq2Seq()
optimizer = optim.Adam(model.parameters())
criterion = nn.CrossEntropyLoss(ignore_index=0)
train_loader = valid_loader = test_loader = []

best_valid_loss = float("inf")
for epoch in range(10):
    train_fn(model, train_loader, optimizer, criterion)
    valid_loss = evaluate_fn(model, valid_loader, criterion)
    if valid_loss < best_valid_loss:
        best_valid_loss = valid_loss
        torch.save(model.state_dict(), "tut1-model.pt")

model.load_state_dict(torch.load("tut1-model.pt"))
test_loss = evaluate_fn(model, test_loader, criterion)
print(f"| Test Loss: {test_loss:.3f} |")
