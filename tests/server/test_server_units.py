"""The server's pieces without a client: positions in each encoding, incremental edits, noqa placement,
settings, the notebook join."""

from __future__ import annotations

import pytest
from lsprotocol import types

from nnlint.server import actions, adapter
from nnlint.server.documents import TextDocument, uri_to_path
from nnlint.server.settings import parse
from nnlint.server.text import TextLines, char_index, units
from nnlint.server.units import Unit


@pytest.mark.parametrize("encoding, expected", [("utf-16", 5), ("utf-8", 8), ("utf-32", 4)])
def test_units_count_as_the_client_does(encoding, expected):
    assert units('a😀é"', encoding) == expected  # 1 + (2|4|1) + (1|2|1) + 1
    assert char_index('a😀é"', expected, encoding) == 4


def test_a_position_inside_a_character_snaps_to_its_start():
    assert char_index("😀x", 1, "utf-16") == 0
    assert char_index("😀x", 3, "utf-8") == 0
    assert char_index("ab", 99, "utf-16") == 2


def test_lines_break_as_python_and_lsp_do_not_at_form_feeds():
    lines = TextLines("a\x0cb\r\nc\u2028d\re\n")
    assert lines.line_count == 4
    assert [lines.line(i) for i in range(4)] == ["a\x0cb", "c\u2028d", "e", ""]
    assert lines.offset_at(1, 3, "utf-16") == len("a\x0cb\r\n") + 3
    assert lines.position_at(len("a\x0cb\r\nc\u2028d\r"), "utf-16") == (2, 0)


def test_incremental_changes_land_after_a_form_feed():
    document = TextDocument("file:///x.py", TextLines("x = 1\x0c\ny = 2\n"))
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(1, 4), types.Position(1, 5)), text="3")
    document.apply(change, "utf-16")
    assert document.text == "x = 1\x0c\ny = 3\n"


def test_nnlint_columns_become_client_units():
    lines = TextLines("s = '😀'; f(x)\n")
    assert lines.client_position(1, 10, "utf-16") == (0, 10)  # column 10 is `f`, after a 2-unit emoji
    assert lines.client_position(1, 10, "utf-8") == (0, 12)
    assert lines.nnlint_position(0, 10, "utf-16") == (1, 10)


def test_uri_to_path():
    assert uri_to_path("file:///home/me/a%20b.py") == "/home/me/a b.py"
    assert uri_to_path("untitled:Untitled-1") == "Untitled-1"


def _document(text: str):
    return adapter.file_document("/m.py", text)


def _finding(line: int, statement_line: int | None = None, code: str = "NN201") -> adapter.Diagnostic:
    return adapter.Diagnostic(code, "bias-disabled", adapter.Severity.WARNING, "m", "/m.py", line, 1, line, 2,
                              statement_line=statement_line)


def test_noqa_goes_on_the_finding_line_and_extends_an_existing_list():
    text = "a = f(1)\nb = g(2)  # noqa: NN101\nc = h(3)  # a comment\n"
    lines = TextLines(text)
    noqa = [adapter.noqa_edits(_document(text), _finding(line)) for line in (1, 2, 3)]
    assert _applied(lines, noqa[0], 1) == "a = f(1)  # noqa: NN201"
    assert _applied(lines, noqa[1], 2) == "b = g(2)  # noqa: NN101, NN201"
    assert _applied(lines, noqa[2], 3) == "c = h(3)  # a comment  # noqa: NN201"


def test_noqa_avoids_lines_ending_inside_a_string():
    text = 'x = f(bias=False, doc="""\nmore\n""")\n'
    assert adapter.noqa_edits(_document(text), _finding(1, statement_line=1)) == ()  # no line can end in a comment
    text = 'x = f(\n    bias=False, doc="""\nmore""")\n'
    [edit] = adapter.noqa_edits(_document(text), _finding(2, statement_line=1))
    assert edit.line == 1 and edit.content == "  # noqa: NN201"


def test_bare_noqa_needs_no_action():
    assert adapter.noqa_edits(_document("a = f(1)  # noqa\n"), _finding(1)) == ()


def test_ignore_in_file_goes_after_shebang_and_coding_and_extends_an_existing_line():
    document = _document("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport torch\n")
    [edit] = adapter.file_ignore_edits(document, "NN201")
    assert (edit.line, edit.column, edit.content) == (3, 1, "# nnlint: noqa: NN201\n")
    [edit] = adapter.file_ignore_edits(_document("import torch\n# nnlint: noqa: NN101\n"), "NN201")
    assert (edit.line, edit.content) == (2, ", NN201")


def _applied(lines: TextLines, edits: tuple[adapter.Edit, ...], line: int) -> str:
    [edit] = edits
    text = lines.line(line - 1)
    return text[:edit.column - 1] + edit.content + text[edit.end_column - 1:]


def test_settings_are_validated_and_problems_reported():
    settings = parse({"nnlint": {"select": ["nn1", "NN2"], "ignore": "NN101", "showInfo": False, "lintDelay": 5}})
    assert settings.selectors.select == ("NN1", "NN2") and settings.selectors.ignore == ("NN101",)
    assert settings.show_info is False and settings.lint_delay == 0.005 and not settings.problems
    bad = parse({"select": ["NN999"], "showInfo": "yes", "lintDelay": -1})
    assert bad.selectors.select is None and bad.show_info is True
    assert len(bad.problems) == 3 and any("NN999" in problem for problem in bad.problems)


def test_verify_target_is_the_top_level_model_around_the_cursor():
    from nnlint.server.verify_command import target_at

    text = "import torch\n\n@decorate\nclass Net:\n    x = 1\n\ndef build():\n    return Net()\n\nrun()\n"
    assert target_at("m.py", text, 3) == "m.py::Net"
    assert target_at("m.py", text, 8) == "m.py::build"
    assert target_at("m.py", text, 10) == "m.py"
    assert target_at("m.py", "def broken(:\n", 1) == "m.py"


def test_the_linter_does_not_load_the_server_libraries():
    """`nnlint --help` and a lint run import neither pygls nor lsprotocol (the `server` extra is optional)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for args in (["--help"], ["check", "--no-cache", str(root / "fixtures" / "torch" / "mlp_relu_head.py")]):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "nnlint", *args], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(root)})
        assert done.returncode in (0, 1), done.stderr
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
        assert not {name for name in imported if name.startswith(("pygls", "lsprotocol", "nnlint.server"))}
