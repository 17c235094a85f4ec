# Torch twin of clean_inference_softmax_wrapper.py (silent before and after the fix). The TensorFlow classification tutorial's
# `probability_model = Sequential([model, Softmax()])`, built after `model` is compiled with
# `from_logits=True` and fit, only for `predict`. The wrapper made `model` a sub-model, so the loss of `model`
# was matched with the wrapper's softmax (NN102). A trained model wrapped with parameter-free layers stays the
# model. Look-alike that fires: issue11/nn102_softmax_wrapper_trained_itself.py.
# Distilled from the lead of the previous fresh audit (issue 11); the pattern of tensorflow/docs
# site/en/tutorials/keras/classification.ipynb, written here from its description.
import torch
from torch import nn

net = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for x, y in []:
    optimizer.zero_grad()
    criterion(net(x), y).backward()
    optimizer.step()
probabilities = nn.Sequential(net, nn.Softmax(dim=1))
scores = probabilities(torch.zeros(1, 28, 28))
