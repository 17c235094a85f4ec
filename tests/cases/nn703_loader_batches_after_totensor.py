# Source: probe_data failure repro (held-out review of issue 12; corpus t02, m02, t30).
# MISS (NN703): batches from a DataLoader whose dataset transform is ToTensor() are divided by 255 again in the training loop; nnlint is silent (corpus: t02, m02, t30).
import torch
import torch.nn as nn
from torchvision import datasets, transforms

train_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for images, labels in loader:
    images = images / 255.0  # expect: NN703
    loss = nn.functional.cross_entropy(model(images), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
