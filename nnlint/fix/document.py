"""The LibCST view of the code around a finding, built only when a fix is wanted, and turning node
replacements into edits.

A fix never reaches beyond the block holding the finding's statement, so LibCST parses only the
smallest function or class definition around that block (the whole file for module-level code): a
definition nested in a block is parsed behind an `if True:` line that makes its indentation legal,
and every position is shifted back to the file's lines. Parsing a few dozen lines instead of the file
is what keeps computing fixes (for `[*]` and the summary's fixable count) cheap.

`ast` nodes (what rules point at) are matched to LibCST nodes by their exact source range: LibCST's
`PositionProvider` ranges exclude enclosing parentheses, exactly like `ast`'s.
"""

from __future__ import annotations

import ast
import re
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

_DOCUMENTS: "weakref.WeakKeyDictionary[ModuleFacts, dict]" = weakref.WeakKeyDictionary()
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_WRAPPER = "if True:"
_NEWLINE = re.compile(r"\r\n|\r|\n")


class Unfixable(Exception):
    """Raised by fixers when the construct cannot be changed safely; the finding gets no fix."""


def document(facts: ModuleFacts, node: ast.AST | None = None) -> "Document":
    """The (cached) LibCST document of the code a fix for `node` may touch (the whole file without
    `node`); raises `Unfixable` if LibCST cannot parse it."""
    documents = _DOCUMENTS.setdefault(facts, {})
    region = _region(facts, node)
    key = None if region is None else (region.lineno, region.end_lineno)
    if key not in documents:
        documents[key] = _build(facts, region)
        if documents[key] is None and key is not None:  # the snippet did not work: try the whole file
            documents[key] = document(facts)
    doc = documents[key]
    if doc is None:
        raise Unfixable("LibCST cannot parse the file")
    return doc


def _region(facts: ModuleFacts, node: ast.AST | None) -> ast.stmt | None:
    """The innermost definition holding the block of `node`'s statement (None: module level)."""
    parents = facts.index.parents
    current = node
    while current is not None and not isinstance(current, ast.stmt):
        current = parents.get(current)
    owner = parents.get(current) if current is not None else None
    while owner is not None and not isinstance(owner, _DEFINITIONS):
        owner = parents.get(owner)
    return owner


def _build(facts: ModuleFacts, region: ast.stmt | None) -> "Document | None":
    text = facts.source.text
    try:
        if region is None:
            return Document(text)
        lines = _lines(facts)
        first = min([region.lineno] + [d.lineno for d in getattr(region, "decorator_list", [])])
        start = lines.starts[first - 1]
        end = lines.starts[region.end_lineno] if region.end_lineno < len(lines.starts) else len(text)
        snippet, shift = text[start:end], first - 1
        if region.col_offset:
            ending = _NEWLINE.search(snippet)
            snippet, shift = _WRAPPER + (ending.group() if ending else "\n") + snippet, shift - 1
        return Document(snippet, shift, text)
    except (cst.ParserSyntaxError, RecursionError, ValueError, IndexError):
        return None


def _lines(facts: ModuleFacts) -> Lines:
    documents = _DOCUMENTS.setdefault(facts, {})
    if "lines" not in documents:
        documents["lines"] = Lines(facts.source.text)
    return documents["lines"]


Range = tuple[int, int, int, int]  # start line, start column (0-based chars), end line, end column


class Document:
    """LibCST over `text`: the file, or a snippet of it whose line 1 is the file's line `shift + 1`
    (`whole` is the file, for the choices that look at all of it)."""

    def __init__(self, text: str, shift: int = 0, whole: str | None = None):
        self.text = text
        self.shift = shift
        whole = text if whole is None else whole
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
        self.quote = "'" if whole.count("'") > whole.count('"') else '"'

    # -- locating -----------------------------------------------------------------
    def range_of(self, node: ast.AST) -> Range:
        line, end_line = node.lineno - self.shift, (node.end_lineno or node.lineno) - self.shift
        if line < 1 or end_line > len(self.lines.starts):
            raise Unfixable("the node lies outside the parsed code")
        return (line, self.lines.char_column(line, node.col_offset),
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
        if self.shift:
            edits = tuple(Edit(e.line + self.shift, e.column, e.end_line + self.shift, e.end_column, e.content)
                          for e in edits)
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
