"""Building the one module that nnlint analyses from a notebook's code cells.

Jupyter compiles each cell on its own, so a cell that does not parse is an error of that cell only: it
becomes a `CellError` (one NN000 naming the cell), its lines stay in the joined text as blank lines, and
the other cells are still analysed. The joined text is parsed once. Only when that fails, or when a
statement runs from one cell into the next (``x = (1,`` in one cell and ``2)`` in the next parse
together, but not in Jupyter), is every cell parsed on its own, at its own lines, and the trees of the
cells that parse are joined into the module (no third parse).
"""

from __future__ import annotations

import ast
import re

from .cells import CellError, CellMap, CodeCell, line_count
from .core import make_document
from .ipython import transform

_NOT_BREAK = re.compile(r"[^\r\n]")
_BREAKS = re.compile(r"\r\n|\r|\n")
#: the file name given to the parser: not the notebook's path, or CPython would read the line of a syntax
#: error from the JSON file on disk and compute its column on that line
_FILENAME = "<notebook>"


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
    tree, errors = _parse(parts, code)
    if errors:
        broken = {error.number for error in errors}
        parts = [_NOT_BREAK.sub("", part) if cell.number in broken else part for part, cell in zip(parts, code)]
    cell_map = CellMap(code, errors, notebook)
    return make_document(path, "".join(parts), tree, cell_map)


def _parse(parts: list[str], code: list[CodeCell]) -> tuple[ast.Module, list[CellError]]:
    try:
        tree = ast.parse("".join(parts), filename=_FILENAME)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    if tree is not None and not _crosses_cells(tree, code):
        return tree, []
    # each cell on its own, placed at its own lines (blank lines before it), the trees of those that parse
    # joined into one module: the same tree as parsing the joined text with the broken cells left blank
    body: list[ast.stmt] = []
    errors: list[CellError] = []
    for part, cell in zip(parts, code):
        shift = cell.start_line - 1
        try:
            body.extend(ast.parse("\n" * shift + part, filename=_FILENAME).body)
        except SyntaxError as exc:
            line = max((exc.lineno or 1) - shift, 1)
            errors.append(CellError(cell.number, line, exc.offset or 1, f"syntax error: {exc.msg}",
                                    _line(cell.source, line)))
        except (ValueError, RecursionError, MemoryError) as exc:
            errors.append(CellError(cell.number, 1, 1, f"cannot parse: {exc}", _line(cell.source, 1)))
    return ast.Module(body=body, type_ignores=[]), errors


def _crosses_cells(tree: ast.Module, code: list[CodeCell]) -> bool:
    """Whether a top-level statement starts in one cell and ends in another (one pass: both are in order)."""
    if len(code) < 2:
        return False
    last_lines = [cell.start_line + cell.line_count - 1 for cell in code]
    index = 0
    for statement in tree.body:
        decorators = getattr(statement, "decorator_list", None)
        first = min(statement.lineno, *(d.lineno for d in decorators)) if decorators else statement.lineno
        while index < len(last_lines) - 1 and last_lines[index] < first:
            index += 1
        if (statement.end_lineno or statement.lineno) > last_lines[index]:
            return True
    return False


def _line(text: str, line: int) -> str:
    lines = _BREAKS.split(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""
