"""`path:line:col: CODE [severity] message`: exactly one line per finding, the stable format that IDE
problem matchers parse (see README, "Editors and problem matchers")."""

from __future__ import annotations

from ..diagnostics import Diagnostic


def line(d: Diagnostic) -> str:
    message = " ".join(d.message.split())
    return f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {message}"


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    return "".join(line(d) + "\n" for d in diagnostics)
