"""The shipped fixtures/ say what nnlint must find with `# expect: CODE` comments (in notebooks, on the
cells' lines); clean files have none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nnlint.config import Config
from nnlint.engine import Linter
from nnlint.selection import Selection

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>NN\d+(?:\s*,\s*NN\d+)*)")
FILES = sorted([*FIXTURES.rglob("*.py"), *FIXTURES.rglob("*.ipynb")])


def _marked(text: str, cell: int | None = None) -> set[tuple[int | None, int, str]]:
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found |= {(cell, number, code.strip()) for code in match.group("codes").split(",")}
    return found


def expected(path: Path) -> set[tuple[int | None, int, str]]:
    """(cell, line, code) of each `# expect:` mark; in a notebook, in its cells' sources (cell None: a file
    that is not a notebook, marked on its own lines)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
        except ValueError:
            return _marked(text)
        return set().union(*(_marked("".join(cell["source"]), number) for number, cell in enumerate(cells, 1)))
    return _marked(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_expectations(path):
    linter = Linter(Config(root=FIXTURES), Selection(select=["ALL"]) if "opt_in" in path.name else None)
    actual = {(d.cell, d.line, d.code) for d in linter.lint_file(str(path))}
    assert actual == expected(path)


def test_fixtures_cover_violations_and_clean_files():
    with_findings = [p for p in FILES if expected(p)]
    clean = [p for p in FILES if not expected(p)]
    assert len(with_findings) >= 5 and len(clean) >= 3
    notebooks = [p for p in FILES if p.suffix == ".ipynb"]
    assert len([p for p in notebooks if expected(p)]) >= 3 and [p for p in notebooks if not expected(p)]
