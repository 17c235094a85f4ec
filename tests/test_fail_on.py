"""The severity gate: error and warning findings fail the run, info findings are shown and exit 0
(`--fail-on error|warning|info`, `fail-on` in the configuration); NN000 always fails."""

from __future__ import annotations

import json

import pytest

from helpers import BIAS_OFF, RELU_HEAD, nnlint, nnlint_process, write

#: two NN111 (info) findings, nothing else
TANH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"info.py": TANH, "warning.py": BIAS_OFF, "error.py": RELU_HEAD, "broken.py": "def f(:\n"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_info_findings_are_shown_but_do_not_fail_by_default(tree):
    run = nnlint("--output-format", "concise", "info.py")
    assert run.exit_code == 0
    assert "NN111 [info]" in run.stdout
    assert "Found 1 finding in 1 of 1 file checked. 1 is below the fail-on severity `warning` and does not " \
           "fail the run (exit 0)." in run.stderr


@pytest.mark.parametrize(("args", "files", "code"), [
    ([], ["warning.py"], 1),
    ([], ["error.py"], 1),
    (["--fail-on", "error"], ["warning.py"], 0),
    (["--fail-on", "error"], ["error.py"], 1),
    (["--fail-on", "info"], ["info.py"], 1),
    (["--fail-on", "ERROR"], ["info.py", "warning.py"], 0),
    (["--fail-on", "error"], ["broken.py"], 1),  # NN000 always fails
    (["--fail-on", "info", "--exit-zero"], ["info.py"], 0),
])
def test_fail_on_option(tree, args, files, code):
    assert nnlint(*args, *files).exit_code == code


def test_fail_on_in_the_configuration_and_the_command_line_wins(tree):
    write(tree, {"pyproject.toml": "[tool.nnlint]\nfail-on = 'info'\n"})
    assert nnlint("info.py").exit_code == 1
    assert nnlint("--fail-on", "warning", "info.py").exit_code == 0
    write(tree, {"pyproject.toml": "[tool.nnlint]\nfail-on = 'error'\n"})
    run = nnlint("warning.py", "info.py")
    assert run.exit_code == 0 and "below the fail-on severity `error`" in run.stderr


def test_machine_formats_keep_every_finding_and_use_the_gate_for_the_exit_code(tree):
    run = nnlint("--output-format", "json", "info.py", "warning.py")
    assert run.exit_code == 1
    assert sorted({d["severity"] for d in json.loads(run.stdout)}) == ["info", "warning"]
    github = nnlint("--output-format", "github", "info.py")
    assert github.exit_code == 0 and github.stdout.startswith("::notice ")


def test_a_bad_fail_on_is_a_usage_error(tree):
    assert nnlint("--fail-on", "fatal", "info.py").exit_code == 2
    write(tree, {"pyproject.toml": "[tool.nnlint]\nfail-on = 'fatal'\n"})
    run = nnlint("info.py")
    assert run.exit_code == 2 and "pyproject.toml:2: [tool.nnlint] fail-on: must be one of error, warning, info" \
        in run.stderr


def test_per_folder_fail_on(tree):
    write(tree, {"strict/pyproject.toml": "[tool.nnlint]\nfail-on = 'info'\n", "strict/m.py": TANH})
    assert nnlint("info.py").exit_code == 0
    assert nnlint("strict/m.py").exit_code == 1
    assert nnlint_process("strict", "info.py", cwd=tree).exit_code == 1
