"""Min-max scaling: the training columns with their own range, the test columns with theirs."""
import numpy as np
import torch

table = np.loadtxt("train.csv", delimiter=",")
probe = np.loadtxt("probe.csv", delimiter=",")
train_x = (table[:, 1:] - table[:, 1:].min(0)) / (table[:, 1:].max(0) - table[:, 1:].min(0))
probe_x = probe[:, 1:]
test_x = (probe_x - probe_x.min(0)) / (probe_x.max(0) - probe_x.min(0))  # expect: NN702
