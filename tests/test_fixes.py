"""`nnlint --fix`: before/after pairs on disk, the fixtures round trip, and the file-writing rules.

`tests/fixes/<CODE>/<case>.in.py` fixed with only <CODE> selected must give `<case>.out.py`, byte for
byte (an `.out.py` equal to its `.in.py` says: no fix is offered there).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint import lint_source
from nnlint.cli import main
from nnlint.diagnostics import Edit
from nnlint.document import Document
from nnlint.edits import apply_edits, diff_edits
from nnlint.fix import compute_fixes, fix_source, loop
from nnlint.lint import lint
from nnlint.rules import ALL_RULES
from nnlint.selection import Selection


def decode(data: bytes, path: str) -> Document:
    return Document.from_bytes(data, path)

HERE = Path(__file__).resolve().parent
PAIRS = sorted((HERE / "fixes").rglob("*.in.py"))
FIXTURES = HERE.parent / "fixtures"


def _out(path: Path) -> Path:
    return path.with_name(path.name.replace(".in.py", ".out.py"))


def _fix(path: Path, text: str):
    return fix_source(text, str(path), Selection(select=[path.parent.name]))


@pytest.mark.parametrize("case", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name[:-6]}")
def test_fix_gives_the_expected_text(case):
    source = decode(case.read_bytes(), str(case))
    outcome = _fix(case, source.text)
    assert outcome.text.encode(source.encoding) == _out(case).read_bytes()
    if outcome.changed:
        assert outcome.applied and all(d.code == case.parent.name for d in outcome.applied)
        assert not [d for d in outcome.remaining if d.code == case.parent.name and d.fix is not None]
    else:
        assert not outcome.applied and any(d.code == case.parent.name and d.fix is None for d in outcome.remaining)


@pytest.mark.parametrize("case", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name[:-6]}")
def test_fix_is_idempotent(case):
    fixed = decode(_out(case).read_bytes(), str(case)).text
    assert _fix(case, fixed).text == fixed


@pytest.mark.parametrize("case", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name[:-6]}")
def test_json_edits_reproduce_the_fix(case):
    """The edits shown to users (json/SARIF) are exactly what --fix applies, for single-pass cases."""
    document = decode(case.read_bytes(), str(case))
    text = document.text
    rules = Selection(select=[case.parent.name]).rules()
    diagnostics = compute_fixes(document, lint(document, rules), rules)
    fixes = [d.fix for d in diagnostics if d.fix is not None]
    edits = [e for fix in fixes for e in fix.edits]
    expected = _fix(case, text)
    if expected.passes == 1:
        assert apply_edits(text, edits) == expected.text


def test_a_rule_is_fixable_exactly_when_its_findings_offer_fixes():
    """`fixable` is declared once, by the examples; the rule's findings must agree with it."""
    for rule in ALL_RULES:
        offered = any(d.fix is not None for example in rule.invalid
                      for d in lint_source(example.code, "example.py", Selection(select=[rule.code])))
        assert offered == rule.fixable, rule.code


# -- the loop ------------------------------------------------------------------------------------
def test_stacked_activations_are_removed_over_several_passes():
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU(), nn.ReLU())\n"
    outcome = fix_source(text)
    assert outcome.text == "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n"
    assert outcome.passes == 2 and len(outcome.applied) == 2 and outcome.remaining == []


def test_non_overlapping_fixes_apply_in_one_pass():
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())\n"
    outcome = fix_source(text)
    assert outcome.text == "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\n"
    assert outcome.passes == 1 and sorted(d.code for d in outcome.applied) == ["NN101", "NN201"]


def _replacing_fix_of(monkeypatch, code, make_edits):
    real = loop.edits_for

    def fake(document, intent):
        edits = real(document, intent)
        return make_edits(edits[0]) if intent.message.startswith("Remove `bias") else edits

    monkeypatch.setattr(loop, "edits_for", fake)


def test_a_fix_that_breaks_the_code_is_refused_and_reported(monkeypatch):
    _replacing_fix_of(monkeypatch, "NN201", lambda edit: (Edit(edit.line, 1, edit.line, 1, "("),))
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))\n"
    outcome = fix_source(text)
    assert outcome.text == text and not outcome.applied
    assert [r.reason for r in outcome.rejected] == ["the fixed code would not parse"]
    assert [d.code for d in outcome.remaining] == ["NN201"] and outcome.remaining[0].fix is None


def test_a_fix_that_leaves_its_finding_is_refused(monkeypatch):
    _replacing_fix_of(monkeypatch, "NN201", lambda edit: (Edit(edit.line, 1, edit.line, 1, "# hm\n"),))
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))\n"
    outcome = fix_source(text)
    assert outcome.text == text
    assert outcome.rejected[0].reason == "the fix does not remove the NN201 finding"


def test_noqa_and_selection_are_respected():
    text = ("import torch.nn as nn\n"
            "model = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())  # noqa: NN101\n")
    outcome = fix_source(text)
    assert outcome.text == text.replace(", bias=False", "")
    assert fix_source(text, selection=Selection(ignore=["NN2"])).text == text


def test_unparsable_source_is_left_alone():
    outcome = fix_source("import torch\ndef broken(:\n")
    assert not outcome.changed and [d.code for d in outcome.remaining] == ["NN000"]


def test_diff_edits_round_trip():
    old = "a = 1\r\nb = [x,\r\n     y]\r\nc = 3"
    for new in ("a = 1\r\nb = [x]\r\nc = 3", "a = 2\r\nb = [x,\r\n     y]\r\nc = 3\r\n", "", "b = [y]"):
        assert apply_edits(old, diff_edits(old, new)) == new


