import torch
from torch.optim import lr_scheduler

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
decay = lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch)  # expect: NN501
warmup = lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda step: min(1.0, (step + 1) / 1000))
cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=90)  # contract v4: a smooth decay is NN503 (opt-in)
schedule = lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[10])
plateau = lr_scheduler.ReduceLROnPlateau(optimizer)
