"""The shipped fixtures/ say what nnlint must find with `# expect: CODE` comments; clean files have none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nnlint.config import Config
from nnlint.engine import Linter
from nnlint.rules import RULES_BY_CODE
from nnlint.selection import Selection

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>NN\d+(?:\s*,\s*NN\d+)*)")
FILES = sorted(FIXTURES.rglob("*.py"))


def expected(path: Path) -> set[tuple[int, str]]:
    """The marked findings; a code no rule has yet (a fixture written ahead of its rule) is left out."""
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found |= {(number, code.strip()) for code in match.group("codes").split(",")
                      if code.strip() in RULES_BY_CODE}
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_expectations(path):
    linter = Linter(Config(root=FIXTURES), Selection(select=["ALL"]) if "opt_in" in path.name else None)
    actual = {(d.line, d.code) for d in linter.lint_file(str(path))}
    assert actual == expected(path)


def test_fixtures_cover_violations_and_clean_files():
    with_findings = [p for p in FILES if expected(p)]
    clean = [p for p in FILES if not expected(p)]
    assert len(with_findings) >= 5 and len(clean) >= 3
