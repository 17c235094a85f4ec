"""An open document's text, and LSP positions in the encoding the client negotiated.

LSP counts lines as Python does (`\\n`, `\\r\\n`, `\\r` only; never form feeds or U+2028, which
`str.splitlines` would split on) and characters in UTF-16 code units unless the client offered UTF-8 or
UTF-32 and the server chose it. nnlint's own positions are 1-based lines and 1-based character (code point)
columns; everything the server sends or receives goes through `TextLines`.
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units `text` takes in the client's encoding."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def char_index(line: str, count: int, encoding: str) -> int:
    """The character index in `line` that `count` code units reach (a position inside a character snaps to
    its start; past the end is the end, as the protocol asks)."""
    if count <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    seen = 0
    for index, char in enumerate(line):
        width = units(char, encoding)
        if seen + width > count:
            return index
        seen += width
    return len(line)


class TextLines:
    """A text with its line starts: LSP positions <-> string offsets <-> nnlint's (line, column)."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, index: int) -> str:
        """The 0-based line `index` without its line break ("" past the end)."""
        if not 0 <= index < len(self.starts):
            return ""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end].rstrip("\r\n")

    # -- LSP positions (0-based line, code units) -------------------------------------------------
    def offset_at(self, line: int, character: int, encoding: str) -> int:
        """The string offset of an LSP position (clamped to the text, as the protocol asks)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[line] + char_index(self.line(line), character, encoding)

    def position_at(self, offset: int, encoding: str) -> tuple[int, int]:
        """The LSP (line, character) of a string offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line]:offset], encoding)

    # -- nnlint positions (1-based line, 1-based character column) --------------------------------
    def client_position(self, line: int, column: int, encoding: str) -> tuple[int, int]:
        """nnlint's (line, column) as an LSP (line, character), clamped to the line."""
        text = self.line(line - 1)
        return max(line - 1, 0), units(text[:max(column - 1, 0)], encoding)

    def nnlint_position(self, line: int, character: int, encoding: str) -> tuple[int, int]:
        """An LSP (line, character) as nnlint's (line, column)."""
        return line + 1, char_index(self.line(line), character, encoding) + 1

    def replace(self, start: int, end: int, new_text: str) -> "TextLines":
        """The text with `[start, end)` replaced (an incremental didChange)."""
        return TextLines(self.text[:start] + new_text + self.text[end:])
