"""Turning a fix intent into text edits.

Simple replacements are plain text edits over the `ast` node's source range; changes that must keep
commas, comments and blank lines right (dropping a keyword or an element, removing or moving a statement,
adding a keyword) go through LibCST, parsed only for the definition around the change. An intent that
cannot be carried out here raises `Unfixable` with the reason (the finding then has no fix); any other
exception is a bug in nnlint, reported as such by the caller.
"""

from __future__ import annotations

import ast

import libcst as cst

from ..cst import CSTView, Unlocatable
from ..diagnostics import Edit
from ..document import Document
from ..edits import minimal_edit
from ..intents import (
    DropKeyword, Intent, MoveStatementAfter, RemoveElement, RemoveStatement, ReplaceExpression, ReplaceNodes,
    ReplaceText, SetKeyword, UnwrapCall, targets,
)
from .sequence import with_keyword, without_item
from .unfixable import Unfixable


#: LibCST expressions that can stand anywhere without parentheses
_ATOMIC = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer, cst.Float,
           cst.List, cst.Tuple, cst.Dict, cst.ConcatenatedString)


def edits_for(document: Document, intent: Intent) -> tuple[Edit, ...]:
    """The edits that carry out `intent` on `document`, or `Unfixable`."""
    if isinstance(intent, ReplaceText):
        return intent.edits
    try:
        if isinstance(intent, ReplaceExpression):
            return _replace_text(document, intent.node, intent.code)
        if isinstance(intent, ReplaceNodes):
            return _replace_nodes(document, intent)
        view = _view(document, intent)
        handler = _HANDLERS.get(type(intent))
        if handler is None:
            raise Unfixable(f"no way to carry out {type(intent).__name__}")
        edits = handler(view, intent)
    except Unlocatable as exc:
        raise Unfixable(str(exc)) from None
    if not edits:
        raise Unfixable("the fix changes nothing")
    return edits


def _view(document: Document, intent: Intent) -> CSTView:
    nodes = targets(intent)
    views = {id(document.cst_view(node)): document.cst_view(node) for node in nodes}
    if len(views) != 1:  # the nodes lie in different definitions: work on the whole file
        return document.cst_view()
    return next(iter(views.values()))


def _replace_text(document: Document, node: ast.AST, code: str) -> tuple[Edit, ...]:
    where = document.span(node)
    start = document.lines.offset(where.line, where.column)
    end = document.lines.offset(where.end_line, where.end_column)
    return minimal_edit(document.lines, start, end, code)


def _replace_nodes(document: Document, intent: ReplaceNodes) -> tuple[Edit, ...]:
    view = document.cst_view()
    if any(old is not None and id(old) not in view.ranges for old, _ in intent.replacements):
        raise Unfixable("the replaced nodes are not nodes of this document's LibCST module")
    return view.edits({id(old): (old, new) for old, new in intent.replacements})


# -- keywords and sequence items -------------------------------------------------------------------
def _drop_keyword(view: CSTView, intent: DropKeyword) -> tuple[Edit, ...]:
    call, arg = view.find(intent.call, cst.Call), view.find(intent.keyword, cst.Arg)
    position = _index_of(call.args, arg)
    return view.edits({id(call): (call, without_item(call, position, allow_empty=True))})


def _set_keyword(view: CSTView, intent: SetKeyword) -> tuple[Edit, ...]:
    call = view.find(intent.call, cst.Call)
    value = view.parse_expression(intent.code)
    existing = next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == intent.name), None)
    if existing is not None:
        return view.edits({id(existing): (existing, existing.with_changes(value=value))})
    return view.edits({id(call): (call, with_keyword(call, intent.name, value))})


def _remove_element(view: CSTView, intent: RemoveElement) -> tuple[Edit, ...]:
    container, element = intent.container, intent.element
    value = view.expression(element)
    if isinstance(container, ast.Call):
        call = view.find(container, cst.Call)
        arg = next((a for a in call.args if a.value is value and a.keyword is None and not a.star), None)
        if arg is None:
            raise Unfixable("element not found among the arguments")
        return view.edits({id(call): (call, without_item(call, _index_of(call.args, arg)))})
    sequence = view.find(container, (cst.List, cst.Tuple))
    item = next((e for e in sequence.elements if e.value is value), None)
    if item is None:
        raise Unfixable("element not found")
    return view.edits({id(sequence): (sequence, without_item(sequence, _index_of(sequence.elements, item)))})


