"""Lint work grows linearly with the model (issues 16 and 18): counted, not timed.

Each generated shape is linted at two sizes and the number of Python function calls made is compared: a
linear algorithm makes about twice as many at twice the size, a quadratic one four times. Counting calls is
exact and independent of the machine's load; `benchmarks/scale_bench.py` gives the seconds.
"""

from __future__ import annotations

import sys

import pytest

from nnlint.document import Document
from nnlint.lint import lint
from nnlint.selection import Selection

ALL = Selection(["ALL"]).rules()


def _class_linear(n: int) -> str:
    init = "".join(f"        self.fc{i} = nn.Linear(8, 8, bias=False)\n" for i in range(n))
    forward = "".join(f"        x = F.relu(self.fc{i}(x))\n" for i in range(n))
    return ("import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Big(nn.Module):\n"
            "    def __init__(self):\n        super().__init__()\n" + init
            + "    def forward(self, x):\n" + forward + "        return x\n")


def _class_convbn(n: int) -> str:
    init = "".join(f"        self.conv{i} = nn.Conv2d(8, 8, 3, bias=False)\n        self.bn{i} = nn.BatchNorm2d(8)\n"
                   for i in range(n // 2))
    forward = "".join(f"        x = F.relu(self.bn{i}(self.conv{i}(x)))\n" for i in range(n // 2))
    return ("import torch.nn as nn\nimport torch.nn.functional as F\n\nclass Big(nn.Module):\n"
            "    def __init__(self):\n        super().__init__()\n" + init
            + "    def forward(self, x):\n" + forward + "        return x\n")


def _sequential_linear(n: int) -> str:
    return "import torch.nn as nn\nmodel = nn.Sequential(\n" + "    nn.Linear(8, 8, bias=False),\n" * n + ")\n"


def _ordered_dict(n: int) -> str:
    pairs = "".join(f"    ('fc{i}', nn.Linear(8, 8, bias=False)),\n" for i in range(n))
    return ("import torch.nn as nn\nfrom collections import OrderedDict\n"
            "model = nn.Sequential(OrderedDict([\n" + pairs + "]))\n")


def _append_chain(n: int) -> str:
    appends = "    layers.append(nn.Linear(8, 8, bias=False))\n" * n
    return ("import torch.nn as nn\ndef build():\n    layers = []\n" + appends
            + "    return nn.Sequential(*layers)\n")


def _keras_sequential(n: int) -> str:
    items = "    keras.layers.Dense(8, use_bias=False),\n    keras.layers.BatchNormalization(),\n" * (n // 2)
    return "from tensorflow import keras\nmodel = keras.Sequential([\n" + items + "    keras.layers.Dense(2),\n])\n"


def _alias_chain(n: int) -> str:
    aliases = "".join(f"a{i} = a{i - 1}\n" for i in range(1, n))
    return ("import torch.nn as nn\na0 = nn.Linear(8, 8, bias=False)\n" + aliases
            + f"model = nn.Sequential(a{n - 1}, nn.ReLU())\n")


def _calls_to_lint(source: str) -> int:
    """Python function calls made while linting `source` with every rule."""
    document = Document.from_text(source, "big.py")
    document.tree  # noqa: B018 - parsing is not the analysis being counted
    count = 0

    def counter(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(counter)
    try:
        lint(document, ALL, {})
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("shape", [_class_linear, _class_convbn, _sequential_linear, _ordered_dict, _append_chain,
                                   _keras_sequential, _alias_chain])
def test_work_grows_linearly(shape):
    small, large = _calls_to_lint(shape(200)), _calls_to_lint(shape(400))
    # linear: ~2x (a constant part makes it a little less); quadratic: ~4x
    assert large / small < 2.5, f"{shape.__name__}: {small} calls at 200 layers, {large} at 400"


def test_long_alias_chain_keeps_the_findings():
    """A 3,000-name alias chain (`a1 = a0`, `a2 = a1`, ...) once overflowed the recursion limit in NN201's
    consumer search, and the file's NN201 findings were lost to an NN000 internal error."""
    source = _alias_chain(3000) + "other = nn.Sequential(nn.Linear(4, 4, bias=False), nn.ReLU())\n"
    found = lint(Document.from_text(source, "chain.py"), ALL, {})
    codes = [(d.code, d.line) for d in found]
    assert ("NN201", 2) in codes  # the chain's layer: consumed by a ReLU, the model's output
    assert ("NN201", 3003) in codes  # the other model's layer
    assert not [d for d in found if d.code == "NN000"]
