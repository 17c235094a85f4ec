# FP class F4 (NN201 on the bias-free scorer `v` of additive (Bahdanau) attention). The scorer's output goes into
# a softmax over source positions, where a bias is an exact no-op (softmax is shift-invariant); the network has an
# attention op, so v4 would make it NN202 at most. Default rule set: silent.
# Distilled from bentrevett/pytorch-seq2seq@b3cd54c:"3 - Neural Machine Translation by Jointly Learning to Align and
# Translate.ipynb" (extracted cells, line 191) and legacy/3 (line 111), legacy/4 (line 129).
import torch
import torch.nn as nn


class Attention(nn.Module):
    def __init__(self, encoder_hidden_dim, decoder_hidden_dim):
        super().__init__()
        self.attn_fc = nn.Linear((encoder_hidden_dim * 2) + decoder_hidden_dim, decoder_hidden_dim)
        self.v_fc = nn.Linear(decoder_hidden_dim, 1, bias=False)

    def forward(self, hidden, encoder_outputs):
        src_length = encoder_outputs.shape[0]
        hidden = hidden.unsqueeze(1).repeat(1, src_length, 1)
        encoder_outputs = encoder_outputs.permute(1, 0, 2)
        energy = torch.tanh(self.attn_fc(torch.cat((hidden, encoder_outputs), dim=2)))
        attention = self.v_fc(energy).squeeze(2)
        return torch.softmax(attention, dim=1)


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, enc_hid, dec_hid):
        super().__init__()
        self.attention = Attention(enc_hid, dec_hid)
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.GRU(enc_hid * 2 + emb_dim, dec_hid)
        self.fc_out = nn.Linear(enc_hid * 2 + dec_hid + emb_dim, output_dim)

    def forward(self, token, hidden, encoder_outputs):
        embedded = self.embedding(token.unsqueeze(0))
        a = self.attention(hidden, encoder_outputs).unsqueeze(1)
        weighted = torch.bmm(a, encoder_outputs.permute(1, 0, 2)).permute(1, 0, 2)
        output, hidden = self.rnn(torch.cat((embedded, weighted), dim=2), hidden.unsqueeze(0))
        prediction = self.fc_out(torch.cat((output.squeeze(0), weighted.squeeze(0), embedded.squeeze(0)), dim=1))
        return prediction, hidden.squeeze(0)


decoder = Decoder(8000, 256, 512, 512)
optimizer = torch.optim.Adam(decoder.parameters())
criterion = nn.CrossEntropyLoss()
