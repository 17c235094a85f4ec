"""Lines of a text as the interpreter numbers them, and the ways columns are counted.

Lines end only at ``\\n``, ``\\r\\n`` or ``\\r``; `str.splitlines` would also split at form feeds and U+2028
and shift every line after them. Columns: `ast` counts UTF-8 bytes, nnlint counts characters (1-based), editors
count UTF-16 code units.
"""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Where each line of a text starts, and conversions between the ways positions are counted.

    Lines are 1-based; character columns are 1-based; offsets into the text are 0-based characters.
    """

    def __init__(self, text: str):
        self.text = text
        #: where each line starts; after a final line break, the empty line that follows it (where an edit
        #: appending to the file is positioned) starts at len(text)
        self.starts = [0]
        self.starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        #: the lines that hold text (a final line break does not start another one)
        self.line_count = len(self.starts) - 1 if not text or self.starts[-1] == len(text) else len(self.starts)
        self._utf8: dict[int, bytes] = {}

    # -- lines ---------------------------------------------------------------------------------
    def line_text(self, line: int) -> str:
        """A line without its line break ("" outside the text)."""
        return self.line_with_break(line).rstrip("\r\n")

    def line_with_break(self, line: int) -> str:
        if not 0 < line <= self.line_count:
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def lines(self) -> list[str]:
        """Every line, without line breaks."""
        return [self.line_text(number) for number in range(1, self.line_count + 1)]

    def lines_with_breaks(self) -> list[str]:
        return [self.line_with_break(number) for number in range(1, self.line_count + 1)]

    # -- offsets -------------------------------------------------------------------------------
    def offset(self, line: int, column: int) -> int:
        """The 0-based character offset of (line, 1-based character column), clamped to the text."""
        if line - 1 >= len(self.starts):
            return len(self.text)
        return min(self.starts[max(line, 1) - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, 1-based character column) of a 0-based character offset."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    # -- column conversions ---------------------------------------------------------------------
    def column_of_utf8(self, line: int, byte_offset: int) -> int:
        """1-based character column of an `ast` `col_offset` (which counts UTF-8 bytes)."""
        text = self.line_text(line)
        if text.isascii():
            return byte_offset + 1
        return len(self._encoded(line)[:byte_offset].decode("utf-8", errors="replace")) + 1

    def utf8_of_column(self, line: int, column: int) -> int:
        """The UTF-8 byte offset (0-based) of a 1-based character column."""
        text = self.line_text(line)
        return len(text[: column - 1].encode("utf-8")) if not text.isascii() else column - 1

    def utf16_of_column(self, line: int, column: int) -> int:
        """The UTF-16 code-unit offset (0-based, what LSP clients count) of a 1-based character column."""
        prefix = self.line_text(line)[: column - 1]
        if prefix.isascii():
            return len(prefix)
        return sum(2 if ord(char) > 0xFFFF else 1 for char in prefix)

    def column_of_utf16(self, line: int, units: int) -> int:
        """The 1-based character column of a UTF-16 code-unit offset (0-based); a unit count that falls
        inside a surrogate pair, or beyond the line, is clamped."""
        text = self.line_text(line)
        if text.isascii():
            return min(units, len(text)) + 1
        counted = 0
        for index, char in enumerate(text):
            width = 2 if ord(char) > 0xFFFF else 1
            if counted + width > units:
                return index + 1
            counted += width
        return len(text) + 1

    def _encoded(self, line: int) -> bytes:
        encoded = self._utf8.get(line)
        if encoded is None:
            encoded = self._utf8[line] = self.line_text(line).encode("utf-8")
        return encoded


