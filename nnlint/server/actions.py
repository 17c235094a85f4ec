"""Code actions: the rule's fix for a finding, `# noqa: CODE`, ignoring a code in the file, and fix-all.

The edits come from nnlint (`adapter`): in a file's positions, or a notebook's cells' (each edit names its
cell, and is what the command line writes into that cell); `Unit.text_edits` places them into the client's
documents.
"""

from __future__ import annotations

from lsprotocol import types

from . import adapter
from .units import Unit

FIX_ALL_KIND = "source.fixAll.nnlint"
QUICKFIX = types.CodeActionKind.QuickFix


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether the client asked for this kind (`only` lists kinds or their parents, as LSP defines)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def overlaps(diagnostic: adapter.Diagnostic, start: tuple[int | None, int, int],
             end: tuple[int | None, int, int]) -> bool:
    """Whether a finding touches the span from `start` to `end`, each (cell, line, column) in one document."""
    if diagnostic.cell != start[0]:
        return False
    first, last = (diagnostic.line, diagnostic.column), (diagnostic.end_line, diagnostic.end_column)
    return first <= end[1:] and start[1:] <= last


def _workspace_edit(unit: Unit, edits, encoding: str) -> types.WorkspaceEdit | None:
    placed = unit.text_edits(edits, encoding) if edits else None
    if not placed:
        return None
    return types.WorkspaceEdit(changes=placed)


def _lsp_diagnostic(unit: Unit, diagnostic: adapter.Diagnostic, encoding: str) -> list[types.Diagnostic]:
    from .units import to_lsp

    converted = to_lsp(unit, diagnostic, encoding)
    return [converted[1]] if converted else []


def quick_fixes(unit: Unit, diagnostics: list[adapter.Diagnostic], encoding: str) -> list[types.CodeAction]:
    """For each finding: its fix (safe ones preferred, unsafe ones labelled), `# noqa`, ignore in file."""
    document = unit.document()
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
        edit = _workspace_edit(unit, adapter.noqa_edits(document, diagnostic), encoding)
        if edit is not None:
            actions.append(types.CodeAction(title=f"Disable {diagnostic.code} for this line (# noqa)",
                                            kind=QUICKFIX, diagnostics=related, edit=edit))
        edit = _workspace_edit(unit, adapter.file_ignore_edits(document, diagnostic.code), encoding)
        if edit is not None:
            actions.append(types.CodeAction(title=f"Ignore {diagnostic.code} in this file", kind=QUICKFIX,
                                            diagnostics=related, edit=edit))
    return actions


def fix_all(unit: Unit, edits, encoding: str) -> types.CodeAction | None:
    edit = _workspace_edit(unit, edits, encoding)
    if edit is None:
        return None
    return types.CodeAction(title="nnlint: fix all auto-fixable findings", kind=FIX_ALL_KIND, edit=edit)
