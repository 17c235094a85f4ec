"""noqa tooling: `--add-noqa`, NN002 (invalid directives suppress nothing and are reported), NN001 (unused
directives, opt-in, with a fix), and comments that mix ruff's and nnlint's codes."""

from __future__ import annotations

import json

import pytest

from helpers import BIAS_OFF, RELU_HEAD, nnlint, nnlint_process, write

BOTH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU())"


def codes(run) -> list[str]:
    return [d["code"] for d in json.loads(run.stdout)]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- --add-noqa ----------------------------------------------------------------------------------

def test_add_noqa_suppresses_every_current_finding_and_keeps_comments(tree):
    write(tree, {
        "a.py": BOTH + "  # keep this comment\n",
        "b.py": BOTH + "  # noqa: E501\n",
        "c.py": RELU_HEAD,
        "d.py": "import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(4, 8),\n    nn.ReLU(),\n)\n",
    })
    run = nnlint_process("check", "--add-noqa", ".", cwd=tree)
    assert run.exit_code == 0, run.stderr
    assert "Added 4 noqa directives to 4 files." in run.stderr
    assert (tree / "a.py").read_text() == BOTH + "  # keep this comment  # noqa: NN201, NN101\n"
    assert (tree / "b.py").read_text() == BOTH + "  # noqa: E501, NN201, NN101\n"
    assert (tree / "c.py").read_text() == RELU_HEAD.rstrip("\n") + "  # noqa: NN101\n"
    assert "    nn.ReLU(),  # noqa: NN101\n" in (tree / "d.py").read_text()
    after = nnlint("--output-format", "json", "--extend-select", "NN001", ".")
    assert after.exit_code == 0 and codes(after) == []  # all suppressed, and none of the added ones unused
    again = nnlint_process("--add-noqa", ".", cwd=tree)
    assert "No noqa directives added." in again.stderr


def test_add_noqa_keeps_bom_crlf_and_encoding(tree):
    data = b"\xef\xbb\xbf" + BIAS_OFF.replace("\n", "\r\n").encode()
    (tree / "m.py").write_bytes(data)
    assert nnlint("--add-noqa", "m.py").exit_code == 0
    assert (tree / "m.py").read_bytes() == b"\xef\xbb\xbf" + BIAS_OFF.replace("\n", "\r\n").encode().replace(
        b"nn.Linear(8, 2))\r\n", b"nn.Linear(8, 2))  # noqa: NN201\r\n")


def test_add_noqa_uses_the_statement_line_when_the_line_cannot_end_in_a_comment(tree):
    write(tree, {"m.py": 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), \\\n    nn.ReLU())\n'})
    nnlint("--add-noqa", "m.py")
    text = (tree / "m.py").read_text()
    assert text == 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), \\\n    nn.ReLU())  # noqa: NN101\n'
    assert nnlint("m.py").exit_code == 0


# -- invalid directives (NN002) ---------------------------------------------------------------------

@pytest.mark.parametrize("comment", ["# noqa: NN", "# noqa: 101", "# noqa:,", "# noqa:"])
def test_a_directive_naming_no_code_suppresses_nothing_and_is_reported(tree, comment):
    write(tree, {"m.py": f"{BOTH}  {comment}\n"})
    run = nnlint("--output-format", "json", "m.py")
    assert run.exit_code == 1
    found = json.loads(run.stdout)
    assert sorted(d["code"] for d in found) == ["NN002", "NN101", "NN201"]
    invalid = next(d for d in found if d["code"] == "NN002")
    assert invalid["line"] == 2 and "suppresses nothing" in invalid["message"]


def test_unknown_nn_code_is_reported_with_a_fix_and_other_tools_codes_are_accepted(tree):
    write(tree, {"m.py": f"{BOTH}  # noqa: E501, NN101, NN999, RUF100\n"})
    run = nnlint("--output-format", "json", "m.py")
    found = json.loads(run.stdout)
    assert sorted(d["code"] for d in found) == ["NN002", "NN201"]
    assert "unknown rule code NN999" in next(d for d in found if d["code"] == "NN002")["message"]
    assert nnlint("--fix", "--select", "NN002", "m.py").exit_code == 0
    assert (tree / "m.py").read_text() == f"{BOTH}  # noqa: E501, NN101, RUF100\n"


def test_missing_colon_suppresses_only_the_named_code(tree):
    write(tree, {"m.py": f"{BOTH}  # noqa NN201\n"})
    assert sorted(codes(nnlint("--output-format", "json", "m.py"))) == ["NN002", "NN101"]


def test_nn002_can_be_ignored(tree):
    write(tree, {"m.py": f"{BOTH}  # noqa: NN\n"})
    assert sorted(codes(nnlint("--output-format", "json", "--ignore", "NN002", "m.py"))) == ["NN101", "NN201"]


# -- unused directives (NN001) ----------------------------------------------------------------------

def test_unused_noqa_is_opt_in_reported_and_fixed(tree):
    write(tree, {"m.py": RELU_HEAD.rstrip("\n") + "  # noqa: NN101, NN201, E501\nx = 1  # noqa: NN301\n"})
    assert codes(nnlint("--output-format", "json", "m.py")) == []  # opt-in
    run = nnlint("--output-format", "json", "--extend-select", "NN001", "m.py")
    found = json.loads(run.stdout)
    assert [(d["code"], d["line"]) for d in found] == [("NN001", 2), ("NN001", 3)]
    assert "unused: `NN201`" in found[0]["message"] and found[0]["fix"] is not None
    fixed = nnlint("--fix", "--extend-select", "NN001", "m.py")
    assert fixed.exit_code == 0
    assert (tree / "m.py").read_text() == RELU_HEAD.rstrip("\n") + "  # noqa: NN101, E501\nx = 1\n"


def test_unused_noqa_names_codes_of_rules_not_enabled(tree):
    write(tree, {"m.py": RELU_HEAD.rstrip("\n") + "  # noqa: NN101\n"})
    run = nnlint("--output-format", "json", "--select", "NN001,NN2", "m.py")
    assert "non-enabled: `NN101`" in json.loads(run.stdout)[0]["message"]


def test_bare_noqa_is_never_reported_as_unused(tree):
    write(tree, {"m.py": "x = 1  # noqa\n"})
    assert codes(nnlint("--output-format", "json", "--select", "ALL", "m.py")) == []
