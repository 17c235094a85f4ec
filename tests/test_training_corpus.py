"""scripts/training_corpus.py: notebook extraction and the precision/recall tables (no corpus, no network)."""

from __future__ import annotations

import ast
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import training_corpus as tc  # noqa: E402


def test_magics_become_comments_and_lines_stay_put():
    source = "%matplotlib inline\nimport torch\nfiles = !ls\nx = torch.zeros(3)\ntorch.zeros?\n!pip install x"
    lines, whole = tc.cell_to_python(source)
    assert not whole
    assert len(lines) == 6
    assert lines[1] == "import torch" and lines[3] == "x = torch.zeros(3)"
    assert all(lines[i].startswith("# ") for i in (0, 2, 4, 5))
    ast.parse("\n".join(lines))


def test_a_cell_that_does_not_parse_is_commented_out_whole():
    lines, whole = tc.cell_to_python("%%writefile model.py\nclass Net(:\n    pass")
    assert whole
    assert all(line.startswith("# ") for line in lines)


def test_notebook_cells_keep_their_numbers(tmp_path):
    notebook = {"cells": [
        {"cell_type": "markdown", "source": ["# Title"]},
        {"cell_type": "code", "source": ["import torch\n", "model = torch.nn.Linear(2, 2)"]},
        {"cell_type": "code", "source": "%time model(x)"},
    ]}
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(notebook))
    assert tc.notebook_to_python(path) == (2, 0)
    text = (tmp_path / "demo.ipynb.py").read_text().splitlines()
    assert text[1:] == ["# %% [cell 2]", "import torch", "model = torch.nn.Linear(2, 2)", "# %% [cell 3]",
                        "# %time model(x)"]


def _results(findings):
    return {"python": "3.11", "corpora": {"toy": {
        "repo": "o/toy", "commit": "c" * 40, "files": 1, "seconds": 0.0, "crashes": [], "slow_files": [],
        "per_code": dict(Counter(f["code"] for f in findings)), "opt_in": {},
        "findings": [dict(f, key=tc.key("o/toy", f["path"], f["line"], f["code"])) for f in findings]}}}


def test_precision_counts_rejected_as_not_actionable():
    results = _results([{"path": "a.py", "line": n, "code": "NN201"} for n in (1, 2, 3, 4)])
    verdicts = {"o/toy:a.py:1:NN201": ["TP", ""], "o/toy:a.py:2:NN201": ["FP", ""],
                "o/toy:a.py:3:NN201": ["rejected", ""]}
    rows, audited = tc.precision_table(results, verdicts)
    assert rows[0] == ["NN201", 4, 4, 1, 1, 1, 1, "0.33"]
    assert rows[-1][0] == "all" and len(audited) == 4


def test_sample_is_seeded_and_capped(monkeypatch):
    monkeypatch.setattr(tc, "SAMPLE_PER_CODE", 3)
    results = _results([{"path": "a.py", "line": n, "code": "NN402"} for n in range(10)])
    first = [f["key"] for f in tc.sample(results)["NN402"]]
    assert len(first) == 3 and first == [f["key"] for f in tc.sample(results)["NN402"]]


def test_recall_by_letter_and_by_practice():
    results = _results([{"path": "a.py", "line": 5, "code": "NN301"}, {"path": "a.py", "line": 9, "code": "NN201"}])
    base = {"corpus": "toy", "path": "a.py", "reason": ""}
    labels = {"files": [{"corpus": "toy", "path": "a.py"}], "labels": [
        dict(base, line=5, code="NN301", practice="rejected"),
        dict(base, line=20, code="NN301"),
        dict(base, line=7, code="NN201"),
        dict(base, line=3, code="NN105"),
    ]}
    rows, missed, info = tc.recall_table(results, labels)
    by_code = {row[0]: row for row in rows}
    assert by_code["NN301"][2:] == [2, 1, 0, 1, "0.50", 1, "0.00"]
    assert by_code["NN201"][3:6] == [0, 1, 0]  # a finding two lines away is "misplaced"
    assert by_code["NN105"][1] == "opt-in/new"
    assert by_code["default codes"][2:7] == [3, 1, 1, 1, "0.33"]
    assert {m["line"] for m in missed} == {20, 7, 3}
    assert info["unlabelled_findings"] == [("toy", "a.py", 9, "NN201")]


def test_missing_snapshot_says_what_to_fetch(tmp_path):
    corpus = tc.Corpus("someone/nothing-here", "0" * 40, ("",), "x")
    with pytest.raises(SystemExit, match="github:someone/nothing-here"):
        tc.export(corpus, tmp_path, tmp_path / "out")
