# FP class F5 (NN402 on a single save after training has ended: an export for inference; v4 silent).
# Distilled from L1aoXingyu/pytorch-beginner@a57dd7e:08-AutoEncoder/simple_autoencoder.py:84 (and the same shape in
# 05-Recurrent Neural Network/recurrent_network.py:121, 09-Generative Adversarial network/simple_Gan.py:130-131),
# udacity/deep-learning-v2-pytorch@c9404fc:"intro-to-pytorch/Part 6 - Saving and Loading Models.ipynb" (extracted
# cells, lines 42 and 59) and recurrent-neural-networks/char-rnn/Character_Level_RNN_Solution.ipynb (line 272).
import torch
from torch import nn


class Autoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(784, 128), nn.ReLU(True), nn.Linear(128, 12))
        self.decoder = nn.Sequential(nn.Linear(12, 128), nn.ReLU(True), nn.Linear(128, 784), nn.Tanh())

    def forward(self, x):
        return self.decoder(self.encoder(x))


model = Autoencoder()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
dataloader = []
for epoch in range(100):
    for img, _ in dataloader:
        img = img.view(img.size(0), -1)
        loss = criterion(model(img), img)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}, loss {loss.item():.4f}")

torch.save(model.state_dict(), "./sim_autoencoder.pth")

checkpoint = {"input_size": 784, "state_dict": model.state_dict()}
torch.save(checkpoint, "checkpoint.pth")


def load_checkpoint(filepath):
    saved = torch.load(filepath)
    rebuilt = Autoencoder()
    rebuilt.load_state_dict(saved["state_dict"])
    return rebuilt


inference_model = load_checkpoint("checkpoint.pth")
