"""A save helper whose argument is not visible: silent; the visible model-only save in the training loop still fires."""
import torch


def save_checkpoint(state, path):
    torch.save(state, path)


model = build_model()
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(10):
    train_one_epoch(model, optimizer)  # a training function of another module: it steps the optimizer
    torch.save(model.state_dict(), "model.pt")  # expect: NN402
