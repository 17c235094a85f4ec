# A conversion keeps the layout the dimensions were named in, also through a name bound to it.
import numpy as np
import torch


def to_input(img):
    h, w, c = img.shape
    t = torch.from_numpy(img).float()
    return t.view(c, h, w)  # expect: NN801
