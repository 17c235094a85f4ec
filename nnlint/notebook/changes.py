"""Turning a change of the joined text (what a fix produces) into new sources for the cells it touches.

The old and new joined texts are compared line by line. Unchanged lines keep their cell and their exact
original text (IPython syntax included). Changed lines belong to the cell that held them; lines inserted
exactly between two cells go to the end of the earlier one (fixes insert *after* a statement, e.g. NN401
moves the Saver to just after the train op). When a statement moves, comparing texts cannot tell
which line moved (the Saver down, or the train op up: the text is the same, the cells are not), so the
lines of the fixed findings (`moved`) are never used as anchors: they are the ones that move.

A change is refused (`ChangeError`) when it would span two cells, touch overwritten IPython syntax, or
touch a cell that does not parse; and every result is checked: the new cells, transformed and joined
again, must give exactly the new text, and each changed cell must still parse on its own (Jupyter
compiles cells one by one).
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import replace

from .core import Edit, diff_edits
from .cells import CellMap, CodeCell
from .ipython import transform

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_BREAK_AT_END = re.compile(r"(?:\r\n|\r|\n)\Z")


class ChangeError(Exception):
    """A change of the joined text that cannot be written back to the notebook's cells."""


def new_sources(cells: CellMap, old_text: str, new_text: str, moved: frozenset[str] = frozenset()) -> dict[int, str]:
    """{cell number: new source} for every cell whose source changes when `old_text` (the joined text
    nnlint analysed) becomes `new_text`; `moved`: the text of lines that the change moves, if any."""
    if old_text == new_text:
        return {}
    old_lines, new_lines = _LINE.findall(old_text), _LINE.findall(new_text)
    owner: list[CodeCell] = []
    original: list[str] = []  # each joined line as the user wrote it (IPython syntax included)
    for cell in cells.code_cells:
        lines = _LINE.findall(cell.source + ("\n" if cell.added_break else ""))
        owner.extend([cell] * len(lines))
        original.extend(lines)
    if len(owner) != len(old_lines):
        raise ChangeError("the text does not match the notebook's cells")
    broken = {error.number for error in cells.errors}
    pieces: dict[int, list[str]] = {cell.number: [] for cell in cells.code_cells}
    touched: set[int] = set()
    isjunk = (lambda line: line.rstrip("\r\n") in moved) if moved else None
    matcher = difflib.SequenceMatcher(isjunk, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for index in range(i1, i2):
                pieces[owner[index].number].append(original[index])
            continue
        numbers = {owner[index].number for index in range(i1, i2)}
        if len(numbers) > 1:
            for cell, lines in _split_across_cells(owner, old_lines, new_lines, i1, i2, j1, j2):
                if cell.number in broken or any(cell.masks for cell in owner[i1:i2]):
                    raise ChangeError(f"the change spans cells {', '.join(map(str, sorted(numbers)))}")
                touched.add(cell.number)
                pieces[cell.number].extend(lines)
            continue
        if not owner:
            raise ChangeError("the notebook has no code cell to change")
        cell = owner[i1] if i1 < i2 else owner[max(i1 - 1, 0)]
        if cell.number in broken:
            raise ChangeError(f"cell {cell.number} does not parse")
        touched.add(cell.number)
        shift = cell.start_line - 1
        masked = [index for index in range(i1, i2) if _masked_on_line(cell, index - shift, old_lines[index])]
        if masked:
            if i2 - i1 != 1 or j2 - j1 != 1:
                raise ChangeError(f"the change touches IPython syntax in cell {cell.number}")
            pieces[cell.number].append(_change_line(cell, i1 - shift, old_lines[i1], new_lines[j1], original[i1]))
            continue
        pieces[cell.number].extend(new_lines[j1:j2])
    sources: dict[int, str] = {}
    for cell in cells.code_cells:
        if cell.number not in touched:
            continue
        text = "".join(pieces[cell.number])
        if cell.added_break:
            text = _BREAK_AT_END.sub("", text, count=1)
        if text != cell.source:
            sources[cell.number] = text
    _check(cells, sources, new_text, broken)
    return sources


def _split_across_cells(owner, old_lines, new_lines, i1, i2, j1, j2):
    """The new lines of a block of changed lines that spans cells, given to the cells of the old lines
    they replace: `difflib.ndiff` pairs each new line with the old line it most resembles, and a new line
    goes to the cell of the last old line before it (the block's first cell when there is none)."""
    cell = owner[i1]
    index = i1
    out: list[tuple[CodeCell, list[str]]] = [(cell, [])]
    for line in difflib.ndiff(old_lines[i1:i2], new_lines[j1:j2]):
        tag = line[:2]
        if tag == "- ":
            cell = owner[index]
            index += 1
            if out[-1][0] is not cell:
                out.append((cell, []))
        elif tag == "+ ":
            out[-1][1].append(line[2:])
    return out


def _masked_on_line(cell: CodeCell, line: int, text: str) -> list[tuple[int, int]]:
    """The overwritten spans on a line of a cell, as (start, end) columns (0-based) on that line."""
    if not cell.masks:
        return []
    start = _line_start(cell.python, line)
    end = start + len(text)
    return [(a - start, b - start) for a, b in cell.masks if a < b and a < end and b > start]


def _line_start(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        match = _LINE.match(text, offset)
        if match is None or not match.group():
            return len(text)
        offset = match.end()
    return offset


def _change_line(cell: CodeCell, line: int, old: str, new: str, original: str) -> str:
    """A one-line change outside the overwritten spans, applied to the line as written."""
    prefix = _common_prefix(old, new)
    suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
    start, end = prefix, len(old) - suffix
    for a, b in _masked_on_line(cell, line, old):
        if start <= b and end >= a:  # overlapping or touching: `x = !ls` must stay one escape
            raise ChangeError(f"the change touches IPython syntax in cell {cell.number}")
    return original[:start] + new[start:len(new) - suffix] + original[end:]


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _check(cells: CellMap, sources: dict[int, str], new_text: str, broken: set[int]) -> None:
    parts = []
    for cell in cells.code_cells:
        source = sources.get(cell.number, cell.source)
        transformed = transform(source)
        if transformed is None:
            raise ChangeError(f"the change would turn cell {cell.number} into a cell magic")
        text = transformed.text
        if text and not text.endswith(("\n", "\r")):
            text += "\n"
        if cell.number in broken:
            text = re.sub(r"[^\r\n]", "", text)
        elif cell.number in sources:
            try:
                ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                raise ChangeError(f"cell {cell.number} would not parse on its own") from None
        parts.append(text)
    if "".join(parts) != new_text:
        raise ChangeError("the change cannot be placed in the cells exactly")


def source_edits(cells: CellMap, sources: dict[int, str]) -> tuple[Edit, ...]:
    """The edits (each with its `cell`, positions within that cell's source) that turn the cells' sources
    into `sources` (what `new_sources` gives): what an editor that edits cells itself applies."""
    edits: list[Edit] = []
    for number in sorted(sources):
        edits.extend(replace(edit, cell=number) for edit in diff_edits(cells.cell(number).source, sources[number]))
    return tuple(edits)
