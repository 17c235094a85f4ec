"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        props = (
            f"file={_escape_property(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={_escape_property(d.code + ' ' + d.name)}"
        )
        lines.append(f"::{_COMMAND[d.severity]} {props}::{_escape_data(d.code + ' ' + d.message)}\n")
    return "".join(lines)
