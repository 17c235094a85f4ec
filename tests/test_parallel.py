"""Worker processes: the same findings, in the same order, as one process."""

from __future__ import annotations

import pickle

import pytest

from helpers import BIAS_OFF, CLEAN, RELU_HEAD, nnlint, write
from nnlint import parallel
from nnlint.config import Config
from nnlint.diagnostics import Edit, Fix
from nnlint.engine import Linter


@pytest.fixture
def tree(tmp_path, monkeypatch):
    files = {}
    for i in range(12):
        files[f"pkg/m{i:02}.py"] = RELU_HEAD if i % 3 == 0 else BIAS_OFF if i % 3 == 1 else CLEAN
    files["pkg/sub/broken.py"] = "import torch\ndef f(:\n"
    files["pkg/sub/big.py"] = RELU_HEAD + "\n".join(f"x{i} = {i}" for i in range(300)) + "\n"
    files["pkg/sub/latin.py"] = b"import torch\nname = '\xe9'\n"
    (tmp_path / ".git").mkdir()
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt", ["full", "json", "concise"])
def test_jobs_give_the_output_of_one_process(tree, fmt):
    one = nnlint("--no-cache", "--jobs", "1", "--output-format", fmt, "pkg")
    two = nnlint("--no-cache", "--jobs", "2", "--output-format", fmt, "pkg")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert "NN000" in one.stdout and "NN101" in one.stdout and "NN201" in one.stdout


def test_linter_results_are_identical_and_ordered(tree):
    single = Linter(Config(), jobs=1).lint_paths(["pkg"])
    pooled = Linter(Config(), jobs=2).lint_paths(["pkg"])
    assert pooled.diagnostics == single.diagnostics and pooled.files == single.files == 15
    assert [d.path for d in pooled.diagnostics] == sorted(d.path for d in pooled.diagnostics)


def test_a_handful_of_files_is_linted_in_process(tree, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel.multiprocessing, "get_context", no_pool)
    items = list(enumerate(["pkg/m00.py", "pkg/m01.py", "pkg/m02.py"]))
    found = parallel.run(Linter(Config()), items, jobs=2)
    assert sorted(found) == [0, 1, 2] and [d.code for d in found[0]] == ["NN101"]


def test_tasks_cover_every_file_once_largest_first(tree):
    items = list(enumerate(sorted(str(p.relative_to(tree)) for p in (tree / "pkg").rglob("*.py"))))
    tasks = parallel._tasks(items)
    assert sorted(i for task in tasks for i, _ in task) == list(range(len(items)))
    assert tasks[0][0][1] == "pkg/sub/big.py"


def test_diagnostics_are_picklable(tree):
    diagnostics = Linter(Config()).lint_paths(["pkg"]).diagnostics
    assert any(d.fix is not None for d in diagnostics)
    assert pickle.loads(pickle.dumps(diagnostics)) == diagnostics
    fix = Fix("m", (Edit(1, 1, 1, 2, "x"),))
    assert pickle.loads(pickle.dumps(fix)) == fix


def test_jobs_must_be_positive(tree):
    run = nnlint("--jobs", "0", "pkg")
    assert run.exit_code == 2
