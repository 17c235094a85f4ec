"""Notebooks on the command line: found and linted by default, located by cell in every output format,
noqa and per-file-ignores, fixes written back into the cells, the gate, the cache and the worker pool."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import nnlint, nnlint_process, write
from integration_helpers import GitRepo

NOTEBOOKS = Path(__file__).parent / "notebooks"
TORCH = "torch_regressor.ipynb"
KERAS = "keras_regression_colab.ipynb"
#: (cell, line, column, code) of every finding in tests/notebooks/torch_regressor.ipynb (contract v4: its single
#: `torch.save` after training is an export, not an NN402 checkpoint; NN502's caret is under `lr=0.1`)
TORCH_FINDINGS = [(5, 7, 5, "NN101"), (8, 2, 50, "NN502"), (11, 1, 12, "NN000")]
CONCISE = re.compile(r"^(?P<path>.+?):cell (?P<cell>\d+):(?P<line>\d+):(?P<column>\d+): (?P<code>NN\d+) \[(?P<severity>\w+)\] ")


def notebook(cells: list[tuple[str, str]], indent: int = 1) -> str:
    """A notebook's JSON as Jupyter writes it (list-of-lines sources)."""
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": re.findall(r"[^\n]*\n|[^\n]+", source),
                       **({"execution_count": None, "outputs": []} if kind == "code" else {})}
                      for kind, source in cells],
            "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 2}
    return json.dumps(data, indent=indent, sort_keys=True) + "\n"