def _unwrap(view: CSTView, intent: UnwrapCall) -> tuple[Edit, ...]:
    call, inner = view.find(intent.call, cst.Call), view.expression(intent.keep)
    if "#" in view.code(call).replace(view.code(inner), "", 1):
        raise Unfixable("comments inside the call")
    replacement = inner
    if intent.parenthesize and not replacement.lpar:
        replacement = replacement.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    code = view.code(replacement)
    if ("\n" in code or "\r" in code) and not replacement.lpar and not isinstance(replacement, _ATOMIC):
        raise Unfixable("a multi-line argument")
    return view.edits({id(call): (call, replacement)})


# -- statements ----------------------------------------------------------------------------------------
def _line_of(view: CSTView, statement: ast.stmt):
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and statement.decorator_list:
        raise Unfixable("decorated definition")
    found = view.statement(statement)
    if isinstance(found, cst.BaseCompoundStatement):
        return found
    line = view.statement_line(statement)
    if line is None or len(line.body) != 1:
        raise Unfixable("several statements on one line")
    return line


def _remove_statement(view: CSTView, intent: RemoveStatement) -> tuple[Edit, ...]:
    """Delete a simple statement, keeping the comments above it and the blank lines around it; a block
    left empty gets `pass`."""
    line = _line_of(view, intent.statement)
    block = intent.block
    position = _index_of(block, intent.statement)
    if len(block) == 1:
        new = line.with_changes(body=[cst.Pass()], trailing_whitespace=cst.TrailingWhitespace(
            newline=line.trailing_whitespace.newline))
        return view.edits({id(line): (line, new)})
    leading = list(line.leading_lines)
    has_comments = any(empty.comment is not None for empty in leading)
    if position + 1 < len(block):
        following = _line_of(view, block[position + 1])
        moved = leading + list(following.leading_lines) if has_comments else list(following.leading_lines) or leading
        return view.edits({id(line): (line, cst.RemovalSentinel.REMOVE),
                           id(following): (following, following.with_changes(leading_lines=moved))})
    if has_comments:
        raise Unfixable("comments above the last statement of a block")
    return view.edits({id(line): (line, cst.RemovalSentinel.REMOVE)})


def _move_statement(view: CSTView, intent: MoveStatementAfter) -> tuple[Edit, ...]:
    """Move a statement after `anchor`; the comments directly above it move with it, blank lines stay."""
    block = intent.block
    start = _index_of(block, intent.statement)
    moving, anchor = _line_of(view, intent.statement), _line_of(view, intent.anchor)
    comments = [line for line in moving.leading_lines if line.comment is not None]
    if comments and comments != list(moving.leading_lines[-len(comments):]):
        raise Unfixable("comments and blank lines mixed above the statement")
    moved = moving.with_changes(leading_lines=comments)
    blank = list(moving.leading_lines[:len(moving.leading_lines) - len(comments)])
    replacements = {id(moving): (moving, cst.RemovalSentinel.REMOVE)}
    following = _line_of(view, block[start + 1])
    kept = following.with_changes(leading_lines=blank) if blank and not following.leading_lines else following
    if following is anchor:
        replacements[id(anchor)] = (anchor, cst.FlattenSentinel([kept, moved]))
    else:
        if kept is not following:
            replacements[id(following)] = (following, kept)
        replacements[id(anchor)] = (anchor, cst.FlattenSentinel([anchor, moved]))
    return view.edits(replacements)


def _index_of(items, node) -> int:
    for i, item in enumerate(items):
        if item is node:
            return i
    raise Unfixable("item not found")


_HANDLERS = {
    DropKeyword: _drop_keyword,
    SetKeyword: _set_keyword,
    RemoveElement: _remove_element,
    UnwrapCall: _unwrap,
    RemoveStatement: _remove_statement,
    MoveStatementAfter: _move_statement,
}
