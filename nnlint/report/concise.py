"""`path:line:col: CODE [severity] [*] message` (`path:cell N:line:col: …` in a notebook): exactly one line per
finding, the stable format that IDE problem matchers parse (see README, "Editors and problem matchers"). `[*]`
(present only when `--fix` would apply the finding's fix, as in the full format) comes before the message, so
matchers skip it."""

from __future__ import annotations

from ..diagnostics import Applicability, Diagnostic
from .location import location


def _safe(d: Diagnostic) -> bool:
    return d.fix is not None and d.fix.applicability is Applicability.SAFE


def line(d: Diagnostic, applicable=_safe) -> str:
    message = " ".join(d.message.split())
    fixable = "[*] " if applicable(d) else ""
    return f"{location(d)}: {d.code} [{d.severity.value}] {fixable}{message}"


def render(diagnostics: list[Diagnostic], color: bool = False, applicable=_safe) -> str:
    return "".join(line(d, applicable) + "\n" for d in diagnostics)