RELU_CELLS = [("markdown", "# A model"), ("code", "import torch.nn as nn"),
              ("code", "model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())")]


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "nb").mkdir()
    for name in (TORCH, KERAS):
        shutil.copy(NOTEBOOKS / name, tmp_path / "nb" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def concise(run) -> list[tuple[str, int, int, int, str]]:
    found = []
    for line in run.stdout.splitlines():
        match = CONCISE.match(line)
        assert match, line
        found.append((match["path"], int(match["cell"]), int(match["line"]), int(match["column"]), match["code"]))
    return found


def test_a_folder_of_notebooks_is_linted_by_default_and_located_by_cell(project):
    run = nnlint("--output-format", "concise", "nb")
    assert run.exit_code == 1
    assert concise(run) == [
        ("nb/keras_regression_colab.ipynb", 5, 4, 18, "NN301"),
        ("nb/keras_regression_colab.ipynb", 5, 5, 21, "NN101"),
        *[("nb/torch_regressor.ipynb", *finding) for finding in TORCH_FINDINGS],
    ]
    assert "Found 5 findings in 2 of 2 files checked." in run.stderr


def test_full_format_names_the_cell_and_shows_the_cells_line(project):
    run = nnlint("nb/torch_regressor.ipynb")
    lines = run.stdout.splitlines()
    assert lines[0].startswith("nb/torch_regressor.ipynb:cell 5:7:5: NN101 relu on the model's output")  # unsafe fix: no [*]
    assert lines[2] == "7 |     nn.ReLU(),"
    assert lines[3] == "  |     ^^^^^^^^^"
    broken = lines.index(next(line for line in lines if ":cell 11:" in line))
    assert lines[broken].endswith("NN000 syntax error: invalid syntax; the cell was not linted (the other cells were)")
    assert lines[broken + 2] == "1 | val_loss = "


def test_json_gives_the_cell_and_positions_within_it(project):
    findings = json.loads(nnlint("--output-format", "json", "nb/torch_regressor.ipynb").stdout)
    assert [(f["cell"], f["line"], f["column"], f["code"]) for f in findings] == TORCH_FINDINGS
    relu = findings[0]
    assert (relu["end_line"], relu["end_column"]) == (7, 14)
    assert relu["fix"]["edits"] is None  # computed only with --fix-edits
    with_edits = json.loads(nnlint("--output-format", "json", "--fix-edits", "nb/torch_regressor.ipynb").stdout)
    assert with_edits[0]["fix"]["edits"] == [{"content": "", "location": {"row": 7, "column": 1},
                                              "end_location": {"row": 8, "column": 1}, "cell": 5}]


def _json_line(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1]


def test_github_annotations_point_at_the_json_line_and_name_the_cell(project):
    run = nnlint("--output-format", "github", "nb/torch_regressor.ipynb")
    first = run.stdout.splitlines()[0]
    match = re.match(r"::error file=nb/torch_regressor.ipynb,line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
                     r"title=NN101 output-activation::NN101 cell 5:7:5: relu on", first)
    assert match, first
    line, column, end_line, end_column = map(int, match.groups())
    text = _json_line(project / "nb" / TORCH, line)
    assert text == '    "    nn.ReLU(),\\n",'
    assert text[column - 1:end_column - 1] == "nn.ReLU()" and end_line == line


def test_json_positions_count_escapes_in_a_string_source(project):
    run = nnlint("--output-format", "github", "nb/keras_regression_colab.ipynb")
    relu = next(line for line in run.stdout.splitlines() if "NN101" in line)
    line, column, _, end_column = map(int, re.search(r"line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+)", relu).groups())
    assert _json_line(project / "nb" / KERAS, line)[column - 1:end_column - 1] == 'activation=\\"relu\\"'


def test_sarif_and_gitlab_point_into_the_notebook_file(project):
    sarif = json.loads(nnlint("--output-format", "sarif", "nb/torch_regressor.ipynb").stdout)
    results = sarif["runs"][0]["results"]
    relu = results[0]
    assert relu["message"]["text"].startswith("cell 5:7:5: relu on the model's output")
    assert relu["properties"] == {"cell": 5, "cellLine": 7, "cellColumn": 5}
    region = relu["locations"][0]["physicalLocation"]["region"]
    assert _json_line(project / "nb" / TORCH, region["startLine"]).strip() == '"    nn.ReLU(),\\n",'
    assert "fixes" not in relu  # SARIF fixes edit the file's text; a notebook's fix edits cell sources
    gitlab = json.loads(nnlint("--output-format", "gitlab", "nb/torch_regressor.ipynb").stdout)
    assert gitlab[0]["description"].startswith("NN101 cell 5:7:5: relu on")
    assert gitlab[0]["location"] == {"path": "nb/torch_regressor.ipynb",
                                     "lines": {"begin": region["startLine"], "end": region["endLine"]}}


def test_sarif_with_notebooks_validates_against_the_schema(project):
    jsonschema = pytest.importorskip("jsonschema")
    from test_cli_formats import _schema

    log = json.loads(nnlint("--output-format", "sarif", "nb").stdout)
    validator = jsonschema.Draft7Validator(_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(log)) == []


def test_a_broken_cells_column_is_its_own_not_the_json_files():
    # CPython reads a syntax error's line from the file it is told it parses: the notebook's JSON
    fixture = Path(__file__).parent.parent / "fixtures" / "notebooks" / "tf1_saver_exercise.ipynb"
    findings = json.loads(nnlint("--output-format", "json", "--no-cache", str(fixture)).stdout)
    broken = next(f for f in findings if f["code"] == "NN000")
    assert (broken["cell"], broken["line"], broken["column"]) == (7, 1, 19)


def test_statistics_count_notebook_findings(project):
    run = nnlint("--statistics", "--output-format", "json", "nb")
    assert {row["code"]: row["count"] for row in json.loads(run.stdout)} == {
        "NN101": 2, "NN301": 1, "NN502": 1, "NN000": 1}


@pytest.mark.parametrize("name, content, message", [
    ("script.ipynb", "import torch\nmodel = torch.nn.Linear(2, 2)\n", "not a notebook: invalid JSON"),
    ("old.ipynb", json.dumps({"nbformat": 3, "worksheets": []}), "nbformat 3 notebook"),
    ("empty.ipynb", "", "not a notebook: invalid JSON"),
])
def test_a_file_that_is_not_a_notebook_is_one_error_naming_it(tmp_path, monkeypatch, name, content, message):
    write(tmp_path, {name: content})
    monkeypatch.chdir(tmp_path)
    run = nnlint("--output-format", "concise", ".")
    assert run.exit_code == 1
    [line] = run.stdout.splitlines()
    assert line.startswith(f"{name}:1:1: NN000 [error] {message}") and line.endswith("the file was not linted")


def test_noqa_in_a_cell(tmp_path, monkeypatch):
    cells = [*RELU_CELLS[:2], ("code", RELU_CELLS[2][1] + "  # noqa: NN101"), ("code", RELU_CELLS[2][1])]
    write(tmp_path, {"a.ipynb": notebook(cells)})
    monkeypatch.chdir(tmp_path)
    assert [f[1:] for f in concise(nnlint("--output-format", "concise", "a.ipynb"))] == [(4, 1, 40, "NN101")]


def test_file_level_noqa_in_the_first_code_cell_skips_the_notebook(tmp_path, monkeypatch):
    cells = [("markdown", "# nothing here"), ("code", "# nnlint: noqa\nimport torch.nn as nn"), RELU_CELLS[2],
             ("code", "x = ")]
    write(tmp_path, {"a.ipynb": notebook(cells), "b.ipynb": notebook(RELU_CELLS)})
    monkeypatch.chdir(tmp_path)
    run = nnlint("--output-format", "concise", ".")
    assert [f[0] for f in concise(run)] == ["b.ipynb"]
    assert "in 1 of 2 files checked" in run.stderr


def test_per_file_ignores_and_include_exclude_apply_to_notebooks(tmp_path, monkeypatch):
    write(tmp_path, {"nb/a.ipynb": notebook(RELU_CELLS), "nb/b.ipynb": notebook(RELU_CELLS),
                     "src/model.py": "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"})
    monkeypatch.chdir(tmp_path)
    assert len(nnlint("--output-format", "concise", ".").stdout.splitlines()) == 3

    def files(config: str) -> list[str]:
        write(tmp_path, {"pyproject.toml": "[tool.nnlint]\n" + config})
        return sorted({line.split(":")[0] for line in nnlint("--output-format", "concise", ".").stdout.splitlines()})

    assert files('[tool.nnlint.per-file-ignores]\n"nb/a.ipynb" = ["NN101"]\n') == ["nb/b.ipynb", "src/model.py"]
    assert files('[tool.nnlint.per-file-ignores]\n"*.ipynb" = ["NN1"]\n') == ["src/model.py"]
    assert files('include = ["*.py"]\n') == ["src/model.py"]
    assert files('extend-exclude = ["*.ipynb"]\n') == ["src/model.py"]
    assert files('include = ["nb/*.ipynb"]\n') == ["nb/a.ipynb", "nb/b.ipynb"]
    write(tmp_path, {"src/gui.pyw": "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"})
    assert files('extend-include = ["*.pyw"]\n') == ["nb/a.ipynb", "nb/b.ipynb", "src/gui.pyw", "src/model.py"]
    # a notebook named on the command line is linted whatever `include` says (as ruff does)
    write(tmp_path, {"pyproject.toml": '[tool.nnlint]\ninclude = ["*.py"]\n'})
    assert nnlint("--output-format", "concise", "nb/a.ipynb").exit_code == 1


def _changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    import difflib

    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old.split("\n"), new.split("\n")).get_opcodes():
        if tag != "equal":
            pairs.append(("\n".join(old.split("\n")[i1:i2]), "\n".join(new.split("\n")[j1:j2])))
    return pairs


