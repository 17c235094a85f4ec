"""Edge cases from the contract, as files under tests/cases/ marked with `# expect: CODE`."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnlint.config import Config
from nnlint.engine import Linter
from nnlint.selection import Selection

from test_fixtures import expected

CASES = Path(__file__).resolve().parent / "cases"
FILES = sorted(CASES.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_case(path):
    selection = Selection(select=["ALL"]) if "opt_in" in path.name else None
    linter = Linter(Config(root=CASES), selection)
    assert {(d.line, d.code) for d in linter.lint_file(str(path))} == expected(path)
