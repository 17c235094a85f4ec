# v4 probe, clean: saves that are not checkpoints to resume from. A single export after training; a best-metric
# save in a script that never resumes (its later load is followed by evaluation only); a save of the untrained
# weights before training; a vocabulary saved with torch.save. (With a checkpoint that includes the optimizer
# anywhere in the file, nnlint is silent on all of them already: see guards/.)
# Distilled from bentrevett/pytorch-seq2seq@b3cd54c:"1 - Sequence to Sequence Learning with Neural Networks.ipynb"
# (lines 402-426), L1aoXingyu/pytorch-beginner@a57dd7e:08-AutoEncoder/simple_autoencoder.py:84 and the v4
# decision text (rules.md, "NN402").
import torch
import torch.nn as nn

vocab = {"<pad>": 0, "<unk>": 1}
torch.save(vocab, "vocab.pt")

model = nn.Sequential(nn.Embedding(1000, 64), nn.Flatten(), nn.Linear(64 * 20, 2))
torch.save(model.state_dict(), "init.pt")
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()


def evaluate(loader):
    model.eval()
    with torch.no_grad():
        return sum(criterion(model(x), y).item() for x, y in loader)


best = float("inf")
for epoch in range(20):
    model.train()
    for x, y in []:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()
    valid_loss = evaluate([])
    if valid_loss < best:
        best = valid_loss
        torch.save(model.state_dict(), "best.pt")

torch.save(model.state_dict(), "final.pt")
model.load_state_dict(torch.load("best.pt"))
print("test loss", evaluate([]))
