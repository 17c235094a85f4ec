"""Text edits: applying them, computing minimal ones, mapping offsets across them, unified diffs.

Positions follow `Edit`: 1-based lines, 1-based character columns, end exclusive, as `LineIndex` counts them.
"""

from __future__ import annotations

import difflib
from typing import Iterable

from .diagnostics import Edit
from .lines import LineIndex
from .names import printable


def edit_span(lines: LineIndex, edit: Edit) -> tuple[int, int]:
    """The 0-based character offsets an edit replaces."""
    return lines.offset(edit.line, edit.column), lines.offset(edit.end_line, edit.end_column)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (all positions refer to `text`)."""
    lines = LineIndex(text)
    spans = sorted(((*edit_span(lines, e), e.content) for e in edits), key=lambda s: (s[0], s[1]))
    out, cursor = [], 0
    for start, end, content in spans:
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(content)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def minimal_edit(lines: LineIndex, start: int, end: int, new: str) -> tuple[Edit, ...]:
    """The edit replacing `text[start:end]` by `new`, trimmed to the characters that change."""
    old = lines.text[start:end]
    prefix = common_prefix(old, new)
    suffix = common_suffix(old[prefix:], new[prefix:])
    if prefix == len(old) == len(new):
        return ()
    (line, column), (end_line, end_column) = lines.position(start + prefix), lines.position(end - suffix)
    return (Edit(line, column, end_line, end_column, new[prefix:len(new) - suffix]),)


def diff_edits(old: str, new: str) -> tuple[Edit, ...]:
    """The smallest set of edits (per changed line block, trimmed to the changed characters)."""
    if old == new:
        return ()
    lines = LineIndex(old)
    a, b = LineIndex(old).lines_with_breaks(), LineIndex(new).lines_with_breaks()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_chunk, new_chunk = "".join(a[i1:i2]), "".join(b[j1:j2])
        base = lines.starts[i1] if i1 < len(lines.starts) else len(old)
        edits.extend(minimal_edit(lines, base, base + len(old_chunk), new_chunk))
    return tuple(edits)


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def map_offset(offset: int, spans: list[tuple[int, int, str]]) -> int:
    """Where an offset of the old text lands after the edits (inside a replaced span: at its start)."""
    shift = 0
    for start, end, content in sorted(spans):
        if end <= offset and not (start == end == offset):
            shift += len(content) - (end - start)
        elif start <= offset < end:
            return start + shift
    return offset + shift


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of two versions of a file, marking a missing final newline as `diff` does."""
    out = []
    old_lines, new_lines = LineIndex(old).lines_with_breaks(), LineIndex(new).lines_with_breaks()
    label = printable(path)  # a newline or a byte that is not UTF-8 in the name must not break the diff
    for line in difflib.unified_diff(old_lines, new_lines, fromfile=label, tofile=label):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
