import torch

optimizer = torch.optim.Adam(  # expect: NN502
    [
        {"params": model.backbone.parameters(), "lr": 1e-4},
        {"params": model.head.parameters(), "lr": 0.1},
    ]
)
fine = torch.optim.Adam(model.parameters(), lr=0.01)
