"""`nnlint check -`: standard input, named with --stdin-filename (configuration, per-file ignores and the
printed path follow the name); `--fix` writes the fixed text to stdout, as ruff does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import BIAS_OFF, CLEAN, ROOT, RELU_HEAD, write

BOTH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU())\n"


def run(cwd, *args: str, stdin: bytes | str):
    data = stdin.encode() if isinstance(stdin, str) else stdin
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NNLINT_CACHE_DIR": str(cwd / ".cache-here")}
    return subprocess.run([sys.executable, "-m", "nnlint", *args], cwd=cwd, input=data, capture_output=True,
                          env=env, timeout=60)


@pytest.fixture
def project(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.nnlint]\nextend-exclude = ['generated/']\n"
                          "[tool.nnlint.per-file-ignores]\n\"tests/*\" = ['NN2']\n",
        "sub/pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n",
    })
    return tmp_path


def test_stdin_is_linted_under_the_given_name(project):
    done = run(project, "check", "--output-format", "concise", "--stdin-filename", "models/net.py", "-", stdin=BOTH)
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert [line.split(": ")[0] for line in lines] == ["models/net.py:2:39", "models/net.py:2:52"]
    assert b"Found 2 findings in 1 of 1 file checked" in done.stderr


def test_per_file_ignores_and_the_nearest_configuration_follow_the_name(project):
    in_tests = run(project, "-", "--stdin-filename", "tests/test_net.py", "--output-format", "json", stdin=BOTH)
    assert [d["code"] for d in json.loads(in_tests.stdout)] == ["NN101"]
    in_sub = run(project, "-", "--stdin-filename", "sub/net.py", "--output-format", "json", stdin=BOTH)
    assert [d["code"] for d in json.loads(in_sub.stdout)] == ["NN201"]
    assert [d["filename"] for d in json.loads(in_sub.stdout)] == ["sub/net.py"]


def test_without_a_name_the_path_is_a_dash_and_the_current_configuration_applies(project):
    done = run(project, "check", "--output-format", "concise", "-", stdin=RELU_HEAD)
    assert done.returncode == 1 and done.stdout.decode().startswith("-:2:40: NN101")
    assert run(project, "-", stdin=CLEAN).returncode == 0


def test_fix_on_stdin_applies_safe_fixes_only_by_default(project):
    done = run(project, "--fix", "--stdin-filename", "sub/net.py", "-", stdin=BIAS_OFF)
    assert done.stdout.decode() == BIAS_OFF and done.returncode == 1
    assert b"1 unsafe fix hidden" in done.stderr


def test_fix_writes_the_fixed_text_to_stdout_and_the_rest_to_stderr(project):
    done = run(project, "check", "--fix", "--unsafe-fixes", "--stdin-filename", "sub/net.py", "-", stdin=BIAS_OFF)
    assert done.stdout.decode() == BIAS_OFF.replace(", bias=False", "")
    assert done.returncode == 0 and b"All checks passed!" in done.stderr
    remaining = run(project, "--fix", "--stdin-filename", "net.py", "--output-format", "concise", "-",
                    stdin="import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Softmax(dim=-1))\n")
    assert remaining.returncode == 1
    assert b"net.py:2:" in remaining.stderr and b"NN103" in remaining.stderr  # no fix: reported on stderr
    assert remaining.stdout.decode().endswith("nn.Softmax(dim=-1))\n")


def test_fix_keeps_the_encoding_and_line_endings(project):
    latin = "# -*- coding: latin-1 -*-\r\n# caf\xe9\r\n" + BIAS_OFF.replace("\n", "\r\n")
    done = run(project, "--fix-only", "--unsafe-fixes", "--stdin-filename", "sub/net.py", "-",
               stdin=latin.encode("latin-1"))
    assert done.returncode == 0
    assert done.stdout == latin.replace(", bias=False", "").encode("latin-1")


def test_diff_on_stdin(project):
    assert run(project, "--diff", "--stdin-filename", "sub/net.py", "-", stdin=BIAS_OFF).returncode == 0  # unsafe
    done = run(project, "--diff", "--unsafe-fixes", "--stdin-filename", "sub/net.py", "-", stdin=BIAS_OFF)
    assert done.returncode == 1 and b"-model = nn.Sequential(nn.Linear(4, 8, bias=False)" in done.stdout
    assert run(project, "--diff", "-", stdin=CLEAN).returncode == 0


def test_force_exclude_applies_to_the_stdin_name(project):
    linted = run(project, "--stdin-filename", "generated/net.py", "-", stdin=RELU_HEAD)
    assert linted.returncode == 1  # named explicitly: linted, as for a file on the command line
    skipped = run(project, "--force-exclude", "--stdin-filename", "generated/net.py", "-", stdin=RELU_HEAD)
    assert skipped.returncode == 0 and skipped.stdout == b""
    echoed = run(project, "--fix", "--force-exclude", "--stdin-filename", "generated/net.py", "-", stdin=RELU_HEAD)
    assert echoed.returncode == 0 and echoed.stdout.decode() == RELU_HEAD


def test_unreadable_stdin_is_nn000_and_passes_through_fix_untouched(project):
    done = run(project, "--stdin-filename", "x.py", "--output-format", "concise", "-", stdin=b"x = '\xff'\n")
    assert done.returncode == 1 and b"x.py:1:6: NN000" in done.stdout
    fixed = run(project, "--fix", "--stdin-filename", "x.py", "-", stdin=b"x = '\xff'\n")
    assert fixed.stdout == b"x = '\xff'\n" and fixed.returncode == 1


def test_dash_must_be_the_only_path(project):
    done = run(project, "-", "other.py", stdin="")
    assert done.returncode == 2 and b"must be the only path" in done.stderr
