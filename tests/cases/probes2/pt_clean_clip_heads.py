import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ProjectionHead(nn.Module):
    def __init__(self, d_in, d_out, dropout=0.1):
        super().__init__()
        self.proj = nn.Linear(d_in, d_out)
        self.fc = nn.Linear(d_out, d_out)
        self.drop = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(d_out)

    def forward(self, x):
        p = self.proj(x)
        x = self.drop(self.fc(F.gelu(p)))
        return self.ln(x + p)


class CLIPModel(nn.Module):
    def __init__(self, image_encoder, text_encoder, d_img=2048, d_txt=768, d=256):
        super().__init__()
        self.image_encoder = image_encoder
        self.text_encoder = text_encoder
        self.image_proj = ProjectionHead(d_img, d)
        self.text_proj = ProjectionHead(d_txt, d)
        self.logit_scale = nn.Parameter(torch.ones([]) * np.log(1 / 0.07))

    def forward(self, images, tokens):
        img = F.normalize(self.image_proj(self.image_encoder(images)), dim=-1)
        txt = F.normalize(self.text_proj(self.text_encoder(tokens)), dim=-1)
        logits = self.logit_scale.exp() * img @ txt.t()
        return logits


def clip_loss(logits):
    labels = torch.arange(logits.shape[0], device=logits.device)
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


def fit(model, loader, epochs):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.2)
    for _ in range(epochs):
        for images, tokens in loader:
            loss = clip_loss(model(images, tokens))
            opt.zero_grad()
            loss.backward()
            opt.step()
    torch.save({"model": model.state_dict(), "opt": opt.state_dict()}, "clip.pt")
