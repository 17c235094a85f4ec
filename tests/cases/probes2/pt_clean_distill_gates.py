import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class Highway(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.h = nn.Linear(d, d)
        self.t = nn.Linear(d, d)

    def forward(self, x):
        t = torch.sigmoid(self.t(x))
        return t * F.relu(self.h(x)) + (1 - t) * x


class Student(nn.Module):
    def __init__(self, d_in=64, d=128, n_cls=10, scale=1e4):
        super().__init__()
        self.scale = scale
        self.inp = nn.Linear(d_in, d)
        self.hw = nn.Sequential(Highway(d), Highway(d))
        self.out = nn.Linear(d, n_cls)

    def forward(self, x):
        x = torch.tanh(x / self.scale)
        return self.out(self.hw(F.relu(self.inp(x))))


def distill(student, teacher, train_set, sampler, T=4.0):
    loader = DataLoader(train_set, batch_sampler=sampler, num_workers=4)
    opt = torch.optim.Adam(student.parameters(), lr=1e-3)
    for x, y in loader:
        with torch.no_grad():
            t_logits = teacher(x)
        s_logits = student(x)
        kd = F.kl_div(F.log_softmax(s_logits / T, dim=-1), F.softmax(t_logits / T, dim=-1), reduction="batchmean")
        soft_bce = F.binary_cross_entropy_with_logits(s_logits, torch.sigmoid(t_logits))
        loss = kd * T * T + F.cross_entropy(s_logits, y) + 0.1 * soft_bce
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(student.state_dict(), "student.pt")
    torch.save(opt.state_dict(), "student_opt.pt")


if __name__ == "__main__":
    distill(Student(), Student(), None, None)
