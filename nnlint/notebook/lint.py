"""Linting and fixing notebook files with nnlint's engine.

The engine lints the joined text as it lints any Python file (rules, noqa, fixes); this module turns its
findings into cell positions (`Diagnostic.cell`, lines and columns within the cell, the cell's own source
line, fix edits per cell). Where a finding lies in the file's JSON is found only when a report asks
(`nnlint.notebook.jsontext.file_span`). A cell that does not parse is one NN000 naming the
cell; a file that is not an nbformat 4 notebook is one NN000 at its position in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..diagnostics import INTERNAL_CODE, UNPARSABLE_NAME, Diagnostic, Severity
from ..lint import lint, unreadable
from . import ChangeError, NotebookError, cell_changes, diff, from_bytes, new_sources
from .core import apply_edits
from .writer import notebook_text

_BREAKS = re.compile(r"\r\n|\r|\n")


def lint_bytes(data: bytes, path: str, rules, options=None) -> list[Diagnostic]:
    """The findings of a notebook file's bytes, in cell positions."""
    try:
        document = from_bytes(data, path)
    except NotebookError as error:
        return [unreadable(path, error)]
    return lint_document(document, rules, options)


def lint_document(document, rules, options=None) -> list[Diagnostic]:
    """The findings of a notebook document (from `from_bytes` or `from_cells`), in cell positions."""
    return in_cells(document, lint(document, rules, options))


def in_cells(document, found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings of the joined text in cell positions, after one NN000 for each cell that does not parse."""
    diagnostics = [_cell_error(document, error) for error in document.cells.errors] if _linted(document) else []
    diagnostics += to_cells(document, found)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _linted(document) -> bool:
    """Whether the engine looked at the notebook at all (a file-level `# nnlint: noqa` skips it whole)."""
    from ..noqa import file_exemption

    return file_exemption(document.text) is not None


def _cell_error(document, error) -> Diagnostic:
    return Diagnostic(INTERNAL_CODE, UNPARSABLE_NAME, Severity.ERROR,
                      f"{error.message}; the cell was not linted (the other cells were)", document.path,
                      error.line, error.column, error.line, error.column, cell=error.number,
                      source_line=error.source_line)


def to_cells(document, diagnostics: list[Diagnostic], edits: bool = True) -> list[Diagnostic]:
    """Findings on the joined text, moved to the cells they lie in (the same objects, changed); without
    `edits`, their fixes' edits are dropped, not placed (those of a fix run are relative to its passes' texts)."""
    cells = document.cells
    for d in diagnostics:
        cell = cells.cell_at(d.line)
        if cell is None:
            continue
        if d.fix is not None and d.fix.edits:
            d.fix = _fix_in_cells(document, d) if edits else replace(d.fix, edits=None)
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
    return diagnostics


def _fix_in_cells(document, d: Diagnostic):
    """The finding's fix with its edits (of the joined text) as the edits of the cells that fixing this
    finding alone writes (`--fix`'s placement: a statement the fix moves changes cell, its neighbours do
    not); None when they cannot be written back into the cells (such a fix is not offered)."""
    try:
        edits = cell_changes(document, apply_edits(document.text, d.fix.edits),
                             frozenset({document.line_text(d.line)}))
    except (ChangeError, ValueError):
        return None
    return replace(d.fix, edits=edits)


def in_joined(document, diagnostic: Diagnostic) -> Diagnostic:
    """A copy of a finding in cell positions (from `to_cells`) placed back in the joined text (no fix)."""
    cell = document.cells.cell(diagnostic.cell)
    if cell is None:
        raise ChangeError(f"cell {diagnostic.cell} is not analysed")
    shift = cell.start_line - 1
    statement = diagnostic.statement_line
    return replace(diagnostic, line=diagnostic.line + shift, end_line=diagnostic.end_line + shift,
                   statement_line=statement + shift if statement is not None else None, cell=None, fix=None,
                   intent=None, source_line=document.line_text(diagnostic.line + shift))


def _line(text: str, line: int) -> str:
    lines = _BREAKS.split(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


# -- fixing files ---------------------------------------------------------------------------------------
def fix_edits_bytes(data: bytes, path: str, rules, options=None) -> list[Diagnostic]:
    """The findings with each fix's edits computed and checked, in cell positions (`--fix-edits`)."""
    try:
        document = from_bytes(data, path)
    except NotebookError as error:
        return [unreadable(path, error)]
    return fixes_in_cells(document, rules, options)


