"""Syntax of a newer Python than the one running nnlint: NN003 (ignorable, names the feature and the
version), not a syntax error — unless target-version (or requires-python) is older than the feature."""

from __future__ import annotations

import json
import sys

import pytest

from helpers import nnlint, write
from nnlint.syntax_version import newer_syntax

RUNNING = sys.version_info[:2]
needs_312 = pytest.mark.skipif(RUNNING >= (3, 12), reason="this Python parses 3.12 syntax")

SAMPLES = {
    "alias.py": ("type Vector = list[float]\n", (1, 1), "a `type` alias statement"),
    "generic_def.py": ("def first[T](items: list[T]) -> T:\n    return items[0]\n", (1, 1), "generic function"),
    "generic_class.py": ("class Box[T]:\n    pass\n", (1, 1), "generic class"),
    "fstring.py": ("x = {'a': 1}\ny = f\"{x[\"a\"]}\"\n", (2, 5), "f-string"),
}


def _found(run):
    return [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(run.stdout)]


@needs_312
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_newer_syntax_is_nn003_naming_the_feature_and_the_python(tmp_path, monkeypatch, name):
    code, (line, column), feature = SAMPLES[name]
    write(tmp_path, {name: code})
    monkeypatch.chdir(tmp_path)
    run = nnlint("--output-format", "json", name)
    assert run.exit_code == 1
    [(found, at_line, at_column, message)] = _found(run)
    assert (found, at_line, at_column) == ("NN003", line, column)
    assert feature in message and "needs Python 3.12 or newer" in message
    assert f"nnlint is running on Python {RUNNING[0]}.{RUNNING[1]}" in message and "not linted" in message


@needs_312
def test_nn003_can_be_ignored_per_file_or_with_noqa(tmp_path, monkeypatch):
    write(tmp_path, {"a.py": "type Vector = list[float]\n", "b.py": "type Vector = list[float]  # noqa: NN003\n",
                     "c.py": "# nnlint: noqa: NN003\ntype Vector = list[float]\n"})
    monkeypatch.chdir(tmp_path)
    assert nnlint("--ignore", "NN003", "a.py").exit_code == 0
    assert nnlint("b.py", "c.py").exit_code == 0
    write(tmp_path, {"pyproject.toml": "[tool.nnlint.per-file-ignores]\n\"a.py\" = ['NN003']\n"})
    assert nnlint("a.py").exit_code == 0


@needs_312
@pytest.mark.parametrize(("setting", "code"), [
    ("[tool.nnlint]\ntarget-version = 'py311'\n", "NN000"),
    ("[tool.nnlint]\ntarget-version = 'py312'\n", "NN003"),
    ("[project]\nname = 'x'\nrequires-python = '>=3.10'\n[tool.nnlint]\n", "NN000"),
    ("[project]\nname = 'x'\nrequires-python = '>=3.12,<4'\n[tool.nnlint]\n", "NN003"),
])
def test_target_version_decides_between_a_real_syntax_error_and_a_newer_python(tmp_path, monkeypatch, setting, code):
    write(tmp_path, {"pyproject.toml": setting, "m.py": "type Vector = list[float]\n"})
    monkeypatch.chdir(tmp_path)
    [(found, _, _, message)] = _found(nnlint("--output-format", "json", "m.py"))
    assert found == code
    if code == "NN000":
        assert "needs Python 3.12 or newer, but the project's target-version is py31" in message


@needs_312
def test_target_version_option_overrides_the_configuration(tmp_path, monkeypatch):
    write(tmp_path, {"pyproject.toml": "[tool.nnlint]\ntarget-version = 'py312'\n", "m.py": "type V = int\n"})
    monkeypatch.chdir(tmp_path)
    assert _found(nnlint("--output-format", "json", "--target-version", "py310", "m.py"))[0][0] == "NN000"
    assert nnlint("--target-version", "py2", "m.py").exit_code == 2


def test_a_real_syntax_error_stays_nn000(tmp_path, monkeypatch):
    write(tmp_path, {"m.py": "def f(:\n    pass\n", "n.py": "type = 3\nx = type +\n"})
    monkeypatch.chdir(tmp_path)
    assert [f[0] for f in _found(nnlint("--output-format", "json", "m.py", "n.py"))] == ["NN000", "NN000"]


@pytest.mark.parametrize(("line", "message", "version"), [
    ("x = t\"hi {name}\"", "invalid syntax", (3, 14)),
    ("except ValueError, TypeError:", "multiple exception types must be parenthesized", (3, 14)),
    ("type Alias[T] = list[T]", "invalid syntax", (3, 12)),
    ("async def run[T](x: T): ...", "expected '('", (3, 12)),
])
def test_recognised_features(line, message, version):
    found = newer_syntax([line], 1, message, running=(3, 10))
    assert found is not None and found.version == version
    assert newer_syntax([line], 1, message, running=version) is None  # that Python parses it itself
