# v4 probe, clean look-alikes of NN103: a Dense(1) scorer whose softmax runs over the time axis (attention
# pooling), a one-unit layer with a sigmoid, and a softmax over more than one unit.
# Distilled from the v4 decision text (rules.md, "NN103 is about the softmax axis of size 1 only").
import torch
import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input((20, 32))
h = layers.LSTM(32, return_sequences=True)(inputs)
scores = layers.Dense(1)(h)
weights = layers.Softmax(axis=1)(scores)
context = layers.Dot(axes=1)([weights, h])
context = layers.Flatten()(context)
outputs = layers.Dense(1, activation="sigmoid")(context)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")


class AttentionPool(nn.Module):
    def __init__(self, dim=32, classes=5):
        super().__init__()
        self.score = nn.Linear(dim, 1)
        self.out = nn.Linear(dim, classes)

    def forward(self, h):
        w = torch.softmax(self.score(h), dim=1)
        return self.out((w * h).sum(dim=1))


class BinaryHead(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())

    def forward(self, x):
        return self.net(x)


pool, head = AttentionPool(), BinaryHead()
optimizer = torch.optim.Adam(list(pool.parameters()) + list(head.parameters()), lr=1e-3)
ce, bce = nn.CrossEntropyLoss(), nn.BCELoss()
