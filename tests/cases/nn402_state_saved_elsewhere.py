"""The optimizer state is saved (through a helper, a dict filled key by key): no model-only checkpoint."""
import torch


def save_checkpoint(state, path):
    torch.save(state, path)


model = build_model()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
save_checkpoint({"state_dict": model.state_dict(), "optimizer": opt.state_dict()}, "ck.pt")
ck = {}
ck["model"] = model.state_dict()
ck["optim"] = opt.state_dict()
torch.save(ck, "last.pt")
torch.save(model.state_dict(), "weights_only_export.pt")
