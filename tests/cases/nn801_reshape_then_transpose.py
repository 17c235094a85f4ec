"""Clean: CIFAR rows reshaped to their documented layout, then transposed to channel-last."""
import pickle
import numpy as np
import torch

with open("cifar-10-batches-py/test_batch", "rb") as f:
    entry = pickle.load(f, encoding="bytes")
images = entry[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
flat = entry[b"data"].reshape(10000, 3072)
labels = np.array(entry[b"labels"])