@pytest.mark.parametrize("name", [TORCH, KERAS])
def test_fix_writes_only_the_changed_source_lines(project, name):
    path = project / "nb" / name
    before = path.read_text(encoding="utf-8")
    run = nnlint("--fix", "--unsafe-fixes", "--output-format", "concise", str(path.relative_to(project)))
    after = path.read_text(encoding="utf-8")
    nbformat.validate(nbformat.reads(after, as_version=nbformat.NO_CONVERT))
    changed = _changed_lines(before, after)
    if name == TORCH:
        assert changed == [('    "    nn.ReLU(),\\n",', "")]
        assert run.exit_code == 1 and [f[1:] for f in concise(run)] == TORCH_FINDINGS[1:]  # what remains
    else:
        assert len(changed) == 1 and "HeNormal()" in changed[0][1] and 'Dense(1),' in changed[0][1]
        assert run.exit_code == 0 and run.stdout == ""
    assert "Fixed" in run.stderr
    again = nnlint("--fix", "--unsafe-fixes", str(path.relative_to(project)))
    assert path.read_text(encoding="utf-8") == after and "No fixes applied." not in again.stdout


def test_diff_shows_the_change_per_cell_and_writes_nothing(project):
    before = (project / "nb" / TORCH).read_bytes()
    run = nnlint("--diff", "--unsafe-fixes", "nb/torch_regressor.ipynb")
    assert run.exit_code == 1
    assert run.stdout == ("--- nb/torch_regressor.ipynb:cell 5\n+++ nb/torch_regressor.ipynb:cell 5\n"
                          "@@ -4,6 +4,5 @@\n     nn.Linear(64, 64),\n     nn.ReLU(),\n     nn.Linear(64, 1),\n"
                          "-    nn.ReLU(),\n )\n model\n")
    assert (project / "nb" / TORCH).read_bytes() == before
    assert "Would fix 1 finding in 1 file." in run.stderr


