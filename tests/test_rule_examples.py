"""Every rule's own VALID/INVALID examples, run automatically (adding a rule never touches this file)."""

from __future__ import annotations

import pytest

from nnlint import lint_source
from nnlint.rules import ALL_RULES
from nnlint.selection import Selection

VALID = [pytest.param(rule, i, example, id=f"{rule.code}-valid-{i}")
         for rule in ALL_RULES for i, example in enumerate(rule.valid)]
INVALID = [pytest.param(rule, i, example, id=f"{rule.code}-invalid-{i}")
           for rule in ALL_RULES for i, example in enumerate(rule.invalid)]


def _findings(rule, code: str):
    return [d for d in lint_source(code, "example.py", Selection(select=[rule.code])) if d.code == rule.code]


@pytest.mark.parametrize(("rule", "index", "example"), VALID)
def test_valid_example_is_silent(rule, index, example):
    assert _findings(rule, example.code) == []


@pytest.mark.parametrize(("rule", "index", "example"), INVALID)
def test_invalid_example_fires_where_expected(rule, index, example):
    found = sorted((d.line, d.column) for d in _findings(rule, example.code))
    assert found == sorted(example.at)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_documented_with_the_four_headings(rule):
    doc = rule.documentation()
    for heading in ("## What it does", "## Why it matters", "## Example", "## Use instead"):
        assert heading in doc, f"{rule.code} lacks {heading!r}"
    assert rule.valid and rule.invalid, f"{rule.code} needs examples of both kinds"


FIXED = [pytest.param(rule, i, example, id=f"{rule.code}-fixed-{i}")
         for rule in ALL_RULES for i, example in enumerate(rule.invalid) if example.fixed is not None]


@pytest.mark.parametrize(("rule", "index", "example"), FIXED)
def test_invalid_example_fixes_to_the_expected_text(rule, index, example):
    from nnlint.fix import fix_source

    assert fix_source(example.code, "example.py", Selection(select=[rule.code])).text == example.fixed
