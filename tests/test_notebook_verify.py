"""`nnlint verify notebook.ipynb::Model`: the code cells up to the model run, the training cells after it do not."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from nnlint.cli import main
from nnlint.verify import verify
from nnlint.verify.options import Options
from nnlint.verify.report import to_text

pytest.importorskip("torch")

CELLS = [
    ("markdown", "# Regression"),
    ("code", "%matplotlib inline\nimport torch\nfrom torch import nn\nHIDDEN = 32"),
    ("code", "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
             "        self.body = nn.Sequential(nn.Linear(8, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1), nn.ReLU())\n\n"
             "    def forward(self, x):\n        return self.body(x)"),
    ("code", "%%bash\necho not python"),
    ("code", "broken = "),
    ("code", "raise SystemExit('the training cell must not run')\nmodel = Net()\n"
             "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)"),
]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("verify") / "regression.ipynb"
    cells = [{"cell_type": kind, "metadata": {}, "source": re.findall(r"[^\n]*\n|[^\n]+", source),
              **({"outputs": [], "execution_count": None} if kind == "code" else {})} for kind, source in CELLS]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 2}, indent=1))
    return path


_reports: dict = {}


def report_of(notebook, name: str | None) -> dict:
    if name not in _reports:  # each report runs a child process (seconds): once per module
        _reports[name] = verify(f"{notebook}::{name}" if name else str(notebook), Options(device="cpu", steps=300))
    return _reports[name]


@pytest.mark.parametrize("name", ["Net", None])
def test_verify_runs_the_cells_up_to_the_model_and_not_the_training_cells(notebook, name):
    report = report_of(notebook, name)
    upto = "the cell that defines Net" if name else "the last cell with a finding"
    assert report["notes"][0] == (f"notebook: runs code cells 2, 3 in order, as one module (up to {upto}); cell 6 "
                                  "after it does not run; cell 5 does not parse and does not run; cell 4 is not "
                                  "Python (a cell magic) and does not run")
    [finding] = report["findings"]
    assert (finding["code"], finding["cell"], finding["line"], finding["column"]) == ("NN101", 3, 4, 90)
    assert finding["verdict"] == "confirmed", finding  # the SystemExit in cell 6 would have made it an error


def test_verify_text_report_names_the_cell_and_an_unknown_name_is_a_usage_error(notebook, monkeypatch):
    report = report_of(notebook, "Net")
    assert f"{notebook}:cell 3:4:90: NN101 output-activation" in to_text(report).splitlines()
    monkeypatch.chdir(notebook.parent)
    result = CliRunner().invoke(main, ["verify", "regression.ipynb::Missing"])
    assert result.exit_code == 2
    assert "no code cell defines 'Missing' at the top level" in result.output
