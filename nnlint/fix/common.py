"""Building blocks shared by fixers: removing a keyword, an element, a statement; unwrapping a call;
spelling a framework name with the aliases the module already imports."""

from __future__ import annotations

import ast

import libcst as cst

from ..diagnostics import Fix
from ..facts import ModuleFacts
from .document import Document, Unfixable
from .sequence import without_item

_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_ATOMIC = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer, cst.Float,
           cst.List, cst.Tuple, cst.Dict, cst.ConcatenatedString)


def index_of(items, node) -> int:
    for i, item in enumerate(items):
        if item is node:
            return i
    raise Unfixable("item not found")


# -- keywords and sequence items --------------------------------------------------------------
def drop_keyword(doc: Document, facts: ModuleFacts, kw: ast.keyword, message: str) -> Fix:
    call_ast = facts.index.parents.get(kw)
    if not isinstance(call_ast, ast.Call):
        raise Unfixable("keyword outside a call")
    call, arg = doc.find(call_ast, cst.Call), doc.find(kw, cst.Arg)
    return doc.replace(message, (call, without_item(call, index_of(call.args, arg), allow_empty=True)))


def set_keyword(doc: Document, kw: ast.keyword, code: str, message: str) -> Fix:
    arg = doc.find(kw, cst.Arg)
    return doc.replace(message, (arg, arg.with_changes(value=cst.parse_expression(code))))


def drop_element(doc: Document, container: ast.AST, element: ast.AST, message: str) -> Fix:
    """Remove `element` from a call's positional arguments or a list/tuple literal."""
    if isinstance(container, ast.Call):
        call = doc.find(container, cst.Call)
        value = doc.expression(element)
        arg = next((a for a in call.args if a.value is value and a.keyword is None and not a.star), None)
        if arg is None:
            raise Unfixable("element not found among the arguments")
        return doc.replace(message, (call, without_item(call, index_of(call.args, arg))))
    seq = doc.find(container, (cst.List, cst.Tuple))
    value = doc.expression(element)
    item = next((e for e in seq.elements if e.value is value), None)
    if item is None:
        raise Unfixable("element not found")
    return doc.replace(message, (seq, without_item(seq, index_of(seq.elements, item))))


# -- statements ---------------------------------------------------------------------------------
def in_loop(facts: ModuleFacts, node: ast.AST) -> bool:
    current = facts.index.parents.get(node)
    while current is not None and not isinstance(current, _FUNCTIONS):
        if isinstance(current, _LOOPS):
            return True
        current = facts.index.parents.get(current)
    return False


def block_of(facts: ModuleFacts, stmt: ast.stmt) -> list[ast.stmt]:
    parent = facts.index.parents.get(stmt)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is stmt for s in block):
            return block
    raise Unfixable("statement block not found")


def line_of(doc: Document, stmt: ast.stmt):
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.decorator_list:
        raise Unfixable("decorated definition")
    if isinstance(stmt, ast.expr) or not isinstance(stmt, ast.stmt):
        raise Unfixable("not a statement")
    found = doc.statement(stmt)
    if isinstance(found, cst.BaseCompoundStatement):
        return found
    line = doc.statement_line(stmt)
    if line is None or len(line.body) != 1:
        raise Unfixable("several statements on one line")
    return line


def statement_removal(doc: Document, facts: ModuleFacts, stmt: ast.stmt) -> dict:
    """Replacements that delete a simple statement, keeping the comments above it and the blank lines
    around it; a block left empty gets `pass`."""
    line = line_of(doc, stmt)
    block = block_of(facts, stmt)
    position = index_of(block, stmt)
    if len(block) == 1:
        new = line.with_changes(body=[cst.Pass()], trailing_whitespace=cst.TrailingWhitespace(
            newline=line.trailing_whitespace.newline))
        return {id(line): (line, new)}
    leading = list(line.leading_lines)
    has_comments = any(empty.comment is not None for empty in leading)
    if position + 1 < len(block):
        following = line_of(doc, block[position + 1])
        if has_comments:
            moved = leading + list(following.leading_lines)
        else:
            moved = list(following.leading_lines) or leading
        return {id(line): (line, cst.RemovalSentinel.REMOVE),
                id(following): (following, following.with_changes(leading_lines=moved))}
    if has_comments:
        raise Unfixable("comments above the last statement of a block")
    return {id(line): (line, cst.RemovalSentinel.REMOVE)}


