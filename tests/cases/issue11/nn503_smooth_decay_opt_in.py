# v4 probe (NN503, opt-in: smooth whole-run and warm-up schedules on an Adam-family optimizer). Linted with
# --select ALL; none of these is NN501.
# Distilled from eriklindernoren/PyTorch-GAN@36d3c77:implementations/cyclegan/cyclegan.py:94-102 (LambdaLR with a
# linear decay to zero after decay_epoch) and the v4 decision text (rules.md, "NN501/NN503").
import tensorflow as tf
from torch import nn, optim
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, OneCycleLR
from transformers import get_linear_schedule_with_warmup

model = nn.Linear(10, 2)
opt1 = optim.AdamW(model.parameters(), lr=3e-4)
s1 = CosineAnnealingLR(opt1, T_max=100)  # expect: NN503
opt2 = optim.Adam(model.parameters(), lr=1e-3)
s2 = OneCycleLR(opt2, max_lr=1e-2, total_steps=1000)  # expect: NN503
opt3 = optim.AdamW(model.parameters(), lr=5e-5)
s3 = get_linear_schedule_with_warmup(opt3, num_warmup_steps=500, num_training_steps=10000)  # expect: NN503
opt4 = optim.Adam(model.parameters(), lr=1e-3)
s4 = LinearLR(opt4, start_factor=1.0, end_factor=0.0, total_iters=100)  # expect: NN503

cosine = tf.keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10000)  # expect: NN503
keras_optimizer = tf.keras.optimizers.Adam(learning_rate=cosine)
