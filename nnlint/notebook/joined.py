"""Building the one module that nnlint analyses from a notebook's code cells.

Jupyter compiles each cell on its own, so a cell that does not parse is an error of that cell only: it
becomes a `CellError` (one NN000 naming the cell), its lines stay in the joined text as blank lines, and
the other cells are still analysed. The joined text is parsed once; cells are parsed one by one only
when that fails, or when a statement runs from one cell into the next (``x = (1,`` in one cell and
``2)`` in the next parse together, but not in Jupyter).
"""

from __future__ import annotations

import ast
import re

from .cells import CellError, CellMap, CodeCell, line_count
from .core import make_document
from .ipython import transform

_NOT_BREAK = re.compile(r"[^\r\n]")
_BREAKS = re.compile(r"\r\n|\r|\n")


def build(path: str, cells: list[tuple[str, str]], notebook=None, python: bool = True):
    """The core document of a notebook given as (cell_type, source) pairs in notebook order."""
    code: list[CodeCell] = []
    parts: list[str] = []
    line, offset = 1, 0
    for number, (cell_type, source) in enumerate(cells, 1):
        if cell_type != "code" or not python:
            continue
        transformed = transform(source)
        if transformed is None:
            continue
        text = transformed.text
        added = bool(text) and not text.endswith(("\n", "\r"))
        if added:
            text += "\n"
        count = line_count(text)
        code.append(CodeCell(number, line, count, offset, source, transformed.text, tuple(transformed.masks), added))
        parts.append(text)
        line += count
        offset += len(text)
    tree, errors = _parse(path, parts, code)
    if errors:
        broken = {error.number for error in errors}
        parts = [_NOT_BREAK.sub("", part) if cell.number in broken else part for part, cell in zip(parts, code)]
    cell_map = CellMap(code, errors, notebook)
    return make_document(path, "".join(parts), tree, cell_map)


def _parse(path: str, parts: list[str], code: list[CodeCell]) -> tuple[ast.Module, list[CellError]]:
    text = "".join(parts)
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    if tree is not None and not _crosses_cells(tree, code):
        return tree, []
    errors = [error for part, cell in zip(parts, code) if (error := _cell_error(part, cell)) is not None]
    broken = {error.number for error in errors}
    for _ in range(len(code) + 1):
        text = "".join(_NOT_BREAK.sub("", part) if cell.number in broken else part for part, cell in zip(parts, code))
        try:
            tree = ast.parse(text, filename=path)
        except SyntaxError as exc:  # every cell parses alone, yet not together (should not happen)
            cell = CellMap(code).cell_at(exc.lineno or 1)
            if cell is None or cell.number in broken:
                break
            broken.add(cell.number)
            errors.append(CellError(cell.number, (exc.lineno or 1) - cell.start_line + 1, exc.offset or 1,
                                    f"syntax error: {exc.msg}", _line(cell.source, (exc.lineno or 1) - cell.start_line + 1)))
            continue
        except (ValueError, RecursionError, MemoryError):
            break
        if not _crosses_cells(tree, code):
            errors.sort(key=lambda error: error.number)
            return tree, errors
        break
    # nothing analysable is left: report every cell that still stands in the way, analyse nothing
    for cell in code:
        if cell.number not in broken:
            errors.append(CellError(cell.number, 1, 1, "cannot parse together with the cells before it", _line(cell.source, 1)))
    errors.sort(key=lambda error: error.number)
    return ast.parse("".join(_NOT_BREAK.sub("", part) for part in parts)), errors


def _crosses_cells(tree: ast.Module, code: list[CodeCell]) -> bool:
    """Whether a top-level statement starts in one cell and ends in another."""
    if len(code) < 2:
        return False
    cells = CellMap(code)
    for statement in tree.body:
        end = statement.end_lineno or statement.lineno
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", ())])
        if cells.cell_at(first) is not cells.cell_at(end):
            return True
    return False


def _cell_error(part: str, cell: CodeCell) -> CellError | None:
    try:
        ast.parse(part)
    except SyntaxError as exc:
        line = exc.lineno or 1
        return CellError(cell.number, line, exc.offset or 1, f"syntax error: {exc.msg}", _line(cell.source, line))
    except (ValueError, RecursionError, MemoryError) as exc:
        return CellError(cell.number, 1, 1, f"cannot parse: {exc}", _line(cell.source, 1))
    return None


def _line(text: str, line: int) -> str:
    lines = _BREAKS.split(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""
