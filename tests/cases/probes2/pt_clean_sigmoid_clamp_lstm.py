import torch
import torch.nn as nn


class PeepholeLSTMCell(nn.Module):
    def __init__(self, d_in, d):
        super().__init__()
        self.W = nn.Linear(d_in, 4 * d)
        self.U = nn.Linear(d, 4 * d, bias=False)  # expect: NN201  (letter of the contract; see report)

    def forward(self, x, state):
        h, c = state
        i, f, g, o = (self.W(x) + self.U(h)).chunk(4, dim=-1)
        i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
        c = f * c + i * torch.tanh(g)
        h = o * torch.tanh(c)
        return h, c


class ClickModel(nn.Module):
    def __init__(self, d_in=32, d=64):
        super().__init__()
        self.cell = PeepholeLSTMCell(d_in, d)
        self.d = d
        self.attn = nn.Linear(d, 1)
        self.head = nn.Linear(d, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, seq):
        h = seq.new_zeros(seq.shape[0], self.d)
        c = torch.zeros_like(h)
        hs = []
        for t in range(seq.shape[1]):
            h, c = self.cell(seq[:, t], (h, c))
            hs.append(h)
        H = torch.stack(hs, 1)
        w = torch.softmax(self.attn(H).squeeze(-1), dim=1)
        ctx = (w.unsqueeze(-1) * H).sum(1)
        return self.sigmoid(self.head(ctx)).squeeze(-1)


model = ClickModel()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.BCELoss()


def train_epoch(loader):
    for seq, clicked in loader:
        pred = model(seq)
        loss = criterion(pred.clamp(1e-7, 1 - 1e-7), clicked.float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
