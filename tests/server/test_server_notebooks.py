"""The server's notebook edits, without a client: each is what the command line writes into the same cells
(`nnlint --fix`, `nnlint --add-noqa` on the `.ipynb` file), and every finding is in cell positions."""

from __future__ import annotations

from collections import defaultdict

import pytest

from nnlint.edits import apply_edits
from nnlint.server import adapter

from .notebook_helpers import cli_sources

TF1 = [("markdown", "# TF1 — a graph"),
       ("code", "%matplotlib inline\nimport tensorflow as tf"),
       ("code", "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
                "loss = tf.reduce_sum(tf.compat.v1.layers.dense(x, 1))"),
       ("code", "saver = tf.compat.v1.train.Saver()"),
       ("markdown", "the optimizer"),
       ("code", "!echo training\ntrain_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)")]

TORCH = [("markdown", "# Régression"),
         ("code", "%%time\nimport torch.nn as nn"),
         ("code", "def broken(:\n    pass"),
         ("code", "# 😀\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())  # é")]


def applied(cells, edits) -> list[str]:
    """The cells' sources with the server's edits applied, each in the cell it names."""
    by_cell = defaultdict(list)
    for edit in edits:
        by_cell[edit.cell].append(edit)
    assert set(by_cell) <= {number for number, (kind, _) in enumerate(cells, 1) if kind == "code"}
    return [apply_edits(source, by_cell[number]) if number in by_cell else source
            for number, (_, source) in enumerate(cells, 1)]


@pytest.fixture
def project(tmp_path):
    return adapter.Projects().for_file(str(tmp_path / "nb.ipynb"), adapter.Selectors(unsafe_fixes=True))


def test_findings_are_in_cell_positions_a_broken_cell_is_its_own_error(tmp_path, project):
    document = adapter.notebook_document(str(tmp_path / "nb.ipynb"), TORCH)
    found = {(d.code, d.cell, d.line, d.column) for d in adapter.lint(document, project)}
    # the cell magic is not a syntax error; the broken cell is one NN000 in that cell; the cell after it
    # is linted, with `nn` imported in cell 2
    assert found == {("NN000", 3, 1, 12), ("NN101", 4, 2, 40)}


def test_a_statement_moved_into_a_later_cell_as_the_command_line_moves_it(tmp_path, project):
    document = adapter.notebook_document(str(tmp_path / "nb.ipynb"), TF1)
    expected = cli_sources(tmp_path, TF1, "--fix-only", "--unsafe-fixes")
    assert expected[3] == "" and expected[5].endswith("minimize(loss)\nsaver = tf.compat.v1.train.Saver()")
    assert applied(TF1, adapter.fix_all_edits(document, project)) == expected
    [finding] = adapter.diagnostics_with_fixes(document, project)
    assert (finding.code, finding.cell, finding.line) == ("NN401", 4, 1)
    assert applied(TF1, finding.fix.edits) == expected  # the quick fix: the same cells, the same change


def test_noqa_goes_into_the_cell_as_add_noqa_writes_it(tmp_path, project):
    document = adapter.notebook_document(str(tmp_path / "nb.ipynb"), TORCH)
    expected = cli_sources(tmp_path, TORCH, "--add-noqa")
    [finding] = [d for d in adapter.lint(document, project) if d.code == "NN101"]
    assert applied(TORCH, adapter.noqa_edits(document, finding)) == expected
    assert expected[3].endswith("nn.ReLU())  # é  # noqa: NN101")


def test_ignore_in_file_goes_atop_the_first_code_cell_under_its_cell_magic(tmp_path, project):
    path = str(tmp_path / "nb.ipynb")
    cells = [cell for cell in TORCH if "broken" not in cell[1]]
    document = adapter.notebook_document(path, cells)
    assert [d.code for d in adapter.lint(document, project)] == ["NN101"]
    sources = applied(cells, adapter.file_ignore_edits(document, "NN101"))
    assert sources[1] == "%%time\n# nnlint: noqa: NN101\nimport torch.nn as nn"  # a cell magic stays first
    ignored = [(kind, source) for (kind, _), source in zip(cells, sources)]
    document = adapter.notebook_document(path, ignored)
    assert adapter.lint(document, project) == []  # the command line reads it there too
    assert applied(ignored, adapter.file_ignore_edits(document, "NN201"))[1].startswith(
        "%%time\n# nnlint: noqa: NN101, NN201\n")
    plain = [("markdown", "m"), ("code", "import torch.nn as nn\n")]
    assert applied(plain, adapter.file_ignore_edits(adapter.notebook_document(path, plain), "NN101"))[1] == (
        "# nnlint: noqa: NN101\nimport torch.nn as nn\n")
