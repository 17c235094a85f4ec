"""The garbage collector's settings (issue 18): tuned by the command line, not by importing nnlint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nnlint import gc_policy

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys
import nnlint, nnlint.lint, nnlint.engine
print(gc.get_threshold(), gc.get_freeze_count() > 0)
if sys.argv[1] == "cli":
    from nnlint.cli import main
    try:
        main(["--no-cache", sys.argv[2]])
    except SystemExit:
        pass
    print(gc.get_threshold(), gc.get_freeze_count() > 0)
"""


MODEL = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        return torch.relu(self.fc(x))


model = Net()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in []:
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
"""


def _probe(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True)
    return [line for line in done.stdout.splitlines() if line.startswith("(")]


def test_importing_nnlint_keeps_the_programs_settings():
    assert _probe("import") == ["(700, 10, 10) False"]


def test_the_command_line_freezes_start_up_and_raises_thresholds(tmp_path):
    target = tmp_path / "empty.py"
    target.write_text("x = 1\n")
    before, after = _probe("cli", str(target))
    assert before == "(700, 10, 10) False"
    assert after == f"{gc_policy.THRESHOLDS} True"


def test_a_linted_files_tree_is_freed_without_the_collector():
    """`ModuleFacts.release`: after `lint` no reference cycle keeps the file's `ast` nodes alive."""
    import ast
    import gc

    from nnlint.document import Document
    from nnlint.lint import lint
    from nnlint.selection import Selection

    document = Document.from_text(MODEL, "model.py")
    rules = Selection(["ALL"]).rules()
    lint(document, rules, {})  # imports done, registries filled
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert [d.code for d in lint(Document.from_text(document.text, document.path), rules, {})] == ["NN101"]
        gc.collect()
        trees = [obj for obj in gc.garbage if isinstance(obj, ast.AST)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert trees == []
