# v4 probe (NN103 covers a one-unit layer and a separate softmax after it, as well as the activation= form): one
# model per form, each trained; the finding points at the softmax.
# Distilled from the v4 decision text (rules.md, "NN103/NN104") and the Stack Overflow cases issue 11 cites
# (Dense(1) then Activation('softmax')); no instance in this corpus.
import tensorflow as tf
import torch
import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers

list_model = keras.Sequential([
    layers.Dense(32, activation="relu", input_shape=(8,)),
    layers.Dense(1),
    layers.Activation("softmax"),  # expect: NN103
])
list_model.compile(optimizer="adam", loss="binary_crossentropy")

inputs = keras.Input((8,))
h = layers.Dense(32, activation="relu")(inputs)
score = layers.Dense(1)(h)
prob = layers.Softmax()(score)  # expect: NN103
functional_model = keras.Model(inputs, prob)
functional_model.compile(optimizer="adam", loss="binary_crossentropy")


class Scorer(nn.Module):
    def __init__(self, h=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(8, h), nn.ReLU(), nn.Linear(h, 1), nn.Softmax(dim=-1))  # expect: NN103

    def forward(self, x):
        return self.net(x)


scorer = Scorer()
torch_optimizer = torch.optim.Adam(scorer.parameters(), lr=1e-3)
bce = nn.BCELoss()

x = tf.compat.v1.placeholder(tf.float32, [None, 8])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
hidden = tf.compat.v1.layers.dense(x, 32, activation=tf.nn.relu)
p1 = tf.nn.softmax(tf.compat.v1.layers.dense(hidden, 1))  # expect: NN103
p2 = tf.compat.v1.layers.dense(hidden, 1, activation=tf.nn.softmax)  # expect: NN103
loss = tf.compat.v1.losses.log_loss(y, p1) + tf.compat.v1.losses.log_loss(y, p2)
train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
