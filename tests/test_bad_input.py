"""Bad input never stops a run: each unreadable or unparsable file is one NN000 finding, the rest is linted."""

from __future__ import annotations

import json
import os
import sys

import pytest

from helpers import RELU_HEAD, nnlint, nnlint_process, write
from nnlint import document as source
from nnlint.config import Config
from nnlint.engine import Linter


@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"ok/head.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args: str) -> tuple[int, list[dict]]:
    run = nnlint("--output-format", "json", *args)
    return run.exit_code, json.loads(run.stdout)


def nn000(items: list[dict], filename: str) -> dict:
    matches = [d for d in items if d["filename"] == filename]
    assert len(matches) == 1 and matches[0]["code"] == "NN000", matches
    return matches[0]


def test_syntax_error_has_line_and_column(tree):
    write(tree, {"ok/broken.py": "import torch\n\ndef f(x:\n    return x\n"})
    code, items = findings(".")
    assert code == 1
    error = nn000(items, "ok/broken.py")
    assert (error["line"], error["column"]) == (3, 6)
    assert error["message"].startswith("syntax error: ") and "not linted" in error["message"]
    assert error["severity"] == "error"
    assert any(d["code"] == "NN101" for d in items)  # the rest of the tree is linted


def test_syntax_error_column_counts_characters_not_bytes(tree):
    write(tree, {"u.py": 'name = "héllo"; x = (1 +\n'})
    error = nn000(findings("u.py")[1], "u.py")
    assert (error["line"], error["column"]) == (1, 21)


def test_syntax_error_in_full_format_shows_the_line(tree):
    write(tree, {"b.py": "x = (1 +\n"})
    out = nnlint("b.py").stdout
    assert out.startswith("b.py:1:5: NN000 syntax error:")
    assert "1 | x = (1 +" in out


def test_binary_file(tree):
    write(tree, {"ok/blob.py": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    code, items = findings(".")
    error = nn000(items, "ok/blob.py")
    assert "NUL" in error["message"]
    assert code == 1 and len(items) == 2


def test_undecodable_bytes_point_at_the_bad_byte(tree):
    write(tree, {"latin.py": b"import torch\ns = 'caf\xe9'\n"})
    error = nn000(findings("latin.py")[1], "latin.py")
    assert (error["line"], error["column"]) == (2, 9)
    assert "0xe9" in error["message"] and "UTF-8" in error["message"]


def test_declared_encoding_is_honoured_and_bad_cookie_reported(tree):
    write(tree, {"latin.py": b"# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n", "cookie.py": b"# coding: nope\nx = 1\n"})
    code, items = findings("latin.py", "cookie.py")
    assert [d["filename"] for d in items] == ["cookie.py"]
    assert "nope" in items[0]["message"]


def test_utf8_bom_is_fine(tree):
    write(tree, {"bom.py": b"\xef\xbb\xbf" + RELU_HEAD.encode()})
    items = findings("bom.py")[1]
    assert [(d["code"], d["line"], d["column"]) for d in items] == [("NN101", 2, 40)]


def test_unreadable_file_permission_denied_simulated(tree, monkeypatch):
    """Root can read a 0o000 file, so the permission error is simulated at the point where the file is opened."""
    write(tree, {"ok/secret.py": RELU_HEAD})
    real_open = open

    def guarded(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(source, "open", guarded, raising=False)
    result = Linter(Config(root=tree)).lint_paths(["ok"])
    by_file = {d.path: d for d in result.diagnostics}
    assert by_file["ok/secret.py"].code == "NN000"
    assert "permission denied" in by_file["ok/secret.py"].message
    assert by_file["ok/head.py"].code == "NN101"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root (or Windows) can read a 0o000 file")
def test_unreadable_file_permission_denied_for_real(tree):
    secret = tree / "ok/secret.py"
    write(tree, {"ok/secret.py": RELU_HEAD})
    secret.chmod(0)
    try:
        error = nn000(findings(".")[1], "ok/secret.py")
        assert "permission denied" in error["message"]
    finally:
        secret.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_never_blocks_the_run(tree):
    os.mkfifo(tree / "ok/pipe.py")
    # in a child process with a timeout: before the fix this hung forever in open()
    walked = nnlint_process("--output-format", "json", ".", cwd=tree, timeout=30)
    assert [d["code"] for d in json.loads(walked.stdout)] == ["NN101"]  # skipped while walking
    named = nnlint_process("--output-format", "json", "ok/pipe.py", cwd=tree, timeout=30)
    assert "not a regular file" in json.loads(named.stdout)[0]["message"]


def test_a_directory_named_like_a_python_file_is_walked(tree):
    write(tree, {"pkg.py/inner.py": RELU_HEAD})
    assert sorted(d["filename"] for d in findings(".")[1]) == ["ok/head.py", "pkg.py/inner.py"]


def test_empty_directory_is_clean(tree):
    (tree / "empty").mkdir()
    run = nnlint("empty")
    assert run.exit_code == 0 and run.stdout == ""
    assert "All checks passed! (0 files checked)" in run.stderr


def test_directory_without_python_files_is_clean(tree):
    write(tree, {"docs/readme.md": "# hi\n", "docs/data.json": "{}"})
    run = nnlint("docs")
    assert run.exit_code == 0 and "All checks passed! (0 files checked)" in run.stderr


@pytest.mark.internal_errors_reported
def test_a_rule_crash_becomes_a_finding_not_a_crash(tree, monkeypatch):
    from nnlint.rules.output import OutputActivation

    def boom(self, facts):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(OutputActivation, "check", boom)
    items = findings("ok")[1]
    assert [d["code"] for d in items] == ["NN000"]
    assert "internal error in NN101" in items[0]["message"] and "kaboom" in items[0]["message"]


def test_form_feed_lines_keep_source_lines_and_columns_aligned():
    from nnlint import lint_source

    text = "import torch.nn as nn\n\x0c\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"
    (finding,) = [d for d in lint_source(text) if d.code == "NN101"]
    assert finding.line == 3 and finding.source_line.startswith("model = nn.Sequential")
