"""The LibCST view of one file, built only when a fix is wanted, and turning node replacements into edits.

`ast` nodes (what rules point at) are matched to LibCST nodes by their exact source range: LibCST's
`PositionProvider` ranges exclude enclosing parentheses, exactly like `ast`'s.
"""

from __future__ import annotations

import ast
import warnings
import weakref
from collections import defaultdict

with warnings.catch_warnings():  # libcst 1.0's metadata package uses a deprecated mypy_extensions API
    warnings.simplefilter("ignore", DeprecationWarning)
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

from ..diagnostics import Edit, Fix
from ..facts import ModuleFacts
from .text import Lines, common_prefix, common_suffix, diff_edits

_DOCUMENTS: "weakref.WeakKeyDictionary[ModuleFacts, Document | None]" = weakref.WeakKeyDictionary()


class Unfixable(Exception):
    """Raised by fixers when the construct cannot be changed safely; the finding gets no fix."""


def document(facts: ModuleFacts) -> "Document":
    """The (cached) LibCST document of a file; raises `Unfixable` if LibCST cannot parse it."""
    if facts not in _DOCUMENTS:
        try:
            _DOCUMENTS[facts] = Document(facts.source.text)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            _DOCUMENTS[facts] = None
    doc = _DOCUMENTS[facts]
    if doc is None:
        raise Unfixable("LibCST cannot parse the file")
    return doc


Range = tuple[int, int, int, int]  # start line, start column (0-based chars), end line, end column


class Document:
    def __init__(self, text: str):
        self.text = text
        self.lines = Lines(text)
        self.module = cst.parse_module(text)
        if self.module.code != text:  # never edit what we cannot reproduce byte for byte
            raise ValueError("LibCST does not round-trip this file")
        positions = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        self.ranges: dict[int, Range] = {}
        self._by_range: dict[Range, list[cst.CSTNode]] = defaultdict(list)
        for node, where in positions.items():
            key = (where.start.line, where.start.column, where.end.line, where.end.column)
            self.ranges[id(node)] = key
            self._by_range[key].append(node)
        self.newline = self.module.default_newline
        self.quote = "'" if text.count("'") > text.count('"') else '"'

    # -- locating -----------------------------------------------------------------
    def range_of(self, node: ast.AST) -> Range:
        end_line = node.end_lineno or node.lineno
        return (node.lineno, self.lines.char_column(node.lineno, node.col_offset),
                end_line, self.lines.char_column(end_line, node.end_col_offset or node.col_offset))

    def find(self, node: ast.AST, kind: type | tuple[type, ...]) -> cst.CSTNode:
        """The LibCST node of `kind` spanning exactly the source range of an `ast` node."""
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
        raise Unfixable(f"no {kind} at {self.range_of(node)}")

    def expression(self, node: ast.AST) -> cst.BaseExpression:
        return self.find(node, cst.BaseExpression)

    def statement(self, node: ast.stmt) -> cst.CSTNode:
        """The LibCST statement for an `ast` statement (a simple statement or a compound one)."""
        return self.find(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement))

    def statement_line(self, node: ast.stmt) -> cst.SimpleStatementLine | None:
        """The `SimpleStatementLine` holding a simple `ast` statement."""
        small = self.statement(node)
        start = self.ranges[id(small)][:2]
        for candidate in self._by_range_starting(start):
            if isinstance(candidate, cst.SimpleStatementLine) and any(s is small for s in candidate.body):
                return candidate
        return None

    def _by_range_starting(self, start: tuple[int, int]):
        for key, nodes in self._by_range.items():
            if key[:2] == start:
                yield from nodes

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # -- changing -----------------------------------------------------------------
    def fix(self, message: str, replacements: dict[int, tuple[cst.CSTNode, object]]) -> Fix:
        """A `Fix` replacing nodes (``id(old) -> (old, new)``; new may be `cst.RemovalSentinel.REMOVE`)."""
        edits = self._local_edit(replacements)
        if edits is None:
            edits = diff_edits(self.text, self.module.visit(_Replace(replacements)).code)
        if not edits:
            raise Unfixable("the fix changes nothing")
        return Fix(message, edits)

    def _local_edit(self, replacements) -> tuple[Edit, ...] | None:
        """The edit for a single node replacement, from that node's code alone (no whole-module codegen),
        when the node's code is exactly its source range (no parentheses or whitespace it owns outside)."""
        if len(replacements) != 1:
            return None
        (old, new), = replacements.values()
        if not isinstance(new, cst.CSTNode) or id(old) not in self.ranges:
            return None
        line, column, end_line, end_column = self.ranges[id(old)]
        start, end = self.lines.offset(line, column + 1), self.lines.offset(end_line, end_column + 1)
        old_code = self.text[start:end]
        if self.code(old) != old_code:
            return None
        new_code = self.code(new)
        prefix = common_prefix(old_code, new_code)
        suffix = common_suffix(old_code[prefix:], new_code[prefix:])
        if prefix == len(old_code) == len(new_code):
            return ()
        (l1, c1), (l2, c2) = self.lines.position(start + prefix), self.lines.position(end - suffix)
        return (Edit(l1, c1, l2, c2, new_code[prefix:len(new_code) - suffix]),)

    def replace(self, message: str, *pairs: tuple[cst.CSTNode, object]) -> Fix:
        return self.fix(message, {id(old): (old, new) for old, new in pairs})


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[int, tuple[cst.CSTNode, object]]):
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        found = self.replacements.get(id(original_node))
        if found is not None and found[0] is original_node:
            return found[1]
        return updated_node


def parse_expression(code: str, like: cst.Module) -> cst.BaseExpression:
    return cst.parse_expression(code, config=like.config_for_parsing)
