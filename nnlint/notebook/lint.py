"""Linting and fixing notebook files with nnlint's engine.

The engine lints the joined text as it lints any Python file (rules, noqa, fixes); this module turns its
findings into cell positions (`Diagnostic.cell`, lines and columns within the cell, the cell's own source
line, fix edits per cell) and adds where each finding lies in the file's JSON (`Diagnostic.file_span`)
for the reports and filters that point into the file. A cell that does not parse is one NN000 naming the
cell; a file that is not an nbformat 4 notebook is one NN000 at its position in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..engine import PARSE_ERROR_CODE, PARSE_ERROR_NAME, _error, check_source
from . import ChangeError, NotebookError, cell_edits, diff, from_bytes, new_sources
from .jsontext import FileLocator
from .writer import notebook_text

_BREAKS = re.compile(r"\r\n|\r|\n")


def lint_bytes(data: bytes, path: str, rules, options=None, fixes: bool | str = False) -> list[Diagnostic]:
    """The findings of a notebook file's bytes, in cell positions."""
    try:
        document = from_bytes(data, path)
    except NotebookError as error:
        return [_error(path, error)]
    return lint_document(document, rules, options, fixes)


def lint_document(document, rules, options=None, fixes: bool | str = False) -> list[Diagnostic]:
    """The findings of a notebook document (from `from_bytes` or `from_cells`), in cell positions."""
    found = check_source(document, rules, options, fixes)
    if fixes is True:
        _drop_unwritable_fixes(document, found)
    diagnostics = [_cell_error(document, error) for error in document.cells.errors] if _linted(document) else []
    diagnostics += to_cells(document, found)
    locate(document, diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _linted(document) -> bool:
    """Whether the engine looked at the notebook at all (a file-level `# nnlint: noqa` skips it whole)."""
    from ..noqa import file_exemption

    return file_exemption(document.text) is not None


def _cell_error(document, error) -> Diagnostic:
    return Diagnostic(PARSE_ERROR_CODE, PARSE_ERROR_NAME, Severity.ERROR,
                      f"{error.message}; the cell was not linted (the other cells were)", document.path,
                      error.line, error.column, error.line, error.column, cell=error.number,
                      source_line=error.source_line)


def to_cells(document, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Findings on the joined text, moved to the cells they lie in (the same objects, changed)."""
    cells = document.cells
    for d in diagnostics:
        cell = cells.cell_at(d.line)
        if cell is None:
            continue
        shift = cell.start_line - 1
        d.cell = cell.number
        d.line -= shift
        if cells.cell_at(d.end_line) is cell:
            d.end_line -= shift
        else:  # cannot happen for a finding on a statement; keep the end inside the cell
            d.end_line, d.end_column = cell.line_count, len(_line(cell.source, cell.line_count)) + 1
        if d.statement_line is not None:
            d.statement_line = max(d.statement_line - shift, 1)
        d.source_line = _line(cell.source, d.line)
        if d.fix is not None and d.fix.edits:
            try:
                edits = tuple(Edit(e.line, e.column, e.end_line, e.end_column, e.content, number)
                              for number, e in cell_edits(document, d.fix.edits))
            except ChangeError:
                d.fix = None
            else:
                d.fix = Fix(d.fix.message, edits)
    return diagnostics


def locate(document, diagnostics: list[Diagnostic]) -> None:
    """Set `file_span`: where each finding lies in the notebook's JSON text."""
    notebook = document.cells.notebook
    if notebook is None or not diagnostics:
        return
    locator = FileLocator(notebook.text)
    for d in diagnostics:
        if d.cell is None:
            continue
        start = locator.position(d.cell, d.line, d.column)
        end = locator.position(d.cell, d.end_line, d.end_column)
        if start is not None and end is not None:
            d.file_span = (*start, *end)


def _drop_unwritable_fixes(document, diagnostics: list[Diagnostic]) -> None:
    """A `[*]` must not promise what `--fix` could not write back into the cells."""
    from ..fix.text import apply_edits

    for d in diagnostics:
        if d.fix is None or not d.fix.edits:
            continue
        try:
            new_sources(document, apply_edits(document.text, d.fix.edits))
        except (ChangeError, ValueError):
            d.fix = None


def _line(text: str, line: int) -> str:
    lines = _BREAKS.split(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


# -- fixing files ---------------------------------------------------------------------------------------
@dataclass
class NotebookFix:
    """What fixing one notebook file did (or would do): the file's new text, the findings fixed and those
    that remain (in cell positions), the fixes refused, a per-cell diff, or why nothing could be written."""

    text: str | None = None  # the new JSON text, None when nothing changes
    encoding: str = "utf-8"
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    rejected: list = field(default_factory=list)
    diff: str = ""
    error: str | None = None


def fix_bytes(data: bytes, path: str, rules, options=None) -> NotebookFix:
    """Fix a notebook's cells in memory; `NotebookError` when the file is not a notebook."""
    from ..fix.apply import fix_text

    document = from_bytes(data, path)
    outcome = fix_text(document.text, path, rules, options)
    result = NotebookFix(rejected=outcome.rejected)
    for item in outcome.rejected:
        to_cells(document, [item.diagnostic])
    if not outcome.changed:
        result.remaining = _with_cell_errors(document, outcome.remaining)
        return result
    moved = frozenset(d.source_line for d in outcome.applied)  # the fixed lines: those that may move
    try:
        sources = new_sources(document, outcome.text, moved)
    except ChangeError as exc:
        result.error = f"the fixes cannot be written back into the cells ({exc})"
        result.remaining = lint_document(document, rules, options, True)
        return result
    notebook = document.cells.notebook
    result.text = notebook_text(notebook, sources)
    result.encoding = "utf-8-sig" if notebook.bom else "utf-8"
    result.diff = diff(document, sources)
    result.applied = to_cells(document, outcome.applied)
    fixed = from_bytes(result.text.encode("utf-8"), path)
    result.remaining = _with_cell_errors(fixed, outcome.remaining)
    return result


def _with_cell_errors(document, remaining: list[Diagnostic]) -> list[Diagnostic]:
    diagnostics = [_cell_error(document, error) for error in document.cells.errors] if _linted(document) else []
    diagnostics += to_cells(document, remaining)
    locate(document, diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics
