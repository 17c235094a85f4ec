"""Fix safety as ruff users expect it: `--fix` applies safe fixes only, `--unsafe-fixes` (or
`unsafe-fixes = true`) the rest; `fixable`/`unfixable`/`extend-safe-fixes`/`extend-unsafe-fixes`;
`--show-fixes`; the summary counts the hidden unsafe fixes; `--exit-non-zero-on-fix`; JSON carries
ruff's shapes (`fix.applicability`, `location`, `noqa_row`, `--statistics` with a boolean `fixable`)."""

from __future__ import annotations

import json

import pytest

from helpers import nnlint, write
from nnlint import lint_source
from nnlint.diagnostics import Applicability
from nnlint.rules import ALL_RULES
from nnlint.selection import Selection

#: NN201 (unsafe fix: a bias changes the state_dict) and NN301 (safe fix: an initializer only affects new training)
MODEL = """import torch.nn as nn
layer = nn.Linear(4, 8, bias=False)
nn.init.xavier_uniform_(layer.weight)
model = nn.Sequential(layer, nn.ReLU(), nn.Linear(8, 2))
"""
SAFE_FIXED = MODEL.replace("nn.init.xavier_uniform_(layer.weight)", "nn.init.kaiming_uniform_(layer.weight, nonlinearity=\"relu\")")
ALL_FIXED = SAFE_FIXED.replace(", bias=False", "")


@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"m.py": MODEL})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _codes(run):
    return sorted(d["code"] for d in json.loads(run.stdout))


def test_the_model_offers_one_safe_and_one_unsafe_fix(tree):
    found = {d["code"]: d["fix"]["applicability"] for d in json.loads(nnlint("--output-format", "json", "m.py").stdout)}
    assert found == {"NN201": "unsafe", "NN301": "safe"}


def test_fix_applies_safe_fixes_only_and_says_how_many_are_hidden(tree):
    run = nnlint("--fix", "m.py")
    assert (tree / "m.py").read_text() == SAFE_FIXED
    assert run.exit_code == 1 and "NN201" in run.stdout
    assert "Fixed 1 finding in 1 file." in run.stderr
    assert "1 unsafe fix hidden" in run.stderr and "--unsafe-fixes" in run.stderr
    assert "[*]" not in run.stdout  # the remaining fix is unsafe: not what --fix would apply


@pytest.mark.parametrize("how", [["--unsafe-fixes"], "config"])
def test_unsafe_fixes_apply_everything(tree, how):
    if how == "config":
        write(tree, {"pyproject.toml": "[tool.nnlint]\nunsafe-fixes = true\n"})
        how = []
    run = nnlint("--fix", *how, "m.py")
    assert run.exit_code == 0 and (tree / "m.py").read_text() == ALL_FIXED


def test_no_unsafe_fixes_wins_over_the_configuration(tree):
    write(tree, {"pyproject.toml": "[tool.nnlint]\nunsafe-fixes = true\n"})
    nnlint("--fix", "--no-unsafe-fixes", "m.py")
    assert (tree / "m.py").read_text() == SAFE_FIXED


def test_the_mark_follows_the_setting(tree):
    plain = nnlint("m.py").stdout
    assert "NN301 [*]" in plain and "NN201 [*]" not in plain
    unsafe = nnlint("--unsafe-fixes", "m.py")
    assert "NN201 [*]" in unsafe.stdout and "[*] 2 fixable" in unsafe.stderr


@pytest.mark.parametrize(("toml", "expected"), [
    ("unfixable = ['NN3']\n", MODEL),  # NN301 may not be fixed; NN201 is unsafe
    ("extend-safe-fixes = ['NN201']\n", ALL_FIXED),  # NN201 promoted to safe
    ("extend-unsafe-fixes = ['NN301']\n", MODEL),  # NN301 demoted: nothing safe left
    ("fixable = ['NN2']\nextend-safe-fixes = ['NN2']\n", SAFE_FIXED.replace(
        "kaiming_uniform_(layer.weight, nonlinearity=\"relu\")", "xavier_uniform_(layer.weight)").replace(", bias=False", "")),
    ("extend-safe-fixes = ['NN2']\nextend-unsafe-fixes = ['NN201']\n", SAFE_FIXED),  # the more specific wins
])
def test_fixable_and_safety_settings(tree, toml, expected):
    write(tree, {"pyproject.toml": "[tool.nnlint]\n" + toml})
    nnlint("--fix", "m.py")
    assert (tree / "m.py").read_text() == expected


