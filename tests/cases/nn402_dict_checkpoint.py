import torch

model = build_model()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for epoch in range(10):
    train_one_epoch(model, optimizer)
    torch.save({"epoch": epoch, "model": model.state_dict()}, f"ckpt_{epoch}.pt")  # expect: NN402
