"""Where each code cell lies in a notebook's joined text, and the map between the two.

The joined text is the Python code cells in notebook order, each ending with a line break (one is added
to a cell whose source lacks it), nothing between them. A cell that is not analysed (markdown, raw, a
``%%bash`` cell) contributes nothing, but still counts in the cell numbers: cell N is the N-th cell of
the notebook, counting from 1, as Jupyter shows it. Lines map one to one, and columns are the same in the
joined text and in the cell, because the IPython transformation never moves a character.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_BREAKS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class CodeCell:
    """One analysed cell: its place in the notebook and in the joined text."""

    number: int  # 1-based position in the notebook, every cell counted
    start_line: int  # its first line in the joined text (1-based)
    line_count: int
    start: int  # the character offset where it starts in the joined text
    source: str  # the cell's source as written (IPython syntax included)
    python: str  # the source as analysed (IPython syntax overwritten): same length, same lines
    masks: tuple[tuple[int, int], ...]  # (start, end) offsets in the cell of overwritten IPython syntax
    added_break: bool  # the joined text adds a line break that the source does not end with

    @property
    def end(self) -> int:
        """The offset just after the cell in the joined text (its added line break included)."""
        return self.start + len(self.python) + (1 if self.added_break else 0)


@dataclass(frozen=True)
class CellError:
    """A code cell that does not parse: it is left out of the analysis (blank lines in the joined text)."""

    number: int
    line: int  # within the cell
    column: int
    message: str
    source_line: str


class CellMap:
    """Maps a line of the joined text to (cell number, line in the cell) and back. Also carries what the
    notebook's readers need besides positions: the cells that did not parse (`errors`) and the notebook
    read from disk (`notebook`, None for cells given in memory)."""

    def __init__(self, cells: list[CodeCell], errors: list[CellError] | None = None, notebook=None):
        self.code_cells = cells
        self.errors = errors or []
        self.notebook = notebook
        self._starts = [cell.start_line for cell in cells]
        self._by_number = {cell.number: cell for cell in cells}

    def cell_at(self, line: int) -> CodeCell | None:
        """The code cell holding a line of the joined text (a line past the end: the last cell)."""
        if not self.code_cells:
            return None
        index = max(bisect.bisect_right(self._starts, line) - 1, 0)
        return self.code_cells[index]

    def cell_of(self, line: int) -> tuple[int, int]:
        """(cell number, line within the cell) of a line of the joined text."""
        cell = self.cell_at(line)
        if cell is None:
            return 1, line
        return cell.number, line - cell.start_line + 1

    def line_of(self, number: int, line: int) -> int:
        """The line of the joined text for a line of cell `number`; KeyError for a cell not analysed."""
        cell = self._by_number[number]
        return cell.start_line + line - 1

    def cell(self, number: int) -> CodeCell | None:
        return self._by_number.get(number)

    def __len__(self) -> int:
        return len(self.code_cells)


def line_count(text: str) -> int:
    """Lines of a text that ends with a line break (or is empty)."""
    return len(_BREAKS.findall(text))
