"""What `nnlint verify notebook.ipynb::Model` runs: the notebook's code cells up to the model, as one module.

A notebook usually defines its model in one cell and trains it in later ones. Verifying the model must
run what the definition needs (imports, constants, helper classes, data shapes: the code cells before it)
and nothing after it (the training loop, plots, downloads of results). So the program is the code cells
from the first one up to and including the last cell that binds `Model` at the top level (a class, a
function, an assignment); without `::Model`, up to and including the last cell holding one of the
findings to verify. Everything before runs, in order; cells after it, cells that do not parse, and
cells that are not Python (`%%bash`, `%%writefile`) do not. IPython syntax is overwritten as for linting:
``%matplotlib inline`` and ``!pip install x`` do nothing, ``%time x = f()`` runs ``x = f()``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from . import from_bytes

class ProgramError(Exception):
    """The notebook has no top-level binding of the requested name (or cannot be read)."""


@dataclass
class Program:
    """The Python text to run, and which cells it holds."""

    path: str
    text: str  # the joined code cells, cells after the cut left out (their lines are not in it)
    document: object  # the notebook's document: `document.cells` maps lines of `text` to cells
    ran: list[int] = field(default_factory=list)  # the code cells that run, by number
    not_run: list[int] = field(default_factory=list)  # code cells after the cut
    broken: list[int] = field(default_factory=list)  # code cells that do not parse (never run)
    skipped: list[int] = field(default_factory=list)  # code cells that are not Python (cell magics)
    name: str | None = None
    diagnostics: list = field(default_factory=list)  # the findings in the program, at its lines

    def note(self) -> str:
        """One sentence saying what runs."""
        upto = f"the cell that defines {self.name}" if self.name else "the last cell with a finding"
        parts = [f"notebook: runs code {_cells(self.ran)} in order, as one module (up to {upto})"]
        if self.not_run:
            parts.append(f"{_cells(self.not_run)} after it {_do(self.not_run)} not run")
        if self.broken:
            parts.append(f"{_cells(self.broken)} {_do(self.broken)} not parse and {_do(self.broken)} not run")
        if self.skipped:
            parts.append(f"{_cells(self.skipped)} {'is' if len(self.skipped) == 1 else 'are'} not Python "
                         f"(a cell magic) and {_do(self.skipped)} not run")
        return "; ".join(parts)

    def locate(self, findings: list[dict]) -> None:
        """Give verify's report findings (lines of the program) their cell and line within it."""
        for finding in findings:
            finding["cell"], finding["line"] = self.document.cells.cell_of(finding["line"])


def program(data: bytes, path: str, name: str | None = None, diagnostics=()) -> Program:
    """The program for `verify`, cut after the cell binding `name`, or (no name) after the last cell with
    one of `diagnostics` (the notebook's findings, in cell positions, as `Linter.lint_file` gives them).
    `Program.diagnostics` are those that lie in the program, moved to its lines. `ProgramError` when `name`
    is not bound at the top level of any code cell; `NotebookError` when the file is not a notebook."""
    document = from_bytes(data, path)
    cells = document.cells
    tree = document.tree
    in_cells = [d for d in diagnostics if d.cell is not None and cells.cell(d.cell) is not None
                and d.code != "NN000"]
    if name is not None:
        lines = [statement.lineno for statement in tree.body if name in _bound(statement)]
        if not lines:
            raise ProgramError(f"{path}: no code cell defines {name!r} at the top level")
        last = cells.cell_at(max(lines))
    elif in_cells:
        last = cells.cell(max(d.cell for d in in_cells))
    else:
        last = cells.code_cells[-1] if cells.code_cells else None
    cut = last.start_line + last.line_count - 1 if last is not None else 0
    text_lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", document.text)
    result = Program(path, "".join(text_lines[:cut]), document, name=name)
    for d in in_cells:
        if last is not None and d.cell <= last.number:
            shift = cells.line_of(d.cell, 1) - 1
            d.line, d.end_line, d.cell, d.file_span = d.line + shift, d.end_line + shift, None, None
            if d.statement_line is not None:
                d.statement_line += shift
            result.diagnostics.append(d)
    broken = {error.number for error in cells.errors}
    python = {cell.number for cell in cells.code_cells}
    for number, (cell_type, _) in enumerate(cells.notebook.cells if cells.notebook else [], 1):
        if cell_type != "code":
            continue
        if number not in python:
            result.skipped.append(number)
        elif number in broken:
            result.broken.append(number)
        elif last is not None and number <= last.number:
            result.ran.append(number)
        else:
            result.not_run.append(number)
    return result


def _bound(statement: ast.stmt) -> set[str]:
    """The names a top-level statement binds."""
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return {statement.name}
    targets = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    elif isinstance(statement, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    return {node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)}


def _cells(numbers: list[int]) -> str:
    return ("cell " if len(numbers) == 1 else "cells ") + ", ".join(map(str, numbers)) if numbers else "no cell"


def _do(numbers: list[int]) -> str:
    return "does" if len(numbers) == 1 else "do"
