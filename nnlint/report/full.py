"""The default format: `path:line:col: CODE message` (`path:cell N:line:col: …` in a notebook), then the
source line with a caret (like ruff)."""

from __future__ import annotations

from ..diagnostics import Applicability, Diagnostic, Severity
from .location import location
from .style import paint

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


def _safe(d: Diagnostic) -> bool:
    return d.fix is not None and d.fix.applicability is Applicability.SAFE


def render(diagnostics: list[Diagnostic], color: bool = False, applicable=_safe) -> str:
    """`[*]` marks a finding whose fix `--fix` would apply (`applicable`; by default the safe ones, as ruff)."""
    out = []
    for d in diagnostics:
        where = paint(f"{location(d)}:", "bold", color)
        code = paint(d.code, _SEVERITY_STYLE[d.severity], color)
        fixable = " [*]" if applicable(d) else ""
        out.append(f"{where} {code}{fixable} {d.message}\n")
        if d.source_line:
            gutter = str(d.line)
            pad = " " * len(gutter)
            text = d.source_line
            if d.end_line == d.line and d.end_column > d.column:
                width = d.end_column - d.column
            else:  # a finding spanning lines: underline to the end of its first line
                width = len(text) - (d.column - 1)
            width = max(1, min(width, len(text) - (d.column - 1)))
            # keep tabs in the padding so the caret lines up under the same text in any tab width
            padding = "".join("\t" if char == "\t" else " " for char in text[: d.column - 1])
            caret = padding + paint("^" * width, _SEVERITY_STYLE[d.severity], color)
            out.append(f"{paint(pad + ' |', 'blue', color)}\n")
            out.append(f"{paint(gutter + ' |', 'blue', color)} {text}\n")
            out.append(f"{paint(pad + ' |', 'blue', color)} {caret}\n")
        if d.fix is not None:  # what the fix would do, as ruff's `help:` line; an unsafe one says so
            unsafe = "" if d.fix.applicability is Applicability.SAFE else " (unsafe fix: `--unsafe-fixes`)"
            out.append(f"{paint('help', 'bold cyan', color)}: {d.fix.message}{unsafe}\n")
        out.append("\n")
    return "".join(out)
