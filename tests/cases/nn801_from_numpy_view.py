# Source: probe_data failure repro (held-out review of issue 12; corpus t21).
# MISS (NN801): dims unpacked from a numpy image, then torch.from_numpy(img).view(1, c, h, w); the conversion keeps the layout but nnlint loses the known dims (corpus: t21).
import numpy as np
import torch


def to_batch(img):
    h, w, c = img.shape
    return torch.from_numpy(img).view(1, c, h, w)  # expect: NN801
