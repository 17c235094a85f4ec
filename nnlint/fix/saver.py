"""NN401: move the `Saver(...)` statement to just after the statement that builds the train op.

Only when both statements are in the same block, the Saver's statement is a simple assignment or
expression, nothing in between mentions what it assigns, and nothing in between rebinds a name it
uses. Comments directly above the Saver move with it.
"""

from __future__ import annotations

import ast

import libcst as cst

from ..diagnostics import Fix
from ..facts import ModuleFacts
from .common import block_of, index_of, line_of
from .document import Unfixable, document

_TRAIN_OPS = ("minimize", "apply_gradients")


def move_saver(finding, facts: ModuleFacts) -> Fix:
    index = facts.index
    statement = index.parents.get(finding.node)
    if not isinstance(statement, (ast.Assign, ast.Expr)) or getattr(statement, "value", None) is not finding.node:
        raise Unfixable("the Saver is not a statement of its own")
    block = block_of(facts, statement)
    start = index_of(block, statement)
    train = next((s for s in block[start + 1:] if _builds_train_op(s)), None)
    if train is None:
        raise Unfixable("no train op later in the same block")
    between = block[start + 1:index_of(block, train) + 1]
    targets = {ast.unparse(t) for t in getattr(statement, "targets", [])}
    used = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
    for node in (n for s in between for n in ast.walk(s)):
        if isinstance(node, (ast.Name, ast.Attribute)) and ast.unparse(node) in targets:
            raise Unfixable("the Saver is used before the train op")
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in used:
            raise Unfixable("a name the Saver uses is rebound before the train op")
    doc = document(facts, finding.node)
    saver_line, train_line = line_of(doc, statement), line_of(doc, train)
    comments = [line for line in saver_line.leading_lines if line.comment is not None]
    if comments and comments != list(saver_line.leading_lines[-len(comments):]):
        raise Unfixable("comments and blank lines mixed above the Saver")
    moved = saver_line.with_changes(leading_lines=comments)
    blank = list(saver_line.leading_lines[:len(saver_line.leading_lines) - len(comments)])
    replacements = {id(saver_line): (saver_line, cst.RemovalSentinel.REMOVE)}
    following = line_of(doc, block[start + 1])
    kept = following.with_changes(leading_lines=blank) if blank and not following.leading_lines else following
    if following is train_line:
        replacements[id(train_line)] = (train_line, cst.FlattenSentinel([kept, moved]))
    else:
        if kept is not following:
            replacements[id(following)] = (following, kept)
        replacements[id(train_line)] = (train_line, cst.FlattenSentinel([train_line, moved]))
    return doc.fix("Build the Saver after the train op", replacements)


def _builds_train_op(statement: ast.stmt) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _TRAIN_OPS
               for n in ast.walk(statement))
