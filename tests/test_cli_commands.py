"""The commands themselves: `nnlint rule`, --help, --version, `python -m nnlint`, and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nnlint as package
from helpers import CLEAN, RELU_HEAD, ROOT, nnlint, nnlint_process, write
from nnlint.rules import ALL_RULES


def test_tests_exercise_this_checkout():
    assert Path(package.__file__).resolve().parent == ROOT / "nnlint"


@pytest.mark.parametrize("code", [rule.code for rule in ALL_RULES] + ["nn201"])
def test_rule_prints_the_documentation(code):
    run = nnlint("rule", code)
    assert run.exit_code == 0
    for heading in ("## What it does", "## Why it matters", "## Example", "## Use instead"):
        assert heading in run.stdout
    assert run.stdout.startswith(f"# {code.upper()} ")


def test_rule_mentions_severity_default_and_fixability():
    text = nnlint("rule", "NN201").stdout
    assert "# NN201 bias-disabled" in text
    assert "Severity: warning; on by default; fixable with `nnlint --fix`." in text


def test_rule_all_lists_every_code_with_name_severity_default_and_fix():
    run = nnlint("rule", "--all")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "default", "fix"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == {rule.code for rule in ALL_RULES}
    for rule in ALL_RULES:
        assert rows[rule.code] == [rule.code, rule.name, rule.severity.value,
                                   "off" if rule.opt_in else "on", "yes" if rule.fixable else "no"]


@pytest.mark.parametrize("args", [["rule", "NN999"], ["rule", "bogus"], ["rule"]])
def test_rule_usage_errors(args):
    run = nnlint(*args)
    assert run.exit_code == 2
    assert "nnlint: error:" in run.stderr and "nnlint rule" in run.stderr


def test_help_and_version():
    top = nnlint("--help")
    assert top.exit_code == 0 and "nnlint rule NN201" in top.stdout and "check --help" in top.stdout
    check = nnlint("check", "--help")
    for option in ("--output-format", "--select", "--extend-select", "--ignore", "--config", "--exit-zero",
                   "--statistics", "--output-file", "--force-exclude"):
        assert option in check.stdout
    version = nnlint("--version")
    assert version.exit_code == 0 and package.__version__ in version.stdout


def test_python_dash_m_runs_this_checkout(tmp_path):
    write(tmp_path, {"m.py": RELU_HEAD})
    run = nnlint_process("--output-format", "concise", "m.py", cwd=tmp_path)
    assert run.exit_code == 1
    assert run.stdout == "m.py:2:40: NN101 [error] " + run.stdout.split("[error] ", 1)[1]
    assert run.stdout.count("\n") == 1
    assert "Found 1 finding" in run.stderr
    version = nnlint_process("--version", cwd=tmp_path)
    assert version.exit_code == 0 and re.search(r"nnlint, version \d+\.\d+", version.stdout)
    assert "Usage:" in nnlint_process("--help", cwd=tmp_path).stdout


def test_paths_default_to_the_current_directory(tmp_path, monkeypatch):
    write(tmp_path, {"a/m.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    run = nnlint("--output-format", "concise")
    assert run.exit_code == 1 and run.stdout.startswith("a/m.py:2:40: NN101")


def test_explicit_check_subcommand(tmp_path, monkeypatch):
    write(tmp_path, {"rule/m.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    assert nnlint("check", "rule").exit_code == 1  # a folder called `rule` needs `check` (or ./rule)
    assert nnlint("./rule").exit_code == 1


# --- exit codes ----------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"bad.py": RELU_HEAD, "good.py": CLEAN})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_0_when_clean(tree):
    run = nnlint("good.py")
    assert run.exit_code == 0 and run.stdout == ""
    assert "All checks passed! (1 file checked)" in run.stderr


def test_exit_1_with_findings_and_0_with_exit_zero(tree):
    assert nnlint("bad.py").exit_code == 1
    run = nnlint("--exit-zero", "bad.py")
    assert run.exit_code == 0 and "NN101" in run.stdout


def test_missing_path_is_exit_2_and_the_other_paths_are_still_linted(tree):
    run = nnlint("--output-format", "concise", "nope.py", "bad.py", "nowhere/")
    assert run.exit_code == 2
    assert run.stdout.startswith("bad.py:2:40: NN101")
    assert "nnlint: error: nope.py: no such file or directory" in run.stderr
    assert "nnlint: error: nowhere/: no such file or directory" in run.stderr
    assert nnlint("--exit-zero", "nope.py").exit_code == 2  # a usage error is not a finding


def test_missing_path_alone_does_not_claim_all_checks_passed(tree):
    run = nnlint("nope.py")
    assert run.exit_code == 2
    assert "All checks passed" not in run.stderr
    assert "1 path not found" in run.stderr


def test_unknown_option_and_format_are_usage_errors(tree):
    assert nnlint("--no-such-option").exit_code == 2
    run = nnlint("--output-format", "xml", "bad.py")
    assert run.exit_code == 2 and "xml" in run.stderr


def test_a_closed_pipe_is_not_a_crash(tmp_path):
    """`nnlint src | head -1`: the reader leaves early; nnlint must not print a traceback."""
    import os
    import subprocess
    import sys

    write(tmp_path, {f"m{i}.py": RELU_HEAD for i in range(300)})  # ~120 KB: more than a pipe buffer holds
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "nnlint", "."], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = child.stdout.readline()
    child.stdout.close()
    stderr = child.stderr.read()
    child.wait(timeout=60)
    assert first.startswith("m0.py:2:40: NN101")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
