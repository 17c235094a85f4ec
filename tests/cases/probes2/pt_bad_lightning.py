import torch
import torch.nn as nn
import torch.nn.functional as F
import lightning as L


class LitRegressor(L.LightningModule):
    def __init__(self, d_in=32):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, 256),
            nn.GELU(),
            nn.Linear(256, 256),
            nn.GELU(),
            nn.Linear(256, 1),
            nn.GELU(),  # expect: NN101
        )

    def forward(self, x):
        return self.net(x).squeeze(-1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self(x), y)

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=0.05)  # expect: NN502
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)  # contract v4: cosine is NN503 (opt-in)
        return [opt], [sched]
