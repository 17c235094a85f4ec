"""The LibCST view of a document: parsed on first use, only where a change is wanted, and located from
`ast` nodes by their exact source range.

A change never reaches beyond the block holding its statement, so a view is usually the smallest function
or class definition around that block rather than the whole file (a definition nested in a block is parsed
behind an `if True:` line that makes its indentation legal, and every position is shifted back to the
file's lines). Parsing a few dozen lines instead of the file is what keeps fixing cheap. Plugin rules
written against LibCST get the whole module (`Document.cst`).

`ast` nodes are matched to LibCST nodes by their source range: LibCST's `PositionProvider` ranges exclude
enclosing parentheses, exactly like `ast`'s.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import defaultdict

with warnings.catch_warnings():  # libcst 1.0's metadata package uses a deprecated mypy_extensions API
    warnings.simplefilter("ignore", DeprecationWarning)
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

from .diagnostics import Edit
from .edits import diff_edits, minimal_edit
from .lines import LineIndex

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_WRAPPER = "if True:"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_WHOLE = "whole"

Range = tuple[int, int, int, int]  # start line, start column (0-based chars), end line, end column


class Unlocatable(Exception):
    """An `ast` node has no LibCST counterpart in the view (or the view cannot be built)."""


def view_for(document, node: ast.AST | None = None) -> "CSTView":
    """The (cached) view of the code a change at `node` may touch; the whole module without `node`."""
    views = document.__dict__.setdefault("_cst_views", {})
    region = _region(document.tree, node) if node is not None else None
    key = _WHOLE if region is None else (region.lineno, region.end_lineno)
    if key not in views:
        views[key] = _build(document, region)
        if views[key] is None and key != _WHOLE:  # the snippet did not parse on its own: use the whole file
            views[key] = view_for(document)
    view = views[key]
    if view is None:
        raise Unlocatable("LibCST cannot parse the file")
    return view


def _region(tree: ast.Module, node: ast.AST) -> ast.stmt | None:
    """The innermost definition holding the block of `node`'s statement (None: module level), found by
    descending through the statements whose lines contain the node."""
    line = getattr(node, "lineno", None)
    if line is None:
        return None
    owner, block = None, tree.body
    while True:
        statement = next((s for s in block if s.lineno <= line <= (s.end_lineno or s.lineno)), None)
        if statement is None or statement is node:
            return owner
        inner = [child for name in _BLOCK_FIELDS for child in _block_items(statement, name)]
        if not any(s.lineno <= line <= (s.end_lineno or s.lineno) for s in inner):
            return owner  # `node` is in this statement's own line(s) (its header or a simple statement)
        if isinstance(statement, _DEFINITIONS):
            owner = statement
        block = inner


def _block_items(statement: ast.stmt, name: str) -> list[ast.stmt]:
    items = getattr(statement, name, None)
    if not isinstance(items, list):
        return []
    found = []
    for item in items:  # `except` handlers and `match` cases hold their own bodies
        if isinstance(item, (ast.ExceptHandler, ast.match_case)):
            found.extend(item.body)
        elif isinstance(item, ast.stmt):
            found.append(item)
    return found


def _build(document, region: ast.stmt | None) -> "CSTView | None":
    text = document.text
    try:
        if region is None:
            return CSTView(text)
        lines = document.lines
        first = min([region.lineno] + [d.lineno for d in getattr(region, "decorator_list", [])])
        start = lines.starts[first - 1]
        end = lines.starts[region.end_lineno] if region.end_lineno < len(lines.starts) else len(text)
        snippet, shift = text[start:end], first - 1
        if region.col_offset:
            ending = _NEWLINE.search(snippet)
            snippet, shift = _WRAPPER + (ending.group() if ending else "\n") + snippet, shift - 1
        return CSTView(snippet, shift, text)
    except (cst.ParserSyntaxError, RecursionError, ValueError, IndexError):
        return None


class CSTView:
    """LibCST over `text`: the file, or a snippet of it whose line 1 is the file's line `shift + 1`
    (`whole` is the file, for the choices that look at all of it)."""

    def __init__(self, text: str, shift: int = 0, whole: str | None = None):
        self.text = text
        self.shift = shift
        whole = text if whole is None else whole
        self.lines = LineIndex(text)
        self.module = cst.parse_module(text)
        if self.module.code != text:  # never edit what we cannot reproduce byte for byte
            raise ValueError("LibCST does not round-trip this file")
        self._positions = None
        self._ranges: dict[int, Range] | None = None
        self._by_range: dict[Range, list[cst.CSTNode]] | None = None
        self.newline = self.module.default_newline
        self.quote = "'" if whole.count("'") > whole.count('"') else '"'

    # -- positions ------------------------------------------------------------------------------
    @property
    def ranges(self) -> dict[int, Range]:
        if self._ranges is None:
            self._index()
        return self._ranges

    def _index(self) -> None:
        positions = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        self._ranges, self._by_range = {}, defaultdict(list)
        for node, where in positions.items():
            key = (where.start.line, where.start.column, where.end.line, where.end.column)
            self._ranges[id(node)] = key
            self._by_range[key].append(node)

    def position_of(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        """A LibCST node's range in the document's coordinates: 1-based lines, 1-based character columns."""
        line, column, end_line, end_column = self.ranges[id(node)]
        return line + self.shift, column + 1, end_line + self.shift, end_column + 1

    # -- locating -------------------------------------------------------------------------------
    def range_of(self, node: ast.AST) -> Range:
        line, end_line = node.lineno - self.shift, (node.end_lineno or node.lineno) - self.shift
        if line < 1 or end_line > self.lines.line_count:
            raise Unlocatable("the node lies outside the parsed code")
        return (line, self.lines.column_of_utf8(line, node.col_offset) - 1,
                end_line, self.lines.column_of_utf8(end_line, node.end_col_offset or node.col_offset) - 1)

    def find(self, node: ast.AST, kind: type | tuple[type, ...]) -> cst.CSTNode:
        """The LibCST node of `kind` spanning exactly the source range of an `ast` node."""
        if self._by_range is None:
            self._index()
        where = self.range_of(node)
        candidates = list(self._by_range.get(where, ()))
        if isinstance(node, ast.Tuple):
            # `ast` counts a parenthesised tuple's parentheses; LibCST does not
            line, column, end_line, end_column = where
            if self.lines.line_text(line)[column:column + 1] == "(":
                candidates += self._by_range.get((line, column + 1, end_line, end_column - 1), [])
        for candidate in candidates:
            if isinstance(candidate, kind):
                return candidate
        raise Unlocatable(f"no {kind} at {where}")

    def expression(self, node: ast.AST) -> cst.BaseExpression:
        return self.find(node, cst.BaseExpression)

    def statement(self, node: ast.stmt) -> cst.CSTNode:
        """The LibCST statement for an `ast` statement (a simple statement or a compound one)."""
        return self.find(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement))

    def statement_line(self, node: ast.stmt) -> cst.SimpleStatementLine | None:
        """The `SimpleStatementLine` holding a simple `ast` statement."""
        small = self.statement(node)
        start = self.ranges[id(small)][:2]
        for key, nodes in self._by_range.items():
            if key[:2] != start:
                continue
            for candidate in nodes:
                if isinstance(candidate, cst.SimpleStatementLine) and any(s is small for s in candidate.body):
                    return candidate
        return None

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # -- changing -------------------------------------------------------------------------------
    def edits(self, replacements: dict[int, tuple[cst.CSTNode, object]]) -> tuple[Edit, ...]:
        """The edits (in the document's coordinates) that replace nodes: `id(old) -> (old, new)`, where new
        may be `cst.RemovalSentinel.REMOVE` or a `cst.FlattenSentinel`."""
        edits = None
        if len(replacements) == 1:
            (old, new), = replacements.values()
            if isinstance(new, cst.CSTNode) and id(old) in self.ranges:
                line, column, end_line, end_column = self.ranges[id(old)]
                start, end = self.lines.offset(line, column + 1), self.lines.offset(end_line, end_column + 1)
                if self.code(old) == self.text[start:end]:  # no parentheses or whitespace it owns outside
                    edits = minimal_edit(self.lines, start, end, self.code(new))
        if edits is None:
            edits = diff_edits(self.text, self.module.visit(_Replace(replacements)).code)
        if self.shift:
            edits = tuple(Edit(e.line + self.shift, e.column, e.end_line + self.shift, e.end_column, e.content)
                          for e in edits)
        return edits

    def parse_expression(self, code: str) -> cst.BaseExpression:
        return cst.parse_expression(code, config=self.module.config_for_parsing)


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[int, tuple[cst.CSTNode, object]]):
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        found = self.replacements.get(id(original_node))
        if found is not None and found[0] is original_node:
            return found[1]
        return updated_node