def fixes_in_cells(document, rules, options=None) -> list[Diagnostic]:
    """The findings of a notebook document with each fix's edits computed, in cell positions: the edits of
    the cells that fixing that one finding writes (a fix that cannot be written back is not offered)."""
    from ..fix import compute_fixes

    return in_cells(document, compute_fixes(document, lint(document, rules, options), rules, options))


def fixed_sources(document, outcome) -> dict[int, str]:
    """{cell number: new source} of the cells a fix run (`nnlint.fix.fix_document`'s outcome on this
    document) changes; `ChangeError` when its result cannot be written back into the cells."""
    moved = frozenset(d.source_line for d in outcome.applied)  # the fixed lines: those that may move
    return new_sources(document, outcome.text, moved)


@dataclass
class NotebookFix:
    """What fixing a notebook's cells gives: the file's new JSON `text` (None: nothing changed), the
    findings fixed and those that remain (cell positions), the refused fixes, the per-cell diff, or why
    the change could not be written back into the cells."""

    remaining: list[Diagnostic]
    applied: list[Diagnostic] = field(default_factory=list)
    rejected: list = field(default_factory=list)
    text: str | None = None
    encoding: str = "utf-8"
    diff: str = ""
    error: str | None = None


def fix_bytes(data: bytes, path: str, rules, options=None, allow=None) -> NotebookFix:
    """The cells of a notebook file fixed as one module, in memory (`Linter.fix_file` writes the file)."""
    from ..fix import fix_document

    try:
        document = from_bytes(data, path)
    except NotebookError as error:
        return NotebookFix([unreadable(path, error)])
    outcome = fix_document(document, rules, options, allow) if allow else fix_document(document, rules, options)
    for item in outcome.rejected:
        item.diagnostic.intent = None
        to_cells(document, [item.diagnostic], edits=False)
    if not outcome.changed:
        return NotebookFix(_detached(in_cells(document, outcome.remaining)), rejected=outcome.rejected)
    try:
        sources = fixed_sources(document, outcome)
    except ChangeError as exc:
        return NotebookFix(_detached(lint_document(document, rules, options)), rejected=outcome.rejected,
                           error=f"{path}: the fixes cannot be written back into the cells ({exc}); not fixed")
    notebook = document.cells.notebook
    text = notebook_text(notebook, sources)
    fixed = from_bytes(text.encode("utf-8"), path)
    applied = _detached(to_cells(document, outcome.applied, edits=False))
    return NotebookFix(_detached(in_cells(fixed, outcome.remaining)), applied, outcome.rejected, text,
                       "utf-8-sig" if notebook.bom else "utf-8", diff(document, sources))


def _detached(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    for diagnostic in diagnostics:
        diagnostic.intent = None
    return diagnostics


def noqa_text(data: bytes, path: str, rules, options, edits_for) -> tuple[str | None, str, int, list[str]]:
    """`--add-noqa` for a notebook: (the file's new JSON text or None, its encoding, directives added,
    warnings); `edits_for(text, diagnostics, path)` places the comments in the joined text, as in a `.py`
    file. `NotebookError` (a `SourceError`) when the file is not a notebook."""
    from ..edits import apply_edits

    document = from_bytes(data, path)
    edits, count, warnings = edits_for(document.text, lint(document, rules, options), path)
    if not edits:
        return None, "utf-8", 0, warnings
    try:
        sources = new_sources(document, apply_edits(document.text, edits))
    except ChangeError as exc:
        return None, "utf-8", 0, warnings + [f"nnlint: warning: {path}: {exc}; no noqa added"]
    notebook = document.cells.notebook
    return notebook_text(notebook, sources), "utf-8-sig" if notebook.bom else "utf-8", count, warnings