# -- the fixtures round trip -----------------------------------------------------------------------
def test_fixtures_round_trip(tmp_path):
    tree = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, tree)
    runner = CliRunner()
    first = runner.invoke(main, ["--fix", "--unsafe-fixes", str(tree)])
    assert first.exit_code in (0, 1), first.output
    files = sorted(tree.rglob("*.py"))
    snapshot = {p: p.read_bytes() for p in files}
    assert snapshot != {p: (FIXTURES / p.relative_to(tree)).read_bytes() for p in files}
    for path in files:
        ast.parse(path.read_bytes())
        document = Document.read(str(path))
        rules = Selection().rules()
        remaining = compute_fixes(document, lint(document, rules), rules)
        assert [d for d in remaining if d.fix is not None] == [], path
    second = runner.invoke(main, ["--fix", "--unsafe-fixes", str(tree)])
    assert {p: p.read_bytes() for p in files} == snapshot
    assert second.exit_code == first.exit_code
    assert runner.invoke(main, ["--diff", "--unsafe-fixes", str(tree)]).exit_code == 0


# -- the command line ----------------------------------------------------------------------------------
SOURCE = "import torch.nn as nn\r\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())"
FIXED = "import torch.nn as nn\r\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))"


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "model.py"
    path.write_bytes(SOURCE.encode())
    return path


def test_fix_writes_the_file_keeping_line_endings_and_permissions(model_file):
    os.chmod(model_file, 0o640)
    result = CliRunner().invoke(main, ["--fix", "--unsafe-fixes", str(model_file)])
    assert result.exit_code == 0, result.output
    assert model_file.read_bytes() == FIXED.encode()
    assert stat.S_IMODE(model_file.stat().st_mode) == 0o640
    assert "Fixed 1 finding in 1 file." in result.stderr
    assert [p.name for p in model_file.parent.iterdir()] == ["model.py"]  # no temporary file left


def test_read_only_file_is_reported_not_crashed_on(model_file):
    os.chmod(model_file, 0o444)
    try:
        result = CliRunner().invoke(main, ["--fix", "--unsafe-fixes", str(model_file)])
    finally:
        os.chmod(model_file, 0o644)
    assert result.exit_code == 1
    assert "read-only" in result.stderr and "NN101" in result.stdout
    assert model_file.read_bytes() == SOURCE.encode()


def test_diff_prints_and_writes_nothing(model_file):
    result = CliRunner().invoke(main, ["--diff", "--unsafe-fixes", str(model_file)])
    assert result.exit_code == 1
    assert f"--- {model_file}" in result.stdout and "-model = nn.Sequential" in result.stdout
    assert "\\ No newline at end of file" in result.stdout
    assert model_file.read_bytes() == SOURCE.encode()
    model_file.write_bytes(FIXED.encode())
    clean = CliRunner().invoke(main, ["--diff", "--unsafe-fixes", str(model_file)])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_fix_only_reports_nothing_else(model_file):
    result = CliRunner().invoke(main, ["--fix-only", "--unsafe-fixes", "--quiet", str(model_file)])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert model_file.read_bytes() == FIXED.encode()


def test_fix_exit_code_reflects_what_remains(tmp_path):
    path = tmp_path / "loop.py"
    shutil.copy(FIXTURES / "torch" / "mlp_built_in_a_loop.py", path)
    result = CliRunner().invoke(main, ["--fix", "--unsafe-fixes", str(path)])
    assert result.exit_code == 1 and "NN101" in result.stdout


def test_fixable_findings_are_marked_in_every_format(model_file):
    runner = CliRunner()
    full = runner.invoke(main, [str(model_file)])  # NN101's fix is unsafe: not marked, counted as hidden
    assert "NN101 [*]" not in full.stdout and "1 unsafe fix hidden" in full.stderr
    full = runner.invoke(main, ["--unsafe-fixes", str(model_file)])
    assert "NN101 [*]" in full.stdout and "[*] 1 fixable" in full.stderr
    # a plain run says a fix exists (and what kind) from the rule's intent; edits come with --fix-edits
    plain = json.loads(runner.invoke(main, ["--output-format", "json", str(model_file)]).stdout)[0]["fix"]
    assert plain == {"message": "Remove the output activation", "applicability": "unsafe", "edits": None}
    fix = json.loads(runner.invoke(main, ["--output-format", "json", "--fix-edits", str(model_file)]).stdout)[0]["fix"]
    assert fix["edits"] == [{"content": "", "location": {"row": 2, "column": 66},
                             "end_location": {"row": 2, "column": 77}}]
    sarif = json.loads(runner.invoke(main, ["--output-format", "sarif", str(model_file)]).stdout)
    assert "fixes" not in sarif["runs"][0]["results"][0]
    sarif = json.loads(runner.invoke(main, ["--output-format", "sarif", "--fix-edits", str(model_file)]).stdout)
    assert sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert "[*]" not in runner.invoke(main, ["--statistics", str(model_file)]).stdout
    assert "[*]" in runner.invoke(main, ["--statistics", "--unsafe-fixes", str(model_file)]).stdout


@pytest.mark.internal_errors_reported
def test_a_crashing_fix_is_a_finding_not_a_silent_no_fix(monkeypatch):
    def crash(document, intent):
        raise KeyError("kaboom")

    monkeypatch.setattr(loop, "edits_for", crash)
    text = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))\n"
    outcome = fix_source(text)
    assert outcome.text == text
    errors = [d for d in outcome.remaining if d.code == "NN000"]
    assert len(errors) == 1 and "internal error in the NN201 fix" in errors[0].message and "kaboom" in errors[0].message


def test_a_crashing_fix_fails_loudly_under_test(monkeypatch):
    def crash(document, intent):
        raise KeyError("kaboom")

    monkeypatch.setattr(loop, "edits_for", crash)
    with pytest.raises(KeyError):
        fix_source("import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))\n")