TF1_CELLS = [("code", "import tensorflow as tf"),
             ("code", "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\nloss = tf.reduce_sum(tf.compat.v1.layers.dense(x, 1))"),
             ("code", "saver = tf.compat.v1.train.Saver()"),
             ("markdown", "the optimizer"),
             ("code", "train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)")]


def test_fix_only_and_a_saver_moved_to_a_later_cell(tmp_path, monkeypatch):
    cells = TF1_CELLS
    write(tmp_path, {"tf1.ipynb": notebook(cells, indent=2)})
    monkeypatch.chdir(tmp_path)
    assert [f[1:] for f in concise(nnlint("--output-format", "concise", "tf1.ipynb"))] == [(3, 1, 9, "NN401")]
    run = nnlint("--fix-only", "--unsafe-fixes", "tf1.ipynb")
    assert run.exit_code == 0 and run.stdout == ""
    data = json.loads((tmp_path / "tf1.ipynb").read_text())
    assert data["cells"][2]["source"] == []
    assert "".join(data["cells"][4]["source"]) == cells[4][1] + "\nsaver = tf.compat.v1.train.Saver()"
    assert nnlint("tf1.ipynb").exit_code == 0


def test_fix_edits_of_a_moved_statement_are_what_fix_writes_into_the_cells(tmp_path, monkeypatch):
    """`--fix-edits` gives, per cell, the change `--fix` writes: the Saver leaves cell 3 for cell 5 (not the
    train op moving up into cell 3, which gives the same joined code but other cells)."""
    from nnlint.diagnostics import Edit
    from nnlint.edits import apply_edits

    write(tmp_path, {"tf1.ipynb": notebook(TF1_CELLS)})
    monkeypatch.chdir(tmp_path)
    [saver] = json.loads(nnlint("--output-format", "json", "--fix-edits", "tf1.ipynb").stdout)
    edits = [Edit(e["location"]["row"], e["location"]["column"], e["end_location"]["row"],
                  e["end_location"]["column"], e["content"], e["cell"]) for e in saver["fix"]["edits"]]
    assert {edit.cell for edit in edits} == {3, 5}
    edited = [apply_edits(source, [e for e in edits if e.cell == number])
              for number, (_, source) in enumerate(TF1_CELLS, 1)]
    assert nnlint("--fix-only", "--unsafe-fixes", "tf1.ipynb").exit_code == 0
    fixed = json.loads((tmp_path / "tf1.ipynb").read_text())
    assert edited == ["".join(cell["source"]) for cell in fixed["cells"]]


def test_baseline_survives_cells_added_above(tmp_path, monkeypatch):
    write(tmp_path, {"a.ipynb": notebook(RELU_CELLS)})
    monkeypatch.chdir(tmp_path)
    assert nnlint("--write-baseline", "baseline.json", ".").exit_code == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert [(f["path"], f["code"], f["source"]) for f in recorded] == [
        ("a.ipynb", "NN101", "model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())")]
    moved = [("code", "%matplotlib inline"), ("markdown", "new text"), *RELU_CELLS]
    write(tmp_path, {"a.ipynb": notebook(moved)})
    assert nnlint("--baseline", "baseline.json", ".").exit_code == 0
    write(tmp_path, {"a.ipynb": notebook([*moved, ("code", "head = nn.Sequential(nn.Linear(4, 2), nn.ReLU())")])})
    run = nnlint("--baseline", "baseline.json", "--output-format", "concise", ".")
    assert [f[1:] for f in concise(run)] == [(6, 1, 39, "NN101")]


