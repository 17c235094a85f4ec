"""A save helper whose argument is not visible: silent; the visible model-only save still fires."""
import torch


def save_checkpoint(state, path):
    torch.save(state, path)


model = build_model()
optimizer = torch.optim.Adam(model.parameters())
torch.save(model.state_dict(), "model.pt")  # expect: NN402
