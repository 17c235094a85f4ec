"""Fix intents: what a fix should change, in the terms the rule already knows.

A rule decides what is wrong and what the remedy is (drop this keyword, remove this Sequential element,
unwrap this call, replace this initializer with that variance-scaling one); `nnlint.fix` only turns an
intent into text edits, with LibCST where commas, comments and blank lines must be kept right. So a plain
lint run can say "[*] fixable" from the intent alone, and the edits are computed only when a fix is applied
or shown.

Intents point at `ast` nodes of the document the rule analysed; `code` strings are Python source the
rule has already spelled with the module's own import aliases.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .diagnostics import Applicability, Edit


@dataclass(frozen=True, kw_only=True)
class Intent:
    #: what the fix does, imperative and short ("Remove `bias=False`")
    message: str
    applicability: Applicability


@dataclass(frozen=True, kw_only=True)
class DropKeyword(Intent):
    """Remove a keyword argument from its call (the callee's default applies again)."""

    call: ast.Call
    keyword: ast.keyword


@dataclass(frozen=True, kw_only=True)
class SetKeyword(Intent):
    """Give a call's keyword argument `name` the value `code`: replace its value, or add it."""

    call: ast.Call
    name: str
    code: str


@dataclass(frozen=True, kw_only=True)
class ReplaceExpression(Intent):
    """Replace an expression by `code`."""

    node: ast.expr
    code: str


@dataclass(frozen=True, kw_only=True)
class RemoveElement(Intent):
    """Remove `element` from a call's positional arguments or from a list/tuple literal."""

    container: ast.Call | ast.List | ast.Tuple
    element: ast.expr


@dataclass(frozen=True, kw_only=True)
class RemoveStatement(Intent):
    """Delete a simple statement (comments above it are kept; a block left empty gets `pass`)."""

    statement: ast.stmt
    #: the statements of the block holding it, in order
    block: tuple[ast.stmt, ...]


@dataclass(frozen=True, kw_only=True)
class UnwrapCall(Intent):
    """Replace a call by one of its arguments (`F.relu(self.out(x))` → `self.out(x)`)."""

    call: ast.Call
    keep: ast.expr
    #: whether `keep` needs parentheses where the call stood (an operand, an attribute's value)
    parenthesize: bool = False


@dataclass(frozen=True, kw_only=True)
class MoveStatementAfter(Intent):
    """Move a simple statement to just after `anchor`, a later statement of the same block (comments
    directly above it move with it)."""

    statement: ast.stmt
    anchor: ast.stmt
    block: tuple[ast.stmt, ...]


@dataclass(frozen=True, kw_only=True)
class ReplaceNodes(Intent):
    """LibCST node replacements made by a LibCST rule: `(old, new)` pairs of nodes of `Document.cst`,
    `new` possibly `libcst.RemovalSentinel.REMOVE`."""

    replacements: tuple[tuple[object, object], ...]


@dataclass(frozen=True, kw_only=True)
class ReplaceText(Intent):
    """Plain text edits, already computed by whoever found the problem (a noqa comment: there is no `ast`
    node to locate, only characters of a comment)."""

    edits: tuple[Edit, ...]


def targets(intent: Intent) -> tuple[ast.AST, ...]:
    """The `ast` nodes an intent changes (what decides the region of code a fix may touch)."""
    if isinstance(intent, DropKeyword):
        return (intent.keyword,)
    if isinstance(intent, SetKeyword):
        return (intent.call,)
    if isinstance(intent, ReplaceExpression):
        return (intent.node,)
    if isinstance(intent, RemoveElement):
        return (intent.container,)
    if isinstance(intent, RemoveStatement):
        return (intent.statement,)
    if isinstance(intent, UnwrapCall):
        return (intent.call,)
    if isinstance(intent, MoveStatementAfter):
        return (intent.statement, intent.anchor)
    return ()
