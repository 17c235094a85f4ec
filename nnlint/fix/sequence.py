"""Removing one item from a comma-separated sequence (call arguments, list or tuple elements) while
keeping it well-formed: commas, a trailing comma, the line layout and the comments around it.

The whitespace between items is modelled as "gaps": gap -1 sits before the first item, gap i after
item i (after its comma). Removing item k merges the gap before it with the gap after it.
"""

from __future__ import annotations

import libcst as cst

from .unfixable import Unfixable

_EMPTY = cst.SimpleWhitespace("")


def _has_comment(ws) -> bool:
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return ws.first_line.comment is not None or any(line.comment is not None for line in ws.empty_lines)
    return False


def _join(first, second):
    """Two adjacent whitespace nodes as one (at most one of them may be non-empty)."""
    if isinstance(second, cst.SimpleWhitespace) and second.value == "":
        return first
    if isinstance(first, cst.SimpleWhitespace) and first.value == "":
        return second
    raise Unfixable("unusual whitespace around the item")


def merge(before, after, last: bool):
    """The whitespace that replaces `before` + removed item + `after`."""
    before_paren = isinstance(before, cst.ParenthesizedWhitespace)
    after_paren = isinstance(after, cst.ParenthesizedWhitespace)
    if not before_paren and not after_paren:
        return after if last else before
    if not before_paren:
        return after  # the item shared its line with the previous one: keep its line's comment
    if not after_paren:
        return after if last and not _has_comment(before) else before
    # the item stood on its own line(s): drop its trailing comment, keep comment lines around it
    return cst.ParenthesizedWhitespace(
        first_line=before.first_line,
        empty_lines=[*before.empty_lines, *after.empty_lines],
        indent=after.indent,
        last_line=after.last_line,
    )


class _Items:
    """Uniform access to the items and gaps of a Call's args or a List/Tuple's elements."""

    def __init__(self, node: cst.CSTNode):
        self.node = node
        if isinstance(node, cst.Call):
            self.items = list(node.args)
        elif isinstance(node, (cst.List, cst.Tuple)):
            if isinstance(node, cst.Tuple) and not node.lpar:
                raise Unfixable("a tuple without parentheses")
            self.items = list(node.elements)
        else:
            raise Unfixable(f"not a sequence: {type(node).__name__}")

    # gaps -----------------------------------------------------------------------
    def gap(self, i: int):
        node, items = self.node, self.items
        if i < 0:
            if isinstance(node, cst.Call):
                return node.whitespace_before_args
            return node.lbracket.whitespace_after if isinstance(node, cst.List) else node.lpar[0].whitespace_after
        item = items[i]
        after_comma = item.comma.whitespace_after if isinstance(item.comma, cst.Comma) else _EMPTY
        if isinstance(node, cst.Call):
            return _join(after_comma, item.whitespace_after_arg)
        if i < len(items) - 1:
            return after_comma
        closing = node.rbracket.whitespace_before if isinstance(node, cst.List) else node.rpar[0].whitespace_before
        return _join(after_comma, closing)

    def with_gap(self, items: list, i: int, ws, comma: bool | None = None):
        """`items` with gap i (after item i) set to `ws`; `comma` True/False forces a comma after it."""
        node = self.node
        if i < 0:
            if isinstance(node, cst.Call):
                return node.with_changes(whitespace_before_args=ws, args=items)
            if isinstance(node, cst.List):
                return node.with_changes(lbracket=node.lbracket.with_changes(whitespace_after=ws), elements=items)
            lpar = [node.lpar[0].with_changes(whitespace_after=ws), *node.lpar[1:]]
            return node.with_changes(lpar=lpar, elements=items)
        item = items[i]
        has_comma = isinstance(item.comma, cst.Comma) if comma is None else comma
        last = i == len(items) - 1
        if isinstance(node, cst.Call):
            if has_comma:
                old = item.comma if isinstance(item.comma, cst.Comma) else cst.Comma(whitespace_after=_EMPTY)
                item = item.with_changes(comma=old.with_changes(whitespace_after=ws), whitespace_after_arg=_EMPTY)
            else:
                item = item.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=ws)
            items[i] = item
            return node.with_changes(args=items)
        if not last:
            old = item.comma if isinstance(item.comma, cst.Comma) else cst.Comma()
            items[i] = item.with_changes(comma=old.with_changes(whitespace_after=ws))
            return node.with_changes(elements=items)
        if has_comma:
            old = item.comma if isinstance(item.comma, cst.Comma) else cst.Comma()
            items[i] = item.with_changes(comma=old.with_changes(whitespace_after=_EMPTY))
        else:
            items[i] = item.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if isinstance(node, cst.List):
            return node.with_changes(elements=items, rbracket=node.rbracket.with_changes(whitespace_before=ws))
        rpar = [node.rpar[0].with_changes(whitespace_before=ws), *node.rpar[1:]]
        return node.with_changes(elements=items, rpar=rpar)


def without_item(node: cst.CSTNode, k: int, allow_empty: bool = False) -> cst.CSTNode:
    """`node` (a Call, List or parenthesised Tuple) without its item `k`."""
    seq = _Items(node)
    items, n = seq.items, len(seq.items)
    if n == 1:
        if not allow_empty or _has_comment(seq.gap(-1)) or _has_comment(seq.gap(0)):
            raise Unfixable("removing the only item")
        if isinstance(node, cst.Tuple):
            raise Unfixable("removing the only item of a tuple")
        return seq.with_gap([], -1, _EMPTY)
    before, after = seq.gap(k - 1), seq.gap(k)
    remaining = items[:k] + items[k + 1:]
    if k < n - 1:
        return seq.with_gap(remaining, k - 1, merge(before, after, last=False))
    trailing = isinstance(items[k].comma, cst.Comma)
    if isinstance(node, cst.Tuple) and len(remaining) == 1:
        trailing = True  # `(a,)` stays a tuple
    return seq.with_gap(remaining, k - 1, merge(before, after, last=True), comma=trailing)


def with_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """`call` with a keyword argument appended (no trailing comma, so the layout stays simple)."""
    args = list(call.args)
    new = cst.Arg(value=value, keyword=cst.Name(name),
                  equal=cst.AssignEqual(whitespace_before=_EMPTY, whitespace_after=_EMPTY))
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    if isinstance(last.comma, cst.Comma) or isinstance(last.whitespace_after_arg, cst.ParenthesizedWhitespace):
        raise Unfixable("a multi-line argument list")
    args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                                 whitespace_after_arg=_EMPTY)
    args.append(new.with_changes(whitespace_after_arg=last.whitespace_after_arg))
    return call.with_changes(args=args)
