"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`.

In a notebook the annotation points at the line of the `.ipynb` file (its JSON) that holds the finding's
source line, which is where GitHub shows it in a pull request's file view; the message starts with
`cell N:line:col:` so that it still names the cell."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from .location import cell_position, decodable, file_region

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        line, column, end_line, end_column = file_region(d)
        props = (
            f"file={_escape_property(decodable(d.path))},line={line},col={column},"
            f"endLine={end_line},endColumn={end_column},title={_escape_property(d.code + ' ' + d.name)}"
        )
        cell = f"{cell_position(d)}: " if d.cell is not None else ""
        lines.append(f"::{_COMMAND[d.severity]} {props}::{_escape_data(d.code + ' ' + cell + d.message)}\n")
    return "".join(lines)
