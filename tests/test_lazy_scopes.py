"""Work skipped where it cannot matter (issue 18): counted, not timed."""

from __future__ import annotations

import ast

from nnlint.analysis import scope as scope_module
from nnlint.analysis import transformer
from nnlint.analysis.reshapes import Reshapes
from nnlint.document import Document
from nnlint.facts import ModuleFacts

RESHAPING = """
import torch


def unrelated(a):
    total = a + 1
    other = total * 2
    return other


def scramble(x):
    b, c, h, w = x.shape
    return x.view(b, h, w, c)
"""


def test_a_scope_whose_assignments_hold_no_dimension_is_not_collected(monkeypatch):
    collected = []
    original = scope_module.Scope.__dict__["bindings"].fget

    def bindings(self):
        if self._bindings is None:
            collected.append(getattr(self.node, "name", "<module>"))
        return original(self)

    monkeypatch.setattr(scope_module.Scope, "bindings", property(bindings))
    dimensions = Reshapes(ModuleFacts(Document.from_text(RESHAPING, "m.py")))._dimensions
    assert sorted(d.name for d in dimensions.values()) == ["b", "c", "h", "w"]
    assert "unrelated" not in collected


HAND_WRITTEN_NORM = """
import torch
from torch import nn


class RMSNorm(nn.Module):
    def forward(self, x):
        return x


class Scale(nn.Module):
    @staticmethod
    def helper(x):
        return x

    def forward(self, x):
        variance = x.pow(2).mean(-1, keepdim=True)
        return x * torch.rsqrt(variance + 1e-6)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Scale()
        self.fc = nn.Linear(8, 8, bias=False)

    def forward(self, x):
        return self.fc(self.norm(x))
"""


def test_a_hand_written_norm_is_read_from_the_indexed_calls(monkeypatch):
    walked = []
    original = ast.walk

    def walk(node):
        walked.append(type(node).__name__)
        return original(node)

    monkeypatch.setattr(transformer.ast, "walk", walk)
    facts = ModuleFacts(Document.from_text(HAND_WRITTEN_NORM, "m.py"))
    style = facts.transformer_style
    info = facts.index.classes["Scale"]
    assert style._computes_norm(info) is True
    assert "FunctionDef" not in walked  # the forward's calls come from the index, not from a walk of it
