"""Which files get linted, how their paths are printed, and that linting never runs the code."""

from __future__ import annotations

import json

import pytest

from helpers import RELU_HEAD, nnlint, nnlint_process, write
from nnlint.config import Config
from nnlint.discovery import DEFAULT_EXCLUDE, discover


def linted(*args: str) -> list[str]:
    """The files nnlint reports on: every file in these tests holds exactly one NN101."""
    return sorted(d["filename"] for d in json.loads(nnlint("--output-format", "json", *args).stdout))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_recursion_into_nested_folders(repo):
    write(repo, {"a.py": RELU_HEAD, "x/b.py": RELU_HEAD, "x/y/z/c.py": RELU_HEAD, "x/notes.txt": RELU_HEAD})
    assert linted() == ["a.py", "x/b.py", "x/y/z/c.py"]


def test_gitignore_is_honoured_including_nested_and_negation(repo):
    write(repo, {
        ".gitignore": "ignored_dir/\n*_gen.py\n",
        "ignored_dir/a.py": RELU_HEAD,
        "m_gen.py": RELU_HEAD,
        "keep.py": RELU_HEAD,
        "sub/.gitignore": "local.py\n!keep_gen.py\n",
        "sub/local.py": RELU_HEAD,
        "sub/keep_gen.py": RELU_HEAD,
        "sub/other_gen.py": RELU_HEAD,
        "sub/ok.py": RELU_HEAD,
    })
    assert linted() == ["keep.py", "sub/keep_gen.py", "sub/ok.py"]


def test_respect_gitignore_can_be_turned_off(repo):
    write(repo, {".gitignore": "*_gen.py\n", "m_gen.py": RELU_HEAD,
                 "pyproject.toml": "[tool.nnlint]\nrespect-gitignore = false\n"})
    assert linted() == ["m_gen.py"]


def test_gitignore_above_the_repository_root_is_not_used(tmp_path, monkeypatch):
    write(tmp_path, {".gitignore": "*.py\n", "repo/m.py": RELU_HEAD})
    (tmp_path / "repo/.git").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert linted() == ["m.py"]


@pytest.mark.parametrize("folder", [".venv", "venv", "build", "dist", "__pycache__", ".git", "node_modules",
                                    ".tox", "site-packages"])
def test_default_excludes(repo, folder):
    assert folder in DEFAULT_EXCLUDE
    write(repo, {f"{folder}/m.py": RELU_HEAD, f"src/{folder}/n.py": RELU_HEAD, "src/ok.py": RELU_HEAD})
    assert linted() == ["src/ok.py"]


def test_explicit_files_are_linted_even_if_excluded_unless_force_exclude(repo):
    write(repo, {".gitignore": "gen.py\n", "gen.py": RELU_HEAD, "build/m.py": RELU_HEAD,
                 "pyproject.toml": "[tool.nnlint]\nextend-exclude = ['legacy.py']\n", "legacy.py": RELU_HEAD})
    assert linted() == []
    assert linted("gen.py", "build/m.py", "legacy.py") == ["build/m.py", "gen.py", "legacy.py"]
    assert linted("--force-exclude", "gen.py", "build/m.py", "legacy.py") == []
    assert linted("build") == ["build/m.py"]  # a folder named explicitly is walked
    assert linted("--force-exclude", "build") == []


def test_paths_are_printed_as_given_or_relative_to_the_cwd(repo, monkeypatch):
    write(repo, {"pkg/m.py": RELU_HEAD})
    assert linted("pkg") == ["pkg/m.py"]
    assert linted("./pkg/") == ["pkg/m.py"]
    assert linted(str(repo / "pkg")) == ["pkg/m.py"]  # absolute, but under the cwd
    monkeypatch.chdir(repo / "pkg")
    assert linted("../pkg/m.py") == ["m.py"]
    elsewhere = repo.parent / f"{repo.name}-other"
    write(elsewhere, {"o.py": RELU_HEAD})
    assert linted(str(elsewhere)) == [str(elsewhere / "o.py")]


def test_a_file_named_twice_is_linted_once(repo):
    write(repo, {"m.py": RELU_HEAD})
    assert linted("m.py", "./m.py", ".") == ["m.py"]


def test_stubs_and_python_files_only(repo):
    write(repo, {"m.pyi": RELU_HEAD, "m.pyx": RELU_HEAD, "m.py.bak": RELU_HEAD})
    assert [path for path in discover(["."], Config(root=repo)).files] == ["m.pyi"]


MARKER_MODULE = """
import pathlib
pathlib.Path({marker!r}).write_text("executed")
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
if __name__ == "__main__":
    pathlib.Path({marker!r}).write_text("run as main")
"""


def test_linting_never_executes_the_linted_code(tmp_path):
    marker = tmp_path / "EXECUTED"
    write(tmp_path, {"evil.py": MARKER_MODULE.format(marker=str(marker)),
                     "__main__.py": MARKER_MODULE.format(marker=str(marker)),
                     "conftest.py": MARKER_MODULE.format(marker=str(marker)),
                     "setup.py": MARKER_MODULE.format(marker=str(marker))})
    run = nnlint_process("--output-format", "json", ".", cwd=tmp_path)
    assert run.exit_code == 1
    assert len(json.loads(run.stdout)) == 4  # every file was read and linted ...
    assert not marker.exists()  # ... and none was run


def test_a_project_inside_an_excluded_folder_name_is_still_linted(tmp_path, monkeypatch):
    write(tmp_path, {"build/proj/m.py": RELU_HEAD, "build/proj/.venv/x.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    assert linted("build/proj") == ["build/proj/m.py"]  # excludes still apply below the named folder
    monkeypatch.chdir(tmp_path / "build/proj")
    assert linted() == ["m.py"]
