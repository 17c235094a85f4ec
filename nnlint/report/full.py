"""The default format: `path:line:col: CODE message`, then the source line with a caret (like ruff)."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity
from .style import paint

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    out = []
    for d in diagnostics:
        location = paint(f"{d.path}:{d.line}:{d.column}:", "bold", color)
        code = paint(d.code, _SEVERITY_STYLE[d.severity], color)
        fixable = " [*]" if d.fix is not None else ""
        out.append(f"{location} {code}{fixable} {d.message}\n")
        if d.source_line:
            gutter = str(d.line)
            pad = " " * len(gutter)
            text = d.source_line.expandtabs(4) if "\t" not in d.source_line[: d.column - 1] else d.source_line
            width = d.end_column - d.column if d.end_line == d.line and d.end_column > d.column else 1
            width = max(1, min(width, len(text) - (d.column - 1)))
            caret = " " * (d.column - 1) + paint("^" * width, _SEVERITY_STYLE[d.severity], color)
            out.append(f"{paint(pad + ' |', 'blue', color)}\n")
            out.append(f"{paint(gutter + ' |', 'blue', color)} {text}\n")
            out.append(f"{paint(pad + ' |', 'blue', color)} {caret}\n")
        out.append("\n")
    return "".join(out)
