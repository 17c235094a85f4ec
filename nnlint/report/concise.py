"""`path:line:col: CODE [severity] [*] message`: exactly one line per finding, the stable format that IDE
problem matchers parse (see README, "Editors and problem matchers"). `[*]` (present only when `--fix` would
apply the finding's fix, as in the full format) comes before the message, so matchers skip it."""

from __future__ import annotations

from ..diagnostics import Applicability, Diagnostic


def _safe(d: Diagnostic) -> bool:
    return d.fix is not None and d.fix.applicability is Applicability.SAFE


def line(d: Diagnostic, applicable=_safe) -> str:
    message = " ".join(d.message.split())
    fixable = "[*] " if applicable(d) else ""
    return f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {fixable}{message}"


def render(diagnostics: list[Diagnostic], color: bool = False, applicable=_safe) -> str:
    return "".join(line(d, applicable) + "\n" for d in diagnostics)