def test_diff_base_maps_changed_notebook_lines_to_cells(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "project")
    old = [("code", "import torch.nn as nn"), ("code", "a = nn.Sequential(nn.Linear(4, 2), nn.ReLU())"),
           ("markdown", "text"), ("code", "b = nn.Sequential(nn.Linear(4, 2), nn.ReLU())")]
    repo.commit("notebook", {"nb.ipynb": notebook(old)})
    repo.git("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(repo.path)
    new = [*old[:3], ("code", "b = nn.Sequential(nn.Linear(4, 3), nn.ReLU())")]
    repo.commit("change b", {"nb.ipynb": notebook(new)})
    run = nnlint("--output-format", "concise", "--diff-base", "main", ".")
    assert [f[1:] for f in concise(run)] == [(4, 1, 36, "NN101")]
    assert "1 finding on lines unchanged since main not shown" in run.stderr


def test_cache_and_worker_pool_give_the_same_notebook_findings(tmp_path, monkeypatch):
    files = {f"nb{i}.ipynb": notebook(RELU_CELLS) for i in range(6)}
    files.update({f"m{i}.py": "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n" for i in range(4)})
    # the same bytes as a notebook and as a Python file: the cache must tell them apart
    files["same.py"] = files["same.ipynb"] = notebook(RELU_CELLS)
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    runs = [nnlint_process("--output-format", "json", "--cache-dir", str(cache), "-j", jobs, ".", cwd=tmp_path)
            for jobs in ("1", "2", "1")]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    findings = json.loads(runs[0].stdout)
    assert {(f["filename"], f["cell"]) for f in findings if f["filename"].startswith("same")} == {("same.ipynb", 3)}
    assert len(findings) == 11
    assert all(f["cell"] == 3 and f["line"] == 1 for f in findings if f["filename"].endswith(".ipynb"))


SAFE_CELLS = [("code", "import torch.nn as nn\nlayer = nn.Linear(4, 8)"), ("markdown", "init"),
              ("code", "nn.init.xavier_uniform_(layer.weight)\nmodel = nn.Sequential(layer, nn.ReLU(), nn.Linear(8, 2))")]


def test_add_noqa_writes_the_comment_into_the_cell(tmp_path, monkeypatch):
    write(tmp_path, {"a.ipynb": notebook(RELU_CELLS)})
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "a.ipynb").read_text()
    run = nnlint("--add-noqa", "a.ipynb")
    assert "Added 1 noqa directive to 1 file." in run.stderr
    after = (tmp_path / "a.ipynb").read_text()
    assert _changed_lines(before, after) == [('    "model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())"',
                                              '    "model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())  # noqa: NN101"')]
    assert nnlint("a.ipynb").exit_code == 0


def test_a_notebook_on_standard_input(tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    data = notebook(SAFE_CELLS)

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**__import__("os").environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        return subprocess.run([sys.executable, "-m", "nnlint", "-", "--stdin-filename", "nb.ipynb", "--no-cache", *args],
                              input=data, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)

    linted = run("--output-format", "concise")
    assert linted.returncode == 1 and linted.stdout.startswith("nb.ipynb:cell 3:1:1: NN301 [warning] ")
    fixed = run("--fix")
    assert _changed_lines(data, fixed.stdout) == [('    "nn.init.xavier_uniform_(layer.weight)\\n",',
                                                   '    "nn.init.kaiming_uniform_(layer.weight, nonlinearity=\\"relu\\")\\n",')]
    diff = run("--diff")
    assert diff.returncode == 1 and diff.stdout.startswith("--- nb.ipynb:cell 3\n+++ nb.ipynb:cell 3\n")