def test_unfixable_rules_show_no_fix(tree):
    write(tree, {"pyproject.toml": "[tool.nnlint]\nunfixable = ['NN301']\n"})
    found = {d["code"]: d["fix"] for d in json.loads(nnlint("--output-format", "json", "m.py").stdout)}
    assert found["NN301"] is None and found["NN201"]["applicability"] == "unsafe"


def test_show_fixes_lists_what_was_fixed(tree):
    run = nnlint("--fix", "--show-fixes", "--unsafe-fixes", "m.py")
    assert "Fixed 2 findings:\n- m.py:\n    1 × NN201 (bias-disabled)\n    1 × NN301 (non-variance-scaling-init)\n" in run.stderr


def test_exit_non_zero_on_fix(tree):
    assert nnlint("--fix", "--unsafe-fixes", "m.py").exit_code == 0
    write(tree, {"m.py": MODEL})
    assert nnlint("--fix", "--unsafe-fixes", "--exit-non-zero-on-fix", "m.py").exit_code == 1  # fixed, clean
    write(tree, {"m.py": ALL_FIXED})
    assert nnlint("--fix", "--exit-non-zero-on-fix", "m.py").exit_code == 0  # nothing fixed, nothing left
    write(tree, {"m.py": MODEL})
    assert nnlint("--fix-only", "--unsafe-fixes", "--exit-non-zero-on-fix", "m.py").exit_code == 1


def test_diff_shows_safe_fixes_only_unless_asked(tree):
    safe = nnlint("--diff", "m.py")
    assert "+nn.init.kaiming_uniform_" in safe.stdout and "-layer = nn.Linear(4, 8, bias=False)" not in safe.stdout
    assert "1 unsafe fix not applied" in safe.stderr
    assert "-layer = nn.Linear(4, 8, bias=False)" in nnlint("--diff", "--unsafe-fixes", "m.py").stdout


def test_json_is_aligned_with_ruffs_shapes(tree):
    run = nnlint("--output-format", "json", "--fix-edits", "m.py")
    finding = next(d for d in json.loads(run.stdout) if d["code"] == "NN201")
    assert finding["location"] == {"row": 2, "column": 25} and finding["end_location"]["row"] == 2
    assert finding["noqa_row"] == 2
    assert finding["fix"]["applicability"] == "unsafe"
    [edit] = finding["fix"]["edits"]
    assert set(edit) == {"content", "location", "end_location"} and set(edit["location"]) == {"row", "column"}
    stats = json.loads(nnlint("--statistics", "--output-format", "json", "m.py").stdout)
    assert {s["code"]: (s["fixable"], s["fixable_count"]) for s in stats} == {"NN201": (False, 0), "NN301": (True, 1)}
    stats = json.loads(nnlint("--statistics", "--unsafe-fixes", "--output-format", "json", "m.py").stdout)
    assert {s["code"]: (s["fixable"], s["fixable_count"]) for s in stats} == {"NN201": (True, 1), "NN301": (True, 1)}


# -- every rule documents its fix safety --------------------------------------------------------------

def _applicabilities(rule) -> set[Applicability]:
    found = set()
    for example in rule.invalid:
        for d in lint_source(example.code, "example.py", Selection(select=[rule.code])):
            if d.code == rule.code and d.fix is not None:
                found.add(d.fix.applicability)
    return found


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.fixable], ids=lambda r: r.code)
def test_each_fixable_rule_documents_which_fixes_are_unsafe_and_why(rule):
    doc = rule.documentation()
    assert "## Fix safety" in doc, f"{rule.code} has no '## Fix safety' section"
    section = doc.split("## Fix safety", 1)[1].split("\n## ", 1)[0]
    kinds = _applicabilities(rule)
    assert kinds, f"{rule.code}: no fix in its examples"
    expected = "Unsafe:" if Applicability.UNSAFE in kinds else "Safe:"
    assert section.strip().startswith(expected), (rule.code, kinds)
    assert len(section.split()) > 20, f"{rule.code}: say why"
