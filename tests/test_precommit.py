"""The pre-commit hooks, run by the real pre-commit: a temporary project whose `.pre-commit-config.yaml` is
the README's snippet pointed at this checkout (its working tree, committed into a scratch repository, so
uncommitted edits to the hooks are what is tested). pre-commit builds the hook's virtualenv once (from
PyPI: nnlint's dependencies); every run after that reuses it."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import BIAS_OFF, CLEAN, RELU_HEAD, ROOT
from integration_helpers import GitRepo, git_env, snippet

pytest.importorskip("pre_commit", reason="pre-commit is installed by the test extra: pip install -e '.[test]'")


def _checkout_as_repository(target: Path) -> str:
    """This checkout's working tree (tracked and untracked files, not ignored ones), committed afresh."""
    # the user's own git configuration here (a CI may mark the checkout safe.directory in it)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # listed but deleted in the working tree: left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    repo = GitRepo(target)
    return repo.commit("nnlint under test")


#: NN301 (Xavier in a ReLU network): a safe fix, which the fix hook applies
SAFE_FIX = ("import torch.nn as nn\nlayer = nn.Linear(4, 8)\nnn.init.xavier_uniform_(layer.weight)\n"
            "model = nn.Sequential(layer, nn.ReLU(), nn.Linear(8, 2))\n")
#: SAFE_FIX and RELU_HEAD's model in a notebook: NN301 (safe) in cell 3, NN101 (unsafe) in cell 4
NOTEBOOK = json.dumps({"cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["# model"]},
    {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
     "source": ["import torch.nn as nn\n", "layer = nn.Linear(4, 8)"]},
    {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
     "source": ["nn.init.xavier_uniform_(layer.weight)"]},
    {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [],
     "source": ["model = nn.Sequential(layer, nn.ReLU(), nn.Linear(8, 2), nn.ReLU())"]},
], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}, indent=1) + "\n"
#: NN111 only: an info finding, shown but not failing
TANH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    rev = _checkout_as_repository(base / "nnlint")
    config = yaml.safe_load(snippet("pre-commit-config"))
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == ["nnlint-fix", "nnlint"]
    config["repos"][0].update(repo=str(base / "nnlint"), rev=rev)
    repo = GitRepo(base / "project")
    repo.commit("models", {
        ".pre-commit-config.yaml": yaml.safe_dump(config),
        "pyproject.toml": '[tool.nnlint]\nextend-exclude = ["generated/"]\n',
        "bad.py": RELU_HEAD, "clean.py": CLEAN, "generated/bad.py": RELU_HEAD, "to_fix.py": SAFE_FIX,
        "unsafe.py": BIAS_OFF, "tanh.py": TANH,
        "packages/b/pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n", "packages/b/model.py": RELU_HEAD,
        "stub.pyi": RELU_HEAD, "notebook.ipynb": NOTEBOOK,
    })
    env = {**git_env(), "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_COLOR": "1"}

    def run(hook: str, *files: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--files", *files],
                              cwd=repo.path, env=env, capture_output=True, text=True, timeout=600)

    return repo, run


def test_check_hook_fails_on_a_violating_file_and_prints_the_finding(project):
    repo, run = project
    done = run("nnlint", "bad.py", "clean.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "nnlint" in done.stdout and "Failed" in done.stdout
    assert "bad.py:2:40: NN101 relu on the model's output" in done.stdout
    assert "Found 1 finding in 1 of 2 files checked." in done.stdout


def test_check_hook_passes_on_a_clean_file(project):
    repo, run = project
    done = run("nnlint", "clean.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_excluded_files_stay_excluded_when_pre_commit_names_them(project):
    repo, run = project
    done = run("nnlint", "generated/bad.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_fix_hook_rewrites_the_file_then_the_check_passes(project):
    repo, run = project
    done = run("nnlint-fix", "to_fix.py")
    assert done.returncode == 1, done.stdout + done.stderr  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in done.stdout
    fixed = (repo.path / "to_fix.py").read_text(encoding="utf-8")
    assert fixed == SAFE_FIX.replace("xavier_uniform_(layer.weight)", 'kaiming_uniform_(layer.weight, nonlinearity="relu")')
    ast.parse(fixed)
    assert "NN301" not in done.stdout  # the fix hook prints a tally, not the findings: the pair prints each once
    assert run("nnlint", "to_fix.py").returncode == 0
    assert run("nnlint-fix", "to_fix.py").returncode == 0  # nothing left to fix: the file stays as it is
    assert run("nnlint-fix", "generated/bad.py").returncode == 0  # excluded: not rewritten
    assert (repo.path / "generated/bad.py").read_text(encoding="utf-8") == RELU_HEAD


def test_fix_hook_never_applies_an_unsafe_fix(project):
    repo, run = project
    (repo.path / "pyproject.toml").write_text('[tool.nnlint]\nextend-exclude = ["generated/"]\nunsafe-fixes = true\n')
    try:
        done = run("nnlint-fix", "unsafe.py")  # NN201: adding a bias would break the saved checkpoints
        assert done.returncode == 0, done.stdout + done.stderr
        assert (repo.path / "unsafe.py").read_text(encoding="utf-8") == BIAS_OFF  # untouched, even so
    finally:
        (repo.path / "pyproject.toml").write_text('[tool.nnlint]\nextend-exclude = ["generated/"]\n')


def test_info_findings_do_not_fail_the_hook(project):
    repo, run = project
    done = run("nnlint", "tanh.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_the_nearest_configuration_applies_to_a_file_named_alone(project):
    repo, run = project
    assert run("nnlint", "packages/b/model.py").returncode == 0  # packages/b ignores NN101
    assert run("nnlint", "bad.py", "packages/b/model.py").returncode == 1  # bad.py still fails


def test_stub_files_are_checked_too(project):
    repo, run = project
    done = run("nnlint", "stub.pyi")
    assert done.returncode == 1 and "stub.pyi:2:40: NN101" in done.stdout, done.stdout


def test_hooks_lint_and_fix_notebooks(project):
    repo, run = project  # `types_or` includes `jupyter`: pre-commit hands the hooks notebooks
    done = run("nnlint", "notebook.ipynb")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "notebook.ipynb:cell 3:1:1: NN301 [*] " in done.stdout
    assert "notebook.ipynb:cell 4:1:" in done.stdout and "NN101" in done.stdout
    done = run("nnlint-fix", "notebook.ipynb")
    assert done.returncode == 1 and "files were modified by this hook" in done.stdout, done.stdout + done.stderr
    fixed = json.loads((repo.path / "notebook.ipynb").read_text(encoding="utf-8"))
    assert fixed["cells"][2]["source"] == ['nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")']
    assert fixed["cells"][3]["source"] == json.loads(NOTEBOOK)["cells"][3]["source"]  # NN101's fix is unsafe
    done = run("nnlint", "notebook.ipynb")
    assert done.returncode == 1 and "NN301" not in done.stdout and "NN101" in done.stdout
