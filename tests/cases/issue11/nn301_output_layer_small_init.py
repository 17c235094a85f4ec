# FP class F7 / v4 probe (NN301 output-layer exemption): a fixed init of std <= 0.1 on the model's output layer
# alone, initialised separately, is silent; the same init on a hidden layer fires.
# Distilled from MorvanZhou/PyTorch-Tutorial@dbe154a:tutorial-contents/405_DQN_Reinforcement_learning.py:35-37
# (nnlint reported both lines; only the hidden one is a finding under v4).
import torch
import torch.nn as nn
import torch.nn.functional as F

N_STATES, N_ACTIONS = 4, 2


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(N_STATES, 50)
        self.fc1.weight.data.normal_(0, 0.1)  # expect: NN301
        self.out = nn.Linear(50, N_ACTIONS)
        self.out.weight.data.normal_(0, 0.1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.out(x)


class DQN(object):
    def __init__(self):
        self.eval_net, self.target_net = Net(), Net()
        self.optimizer = torch.optim.Adam(self.eval_net.parameters(), lr=0.01)
        self.loss_func = nn.MSELoss()
