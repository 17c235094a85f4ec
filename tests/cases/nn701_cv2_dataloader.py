"""cv2 images gathered in a list, stacked, and fed to a CNN through a TensorDataset."""
import cv2
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def read_all(paths):
    frames = []
    for path in paths:
        frame = cv2.imread(path)
        if frame is None:
            continue
        frames.append(cv2.resize(frame, (32, 32)))
    return np.stack(frames)


images = read_all(["a.png", "b.png"]).transpose(0, 3, 1, 2)
labels = np.zeros(len(images), dtype=np.int64)
train_set = TensorDataset(torch.tensor(images, dtype=torch.float32), torch.from_numpy(labels))  # expect: NN701
loader = DataLoader(train_set, batch_size=8, shuffle=True)

net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 30 * 30, 2))
opt = torch.optim.Adam(net.parameters())
for batch, target in loader:
    opt.zero_grad()
    nn.functional.cross_entropy(net(batch), target).backward()
    opt.step()
