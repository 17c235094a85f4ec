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


def expected(path: Path) -> set[tuple]:
    """(line, code) of each `# expect:` mark; in a notebook, (cell, line, code) marked in its cells' sources
    (cell None: a `.ipynb` file that is not a notebook, marked on its own lines)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return _marked(text)
    try:
        cells = json.loads(text)["cells"]
    except ValueError:
        return {(None, *mark) for mark in _marked(text)}
    return {(number, *mark) for number, cell in enumerate(cells, 1) for mark in _marked("".join(cell["source"]))}


def _marked(text: str) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found |= {(number, code.strip()) for code in match.group("codes").split(",")}
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings_match_expectations(path):
    linter = Linter(Config(root=FIXTURES), Selection(select=["ALL"]) if "opt_in" in path.name else None)
    found = linter.lint_file(str(path))
    actual = {(d.cell, d.line, d.code) if path.suffix == ".ipynb" else (d.line, d.code) for d in found}
    assert actual == expected(path)


def test_fixtures_cover_violations_and_clean_files():
    with_findings = [p for p in FILES if expected(p)]
    clean = [p for p in FILES if not expected(p)]
    assert len(with_findings) >= 5 and len(clean) >= 3
    notebooks = [p for p in FILES if p.suffix == ".ipynb"]
    assert len([p for p in notebooks if expected(p)]) >= 3 and [p for p in notebooks if not expected(p)]