def remove_statement(doc: Document, facts: ModuleFacts, stmt: ast.stmt, message: str) -> Fix:
    return doc.fix(message, statement_removal(doc, facts, stmt))


# -- unwrapping ------------------------------------------------------------------------------------
def unwrap(doc: Document, facts: ModuleFacts, call_ast: ast.Call, inner_ast: ast.expr, message: str) -> Fix:
    """Replace a call by one of its arguments (`F.relu(self.out(x))` → `self.out(x)`)."""
    call, inner = doc.find(call_ast, cst.Call), doc.expression(inner_ast)
    if "#" in doc.code(call).replace(doc.code(inner), "", 1):
        raise Unfixable("comments inside the call")
    parent = facts.index.parents.get(call_ast)
    if isinstance(parent, ast.Assign) and parent.value is call_ast and len(parent.targets) == 1 \
            and isinstance(parent.targets[0], ast.Name) and isinstance(inner_ast, ast.Name) \
            and parent.targets[0].id == inner_ast.id:
        return remove_statement(doc, facts, parent, message)  # `x = act(x)` would become `x = x`
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        scope = facts.index.scope_of(parent)
        binding = next((b for b in scope.bindings.get(parent.targets[0].id, ()) if b.stmt is parent), None)
        if binding is None or len(scope.uses_of(binding)) > 1:
            raise Unfixable("the activated value has other uses, which would change too")
    replacement = inner
    if not isinstance(replacement, _ATOMIC) and not replacement.lpar and not _safe_context(facts, call_ast):
        replacement = replacement.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    if "\n" in doc.code(replacement) or "\r" in doc.code(replacement):
        if not replacement.lpar and not isinstance(replacement, _ATOMIC):
            raise Unfixable("a multi-line argument")
    return doc.replace(message, (call, replacement))


def _safe_context(facts: ModuleFacts, node: ast.AST) -> bool:
    """Can an arbitrary expression stand in the place of `node` without parentheses?"""
    parent = facts.index.parents.get(node)
    if isinstance(parent, (ast.Return, ast.Assign, ast.AnnAssign, ast.keyword, ast.Expr)):
        return getattr(parent, "value", None) is node
    if isinstance(parent, ast.Call):
        return node in parent.args
    return isinstance(parent, (ast.List, ast.Tuple)) and not isinstance(parent.ctx, ast.Store)


# -- names ---------------------------------------------------------------------------------------------
def spell(facts: ModuleFacts, node: ast.AST, target: str) -> str | None:
    """The shortest way to write the dotted name `target` with the module's own imports, or None.

    Names rebound in the function around `node` are not used (they may no longer mean the import).
    """
    scope = facts.index.scope_of(node)
    best = None
    for local, raw in facts.index.names.aliases.items():
        if local in scope.params or (scope.node is not facts.tree and local in scope.bindings):
            continue
        if target == raw:
            candidate = local
        elif target.startswith(raw + "."):
            candidate = local + target[len(raw):]
        else:
            continue
        if best is None or len(candidate) < len(best):
            best = candidate
    return best


def with_keyword_fix(doc: Document, call_ast: ast.Call, name: str, code: str, message: str) -> Fix:
    from .sequence import with_keyword

    call = doc.find(call_ast, cst.Call)
    return doc.replace(message, (call, with_keyword(call, name, cst.parse_expression(code))))
