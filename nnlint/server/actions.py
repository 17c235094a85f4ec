"""Code actions: the rule's fix for a finding, `# noqa: CODE`, ignoring a code in the file, and fix-all.

All of them are computed on a `Unit` (nnlint's positions in the analysed text) and placed into the
client's documents (the file, or the notebook's cells) by `Unit.text_edits`.
"""

from __future__ import annotations

import re

from lsprotocol import types

from . import adapter
from .text import TextLines
from .units import Unit

FIX_ALL_KIND = "source.fixAll.nnlint"
QUICKFIX = types.CodeActionKind.QuickFix

_FILE_NOQA = re.compile(r"^(?P<head>\s*#\s*nnlint\s*:\s*noqa\s*:\s*)(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)"
                        r"\s*$", re.IGNORECASE)
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=]")


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether the client asked for this kind (`only` lists kinds or their parents, as LSP defines)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def overlaps(diagnostic: adapter.Diagnostic, start: tuple[int, int], end: tuple[int, int]) -> bool:
    first, last = (diagnostic.line, diagnostic.column), (diagnostic.end_line, diagnostic.end_column)
    return first <= end and start <= last


def _workspace_edit(unit: Unit, edits, encoding: str) -> types.WorkspaceEdit | None:
    placed = unit.text_edits(edits, encoding)
    if not placed:
        return None
    return types.WorkspaceEdit(changes=placed)


def _lsp_diagnostic(unit: Unit, diagnostic: adapter.Diagnostic, encoding: str) -> list[types.Diagnostic]:
    from .units import to_lsp

    converted = to_lsp(unit, diagnostic, encoding)
    return [converted[1]] if converted else []


def quick_fixes(unit: Unit, diagnostics: list[adapter.Diagnostic], encoding: str) -> list[types.CodeAction]:
    """For each finding: its fix (safe ones preferred, unsafe ones labelled), `# noqa`, ignore in file."""
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        related = _lsp_diagnostic(unit, diagnostic, encoding)
        fix = diagnostic.fix
        if fix is not None and fix.edits:
            edit = _workspace_edit(unit, fix.edits, encoding)
            if edit is not None:
                safe = adapter.is_safe(fix)
                label = f"Fix {diagnostic.code}: {fix.message}" + ("" if safe else " (unsafe fix: review it)")
                actions.append(types.CodeAction(title=label, kind=QUICKFIX, diagnostics=related, edit=edit,
                                                is_preferred=safe))
        if diagnostic.code in adapter.UNSUPPRESSIBLE:
            continue  # NN000 is never suppressed; NN001-NN003 are about noqa comments themselves
        noqa = adapter.noqa_edit(unit.text, diagnostic)
        if noqa is not None:
            edit = _workspace_edit(unit, [noqa], encoding)
            if edit is not None:
                actions.append(types.CodeAction(title=f"Disable {diagnostic.code} for this line (# noqa)",
                                                kind=QUICKFIX, diagnostics=related, edit=edit))
        edit = _workspace_edit(unit, [file_ignore_edit(unit, diagnostic.code)], encoding)
        if edit is not None:
            actions.append(types.CodeAction(title=f"Ignore {diagnostic.code} in this file", kind=QUICKFIX,
                                            diagnostics=related, edit=edit))
    return actions


def fix_all(unit: Unit, edits, encoding: str) -> types.CodeAction | None:
    edit = _workspace_edit(unit, edits, encoding)
    if edit is None:
        return None
    return types.CodeAction(title="nnlint: fix all auto-fixable findings", kind=FIX_ALL_KIND, edit=edit)


# -- ignore CODE in this file ------------------------------------------------------------------------------------
def file_ignore_edit(unit: Unit, code: str) -> adapter.Edit:
    """Extend an existing `# nnlint: noqa: CODES` line, or add one at the top (after a shebang and an
    encoding declaration; in a notebook, atop the first code cell)."""
    lines = TextLines(unit.text)
    for number in range(1, lines.line_count + 1):
        match = _FILE_NOQA.match(lines.line(number - 1))
        if match:
            end = match.end("codes")
            return adapter.Edit(number, end + 1, number, end + 1, f", {code}")
    line = 1
    while line <= 2 and (line == 1 and lines.line(0).startswith("#!") or _CODING.match(lines.line(line - 1))):
        line += 1
    newline = "\r\n" if "\r\n" in unit.text else "\n"
    return adapter.Edit(line, 1, line, 1, f"# nnlint: noqa: {code}{newline}")
