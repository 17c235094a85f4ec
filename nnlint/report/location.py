"""How a finding's place is written: `path:line:col`, or `path:cell N:line:col` in a notebook (line and
column within the cell; cells numbered as the notebook shows them, markdown cells included)."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..names import decodable, printable  # noqa: F401  (decodable: used by the JSON formats)


def location(d: Diagnostic) -> str:
    path = printable(d.path)
    return f"{path}:{cell_position(d)}" if d.cell is not None else f"{path}:{d.line}:{d.column}"


def cell_position(d: Diagnostic) -> str:
    """`cell N:line:col` for a finding in a notebook ("" elsewhere): what the machine formats, which point
    into the notebook's JSON, put before the message so that it still names the cell."""
    return f"cell {d.cell}:{d.line}:{d.column}" if d.cell is not None else ""


def file_region(d: Diagnostic) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) in the file's own text: a notebook finding's place in the JSON
    (read from the notebook when first asked for; its first line when the file cannot be read)."""
    if d.cell is None:
        return (d.line, d.column, d.end_line, d.end_column)
    if d.file_span is None:
        from ..notebook.jsontext import file_span

        d.file_span = file_span(d.path, d.cell, d.line, d.column, d.end_line, d.end_column)
    return d.file_span if d.file_span is not None else (1, 1, 1, 1)
