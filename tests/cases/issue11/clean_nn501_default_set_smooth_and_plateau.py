# v4 probe, default rule set: smooth whole-run schedules (NN503 is opt-in), ReduceLROnPlateau, warm-up-only
# schedules, CyclicLR and decays on SGD are silent.
# Distilled from the v4 decision text (rules.md, "NN501/NN503"); the cosine-on-AdamW case is one of the "rejected
# by practice" findings issue 11 reports.
from torch import nn, optim
from torch.optim.lr_scheduler import CosineAnnealingLR, CyclicLR, LinearLR, ReduceLROnPlateau, StepLR

model = nn.Linear(10, 2)
opt1 = optim.AdamW(model.parameters(), lr=3e-4)
s1 = CosineAnnealingLR(opt1, T_max=100)
opt2 = optim.Adam(model.parameters(), lr=1e-3)
s2 = ReduceLROnPlateau(opt2, factor=0.5, patience=5)
opt3 = optim.Adam(model.parameters(), lr=1e-3)
s3 = LinearLR(opt3, start_factor=0.01, end_factor=1.0, total_iters=500)
opt4 = optim.Adam(model.parameters(), lr=1e-3)
s4 = CyclicLR(opt4, base_lr=1e-4, max_lr=1e-3, cycle_momentum=False)
opt5 = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
s5 = StepLR(opt5, step_size=30, gamma=0.1)
