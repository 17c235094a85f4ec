# FP class I6 (issue 11: NN301 on an nn.Embedding whose attribute is rebound under an if). The embedding table is
# initialised with a fixed-range uniform_ (embedding tables are exempt), then the attribute is rebound to the same
# module moved to the GPU under `if use_cuda:`; it is still the embedding table.
# Source: the pattern as issue 11 describes it (`self.emb = self.emb.to(device)`); its real-code source is in the
# held-out set, not in this corpus.
import torch
import torch.nn as nn

use_cuda = torch.cuda.is_available()
device = torch.device("cuda" if use_cuda else "cpu")


class SkipGram(nn.Module):
    def __init__(self, vocab_size, emb_dim):
        super().__init__()
        self.u_embeddings = nn.Embedding(vocab_size, emb_dim, sparse=True)
        self.v_embeddings = nn.Embedding(vocab_size, emb_dim, sparse=True)
        init_range = 0.5 / emb_dim
        self.u_embeddings.weight.data.uniform_(-init_range, init_range)
        self.v_embeddings.weight.data.uniform_(-0.0, 0.0)
        if use_cuda:
            self.u_embeddings = self.u_embeddings.to(device)
            self.v_embeddings = self.v_embeddings.to(device)
        self.u_embeddings.weight.data.uniform_(-0.1, 0.1)

    def forward(self, pos_u, pos_v):
        return torch.sum(self.u_embeddings(pos_u) * self.v_embeddings(pos_v), dim=1)


model = SkipGram(10000, 100)
optimizer = torch.optim.SparseAdam(model.parameters(), lr=0.001)
