"""`path:line:col: CODE [severity] message` (`path:cell N:line:col: …` in a notebook): exactly one line per
finding, the stable format that IDE problem matchers parse (see README, "Editors and problem matchers")."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .location import location


def line(d: Diagnostic) -> str:
    message = " ".join(d.message.split())
    return f"{location(d)}: {d.code} [{d.severity.value}] {message}"


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    return "".join(line(d) + "\n" for d in diagnostics)
