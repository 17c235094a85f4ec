"""`nn.init.uniform_(module.row_embeddings.weight)` where row_embeddings is an nn.Embedding: embedding tables are exempt.

transformers detr/conditional_detr/deformable_detr/table_transformer... `_init_weights` (14 findings): the
owner class is matched with isinstance, the attribute is an nn.Embedding defined in that class.
"""
import torch
import torch.nn as nn


class LearnedPositionEmbedding(nn.Module):
    def __init__(self, dim=64):
        super().__init__()
        self.row_embeddings = nn.Embedding(50, dim)
        self.column_embeddings = nn.Embedding(50, dim)

    def forward(self, h, w):
        return self.row_embeddings(torch.arange(h)), self.column_embeddings(torch.arange(w))


class Model(nn.Module):
    def __init__(self, dim=64):
        super().__init__()
        self.pos = LearnedPositionEmbedding(dim)
        self.fc = nn.Linear(dim, 10)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, LearnedPositionEmbedding):
            nn.init.uniform_(module.row_embeddings.weight)
            nn.init.uniform_(module.column_embeddings.weight)

    def forward(self, x):
        rows, cols = self.pos(4, 4)
        return self.fc(x + rows.mean(0) + cols.mean(0))
