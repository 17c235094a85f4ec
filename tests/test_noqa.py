"""Suppression comments: `# noqa[: CODES]` per line (or statement) and `# nnlint: noqa` per file."""

from __future__ import annotations

import pytest

from helpers import nnlint, write
from nnlint import lint_source
from nnlint.noqa import LineSuppressions, comments, file_exemption

HEAD = "import torch.nn as nn\n"
LINE = "model = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU())"  # NN201 and NN101 on line 2


def found(text: str) -> list[str]:
    return sorted(d.code for d in lint_source(text, "m.py"))


def test_without_noqa_both_fire():
    assert found(HEAD + LINE + "\n") == ["NN101", "NN201"]


@pytest.mark.parametrize(("comment", "left"), [
    ("# noqa", []),
    ("#noqa", []),
    ("# NOQA", []),
    ("# noqa: NN201", ["NN101"]),
    ("# noqa:NN201", ["NN101"]),
    ("# noqa: nn201", ["NN101"]),
    ("# noqa: NN101, NN201", []),
    ("# noqa: NN101 NN201", []),
    ("# noqa: NN1", ["NN201"]),  # a prefix
    ("# noqa: NN", ["NN002", "NN101", "NN201"]),  # names no code: suppresses nothing, and is reported
    ("# noqa: 101", ["NN002", "NN101", "NN201"]),
    ("# noqa:,", ["NN002", "NN101", "NN201"]),
    ("# noqa: NN101, 101", ["NN002", "NN201"]),  # the named code counts; the non-code is reported
    ("# noqa: E501, NN201", ["NN101"]),  # ruff's and nnlint's codes in one comment
    ("# noqa: NN999", ["NN002", "NN101", "NN201"]),  # an unknown NN code
    ("# noqa: E501", ["NN101", "NN201"]),  # another tool's code suppresses nothing of ours
    ("# noqa: NN201 bias is intended here", ["NN101"]),  # words after the codes are a reason
    ("# type: ignore  # noqa: NN101", ["NN201"]),
    ("# no qa", ["NN101", "NN201"]),
    ("# this is noqa-free prose", ["NN101", "NN201"]),
])
def test_line_noqa(comment, left):
    assert found(f"{HEAD}{LINE}  {comment}\n") == left


def test_noqa_on_another_line_does_not_count():
    assert found(f"{HEAD}{LINE}\nx = 1  # noqa\n") == ["NN101", "NN201"]


MULTI = """import torch.nn as nn
model = nn.Sequential({first}
    nn.Linear(4, 8, bias=False),{second}
    nn.ReLU(),{third}
)
"""


@pytest.mark.parametrize(("first", "second", "third", "left"), [
    ("", "", "", ["NN101", "NN201"]),
    ("  # noqa: NN201", "", "", ["NN101"]),  # the statement's first line
    ("  # noqa", "", "", []),
    ("", "  # noqa: NN201", "", ["NN101"]),  # the finding's own line
    ("", "", "  # noqa: NN101", ["NN201"]),
    ("", "  # noqa: NN101", "", ["NN101", "NN201"]),  # a line that holds neither finding's start
])
def test_noqa_on_multi_line_statements(first, second, third, left):
    assert found(MULTI.format(first=first, second=second, third=third)) == left


def test_hash_inside_a_string_is_not_a_comment():
    text = f'{HEAD}{LINE}; note = "# noqa"\n'
    assert found(text) == ["NN101", "NN201"]
    assert comments('s = "# noqa"\n') == {}
    assert LineSuppressions('s = "# noqa: NN101"\n').suppresses("NN101", 1) is False
    assert file_exemption('s = """\n# nnlint: noqa\n"""\n') is False


def test_hash_in_a_string_then_a_real_comment():
    assert LineSuppressions('s = "#"  # noqa: NN1\n').suppresses("NN101", 1)


@pytest.mark.parametrize(("line", "skipped"), [
    ("# nnlint: noqa", True),
    ("#nnlint:noqa", True),
    ("# NNLINT: NOQA", True),
    ("# flake8: noqa", False),  # another tool's file-level switch is that tool's business
    ("# nnlint: noqa: NN101", False),  # only NN101 is exempted
    ("x = 1  # nnlint: noqa is not at the end", False),
    ("x = 1  # nnlint: noqa", False),  # trailing code: not a file-level switch
    ("    # nnlint: noqa", True),
])
def test_file_level_noqa(line, skipped):
    text = f"{line}\n{HEAD}{LINE}\n"
    result = found(text)
    if skipped:
        assert result == []
    elif "NN101" in line:
        assert result == ["NN201"]
    else:
        assert result == ["NN101", "NN201"]


def test_file_level_noqa_skips_even_a_broken_file():
    assert found("# nnlint: noqa\ndef f(:\n") == []


def test_suppressed_findings_are_not_printed_nor_counted(tmp_path, monkeypatch):
    write(tmp_path, {"m.py": f"{HEAD}{LINE}  # noqa\n", "skip.py": f"# nnlint: noqa\n{HEAD}{LINE}\n"})
    monkeypatch.chdir(tmp_path)
    run = nnlint(".")
    assert run.exit_code == 0 and run.stdout == ""
    assert "All checks passed! (2 files checked)" in run.stderr
