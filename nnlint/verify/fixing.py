"""The fixed source, computed in memory: `nnlint.fix.fix_source` when it exists, else a stand-in.

TEMPORARY: the fix engine (`nnlint.fix`, issue 4) is being built on another branch. Until it lands,
`fixed_source` falls back to `_fallback`, a deliberately small set of textual fixes for NN101, NN201,
NN301 and NN401 that covers the shapes in `fixtures/verify/`. It is not the fix engine: it offers no
fix where it is unsure, and the verify report says which engine produced the fixed source. Delete
`_fallback` and its helpers once `nnlint.fix` is on main.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..selection import Selection

ENGINE, FALLBACK = "nnlint.fix", "verify-fallback"


@dataclass
class Fixed:
    text: str
    engine: str


def fixed_source(text: str, path: str, codes: list[str] | None, diagnostics: list[Diagnostic]) -> Fixed:
    """The source with the fixes for `codes` (all fixable rules when None) applied."""
    try:
        from ..fix import fix_source  # type: ignore[attr-defined]
    except ImportError:
        fix_source = None
    if fix_source is not None:
        selection = Selection(select=list(codes)) if codes else None
        return Fixed(fix_source(text, path, selection=selection).text, ENGINE)
    wanted = [d for d in diagnostics if codes is None or d.code in codes]
    return Fixed(_fallback(text, wanted), FALLBACK)


# -- the temporary stand-in ---------------------------------------------------------------------

class _Lines:
    """Offsets of (line, 0-based column) positions in the text, for slicing by ast positions."""

    def __init__(self, text: str):
        self.starts = [0]
        for match in re.finditer("\n", text):
            self.starts.append(match.end())
        self.text = text

    def offset(self, line: int, col: int) -> int:
        start = self.starts[line - 1]
        # ast columns count UTF-8 bytes
        line_text = self.text[start:self.starts[line] if line < len(self.starts) else len(self.text)]
        return start + len(line_text.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _node_at(tree: ast.AST, lines: _Lines, d: Diagnostic) -> ast.AST | None:
    """The keyword or call the diagnostic points at (its start position)."""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.keyword, ast.Call)) and getattr(node, "lineno", None) == d.line:
            start = lines.offset(node.lineno, node.col_offset) - lines.starts[d.line - 1] + 1
            if start == d.column and (best is None or isinstance(node, ast.keyword)):
                best = node
    return best


def _remove_item(text: str, lines: _Lines, node: ast.AST) -> tuple[int, int, str]:
    """Remove an argument or list element with its separating comma."""
    start, end = lines.span(node)
    after = re.match(r"\s*,[ \t]*", text[end:])
    if after and not re.match(r"\s*[)\]]", text[end + after.end():]):
        before = re.search(r",\s*$", text[:start])
        if before:  # middle element: drop ", item"
            return before.start(), end, ""
        return start, end + after.end(), ""  # first element: drop "item, "
    before = re.search(r",\s*$", text[:start])
    if before:
        return before.start(), end + (after.end() if after else 0), ""
    return start, end + (after.end() if after else 0), ""


def _fallback(text: str, diagnostics: list[Diagnostic]) -> str:
    tree = ast.parse(text)
    lines = _Lines(text)
    parents = _parents(tree)
    edits: list[tuple[int, int, str]] = []
    for d in diagnostics:
        node = _node_at(tree, lines, d)
        edit = None
        if d.code == "NN401":
            edit = _move_saver(tree, lines, d.line)
        elif node is None:
            continue
        elif d.code == "NN201" and isinstance(node, ast.keyword):
            edit = _remove_item(text, lines, node)
        elif d.code == "NN101":
            edit = _drop_activation(text, lines, parents, node)
        elif d.code == "NN301":
            edit = _variance_scaling(text, lines, node)
        if edit is not None:
            edits.extend(edit if isinstance(edit, list) else [edit])
    for start, end, content in sorted(edits, reverse=True):
        text = text[:start] + content + text[end:]
    return text


def _drop_activation(text, lines, parents, node):
    if isinstance(node, ast.keyword):
        return _remove_item(text, lines, node)
    parent = parents.get(node)
    in_sequential = isinstance(parent, ast.Call) and node in parent.args and "Sequential" in ast.unparse(parent.func)
    if isinstance(parent, (ast.List, ast.Tuple)) or in_sequential:
        if not node.args:  # a Sequential element such as nn.ReLU()
            return _remove_item(text, lines, node)
        return None
    if len(node.args) == 1 and not node.keywords:  # F.relu(z), self.act(z), ReLU()(z)
        start, end = lines.span(node)
        arg_start, arg_end = lines.span(node.args[0])
        return start, end, text[arg_start:arg_end]
    if not node.args and isinstance(node.func, ast.Attribute) and node.func.attr[:1].islower():  # z.relu()
        start, end = lines.span(node)
        value_start, value_end = lines.span(node.func.value)
        return start, end, text[value_start:value_end]
    return None


_TORCH_INIT = {"xavier_uniform_": "kaiming_uniform_", "xavier_normal_": "kaiming_normal_",
               "normal_": "kaiming_normal_", "trunc_normal_": "kaiming_normal_", "uniform_": "kaiming_uniform_"}
_KERAS_INIT = {"glorot_uniform": "he_uniform", "glorot_normal": "he_normal", "uniform": "he_uniform",
               "random_uniform": "he_uniform", "normal": "he_normal", "random_normal": "he_normal",
               "truncated_normal": "he_normal", "RandomUniform": "he_uniform", "RandomNormal": "he_normal",
               "TruncatedNormal": "he_normal", "GlorotUniform": "he_uniform", "GlorotNormal": "he_normal"}


def _variance_scaling(text, lines, node):
    if isinstance(node, ast.keyword):
        value = node.value
        name = value.value if isinstance(value, ast.Constant) else None
        if isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _KERAS_INIT:
            start, end = lines.span(value)
            return start, end, f'"{_KERAS_INIT[name]}"'
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in _TORCH_INIT and node.args:
        prefix_start, prefix_end = lines.span(func.value)
        prefix = text[prefix_start:prefix_end]
        target_start, target_end = lines.span(node.args[0])
        target = text[target_start:target_end]
        if prefix.endswith("init"):  # nn.init.normal_(w, ...)
            start, end = lines.span(node)
            return start, end, f'{prefix}.{_TORCH_INIT[func.attr]}({target}, nonlinearity="relu")'
    return None


def _move_saver(tree, lines, line):
    """Move the statement building the Saver to just after the first later statement that builds a train op."""
    for body in _bodies(tree):
        for i, stmt in enumerate(body):
            if stmt.lineno != line:
                continue
            for later in body[i + 1:]:
                calls = [n for n in ast.walk(later) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
                if any(c.func.attr in ("minimize", "apply_gradients") for c in calls):
                    start = lines.starts[stmt.lineno - 1]
                    end = lines.starts[stmt.end_lineno] if stmt.end_lineno < len(lines.starts) else len(lines.text)
                    insert = lines.starts[later.end_lineno] if later.end_lineno < len(lines.starts) else len(lines.text)
                    moved = lines.text[start:end]
                    if not moved.endswith("\n"):
                        moved += "\n"
                    return [(start, end, ""), (insert, insert, moved)]
    return None


def _bodies(tree):
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield body
