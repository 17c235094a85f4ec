# v4 probe (NN301 covers hidden layers: a fixed init of std <= 0.1 (uniform range <= +-0.1) on the model's output
# layer alone, initialised separately, is silent; a larger std, or the same init on hidden layers, fires; an init
# applied uniformly to all layers in an apply loop fires at the helper).
# Distilled from MorvanZhou/PyTorch-Tutorial@dbe154a:tutorial-contents/405_DQN_Reinforcement_learning.py:35-37 and
# the v4 decision text (rules.md, "NN301").
import tensorflow as tf
import torch
import torch.nn as nn


class Policy(nn.Module):
    def __init__(self, n_states=8, n_actions=4):
        super().__init__()
        self.fc1 = nn.Linear(n_states, 128)
        self.fc2 = nn.Linear(128, 128)
        self.head = nn.Linear(128, n_actions)
        nn.init.kaiming_normal_(self.fc1.weight, nonlinearity="relu")
        nn.init.kaiming_normal_(self.fc2.weight, nonlinearity="relu")
        nn.init.uniform_(self.head.weight, -3e-3, 3e-3)

    def forward(self, x):
        return self.head(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


class Critic(nn.Module):
    def __init__(self, n_states=8):
        super().__init__()
        self.fc1 = nn.Linear(n_states, 64)
        self.out = nn.Linear(64, 1)
        nn.init.normal_(self.fc1.weight, std=0.01)  # expect: NN301
        nn.init.normal_(self.out.weight, std=0.5)  # expect: NN301

    def forward(self, x):
        return self.out(torch.relu(self.fc1(x)))


def init_all(m):
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0.0, 0.05)  # expect: NN301


policy, critic = Policy(), Critic()
value_net = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1))
value_net.apply(init_all)
optimizer = torch.optim.Adam(list(policy.parameters()) + list(critic.parameters()) + list(value_net.parameters()),
                             lr=3e-4)

keras_model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal", input_shape=(8,)),
    tf.keras.layers.Dense(64, activation="relu",
                          kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.05)),  # expect: NN301
    tf.keras.layers.Dense(4, kernel_initializer=tf.keras.initializers.RandomUniform(-0.003, 0.003)),
])
keras_model.compile(optimizer="adam", loss="mse")

X = tf.compat.v1.placeholder(tf.float32, [None, 8])
W1 = tf.Variable(tf.compat.v1.truncated_normal([8, 64], stddev=0.1))  # expect: NN301
b1 = tf.Variable(tf.zeros([64]))
W2 = tf.Variable(tf.compat.v1.truncated_normal([64, 4], stddev=0.1))
b2 = tf.Variable(tf.zeros([4]))
q_values = tf.matmul(tf.nn.relu(tf.matmul(X, W1) + b1), W2) + b2
