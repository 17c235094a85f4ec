"""Plain-text plumbing for fixes: positions, applying edits, computing minimal edits, unified diffs.

Positions follow `Edit`: 1-based lines, 1-based character columns, end exclusive. Lines end only at
``\\n``, ``\\r\\n`` or ``\\r`` (as Python's tokenizer counts them), never at form feeds or other
characters that ``str.splitlines`` would split on.
"""

from __future__ import annotations

import bisect
import difflib
import re
from typing import Iterable

from ..diagnostics import Edit

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line ending (the last one may have none)."""
    return _LINE.findall(text)


class Lines:
    """Offsets of line starts, to convert between (line, column) and string offsets."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        for line in split_lines(text):
            self.starts.append(self.starts[-1] + len(line))
        if len(self.starts) > 1 and self.starts[-1] == len(text) and not text.endswith(("\n", "\r")):
            self.starts.pop()

    def offset(self, line: int, column: int) -> int:
        if line - 1 >= len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a line without its line ending."""
        if not 0 < line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def char_column(self, line: int, utf8_offset: int) -> int:
        """0-based character column of an `ast` col_offset (which counts UTF-8 bytes)."""
        text = self.line_text(line)
        if text.isascii():
            return utf8_offset
        return len(text.encode("utf-8")[:utf8_offset].decode("utf-8", errors="replace"))


def edit_span(lines: Lines, edit: Edit) -> tuple[int, int]:
    return lines.offset(edit.line, edit.column), lines.offset(edit.end_line, edit.end_column)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (all positions refer to `text`)."""
    lines = Lines(text)
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


def diff_edits(old: str, new: str) -> tuple[Edit, ...]:
    """The smallest set of edits (per changed line block, trimmed to the changed characters)."""
    if old == new:
        return ()
    lines = Lines(old)
    a, b = split_lines(old), split_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_chunk, new_chunk = "".join(a[i1:i2]), "".join(b[j1:j2])
        base = lines.starts[i1] if i1 < len(lines.starts) else len(old)
        prefix = common_prefix(old_chunk, new_chunk)
        suffix = common_suffix(old_chunk[prefix:], new_chunk[prefix:])
        start, end = base + prefix, base + len(old_chunk) - suffix
        content = new_chunk[prefix:len(new_chunk) - suffix]
        (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
        edits.append(Edit(line, column, end_line, end_column, content))
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
    for line in difflib.unified_diff(split_lines(old), split_lines(new), fromfile=path, tofile=path):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
