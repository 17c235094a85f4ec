"""Applied losses are looked for only in files that spell a loss's name (issue 18): counted, not timed."""

from __future__ import annotations

import ast

import pytest

from nnlint.analysis import training
from nnlint.document import Document
from nnlint.facts import ModuleFacts

NO_LOSS = """
import torch.nn as nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)

    def forward(self, x):
        return self.act(self.fc(x), helper(x))
"""

ALIASED = """
import torch
from torch.nn import CrossEntropyLoss as CE

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8, 4)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=1)

def train(model, data):
    loss_fn = CE()
    for x, y in data:
        loss = loss_fn(model(x), y)
"""


def _resolved(source: str, monkeypatch) -> tuple[int, list]:
    calls = []
    original = training.TrainingFacts._applied_loss

    def counting(self, call):
        calls.append(call)
        return original(self, call)

    monkeypatch.setattr(training.TrainingFacts, "_applied_loss", counting)
    uses = ModuleFacts(Document.from_text(source, "m.py")).loss_uses
    return len(calls), uses


def test_no_callee_is_resolved_in_a_file_without_a_loss(monkeypatch):
    resolved, uses = _resolved(NO_LOSS, monkeypatch)
    assert (resolved, uses) == (0, [])


@pytest.mark.parametrize("spelling", ["from torch.nn import CrossEntropyLoss as CE",
                                      "import torch.nn as tnn\nCE = tnn.CrossEntropyLoss"])
def test_a_loss_under_another_name_is_still_followed(monkeypatch, spelling):
    source = ALIASED.replace("from torch.nn import CrossEntropyLoss as CE", spelling)
    resolved, uses = _resolved(source, monkeypatch)
    assert resolved >= 1
    assert [ast.unparse(use.node) for use in uses] == ["CE()"]
