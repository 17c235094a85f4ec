# v4 probe (NN501 = step and exponential decays on an Adam-family optimizer; the finding is at the scheduler's
# construction, inside a SequentialLR at the decaying member, or at the manual decay statement).
# Distilled from lucidrains/vit-pytorch@69d24fe:examples/cats_and_dogs.ipynb (extracted cells, line 167: StepLR
# gamma=0.7 on Adam) and ageron/handson-ml3@e3f3f9e:11_training_deep_neural_networks.ipynb (line 631) plus the v4
# decision text (rules.md, "NN501/NN503").
import tensorflow as tf
import torch
from torch import nn, optim
from torch.optim.lr_scheduler import ExponentialLR, LambdaLR, LinearLR, MultiStepLR, SequentialLR, StepLR

model = nn.Linear(10, 2)
opt1 = optim.Adam(model.parameters(), lr=3e-5)
scheduler = StepLR(opt1, step_size=1, gamma=0.7)  # expect: NN501
opt2 = optim.AdamW(model.parameters(), lr=1e-3)
sched2 = MultiStepLR(opt2, milestones=[30, 60], gamma=0.1)  # expect: NN501
opt3 = optim.NAdam(model.parameters(), lr=1e-3)
sched3 = ExponentialLR(opt3, gamma=0.95)  # expect: NN501
opt4 = optim.Adam(model.parameters(), lr=1e-3)
sched4 = LambdaLR(opt4, lr_lambda=lambda epoch: 0.95 ** epoch)  # expect: NN501
opt5 = optim.Adam(model.parameters(), lr=1e-3)
warmup = LinearLR(opt5, start_factor=0.1, total_iters=5)
sched5 = SequentialLR(opt5, [warmup, StepLR(opt5, step_size=10, gamma=0.5)], milestones=[5])  # expect: NN501
opt6 = optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(30):
    for g in opt6.param_groups:
        g["lr"] *= 0.9  # expect: NN501

lr_schedule = tf.keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=10000, decay_rate=0.96)  # expect: NN501
keras_optimizer = tf.keras.optimizers.Adam(learning_rate=lr_schedule)
