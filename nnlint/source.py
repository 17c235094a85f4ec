"""Reading a Python file the way the interpreter would, and mapping AST offsets to columns."""

from __future__ import annotations

import ast
import io
import re
import os
import stat
import tokenize
from dataclasses import dataclass


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as the interpreter numbers them (str.splitlines also splits on form feeds and U+2028)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class SourceError(Exception):
    """A file that cannot be linted; carries the position when there is one."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class SourceFile:
    path: str
    text: str
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        # the interpreter's line breaks only (str.splitlines would also split on form feeds and U+2028)
        self.lines = split_lines(self.text)
        self._encoded: dict[int, bytes] = {}

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def segment(self, node) -> str:
        """The source text of an AST node (like `ast.get_source_segment`, without re-splitting the file)."""
        line, end_line = node.lineno, node.end_lineno or node.lineno
        first = self.line_text(line).encode("utf-8")
        if line == end_line:
            return first[node.col_offset:node.end_col_offset].decode("utf-8", errors="replace")
        parts = [first[node.col_offset:].decode("utf-8", errors="replace")]
        parts += [self.line_text(n) for n in range(line + 1, end_line)]
        parts.append(self.line_text(end_line).encode("utf-8")[:node.end_col_offset].decode("utf-8", errors="replace"))
        return "\n".join(parts)

    def column(self, line: int, utf8_offset: int) -> int:
        """1-based character column of an AST ``col_offset`` (which counts UTF-8 bytes)."""
        text = self.line_text(line)
        if text.isascii():
            return utf8_offset + 1
        encoded = self._encoded.get(line)
        if encoded is None:
            encoded = self._encoded[line] = text.encode("utf-8")
        return len(encoded[:utf8_offset].decode("utf-8", errors="replace")) + 1

    def parse(self) -> ast.Module:
        try:
            return ast.parse(self.text, filename=self.path, type_comments=False)
        except SyntaxError as exc:
            line = exc.lineno or 1
            column = exc.offset or 1
            raise SourceError(f"syntax error: {exc.msg}", line, column) from None
        except (ValueError, RecursionError, MemoryError) as exc:
            raise SourceError(f"cannot parse: {exc}") from None


def decode(data: bytes, path: str) -> SourceFile:
    """Decode bytes as Python source (PEP 263 coding cookie, BOM), or raise `SourceError`."""
    if b"\x00" in data:
        raise SourceError("not a Python source file (contains NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "encoding problem" in str(exc) or "unknown encoding" in str(exc):
            raise SourceError(f"cannot decode: {exc.msg}; declare an encoding Python knows (PEP 263)") from None
        encoding = "utf-8"  # no cookie and not UTF-8: let the decode below say where
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, LookupError):
            raise SourceError(f"cannot decode: unknown encoding {encoding!r}; declare an encoding Python knows") from None
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode(encoding, errors="replace")) + 1
        raise SourceError(
            f"cannot decode as {encoding}: byte 0x{data[exc.start]:02x} is invalid ({exc.reason}); "
            "save the file as UTF-8 or declare its encoding (PEP 263)", line, column) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(path, text, encoding)


def read_bytes(path: str) -> bytes:
    """The raw contents of one regular file; anything that stops it becomes a `SourceError` naming the cause."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory, not a Python file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise SourceError("not a regular file (a pipe, socket or device)")
        with open(path, "rb") as handle:
            return handle.read()
    except PermissionError:
        raise SourceError("cannot read: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None


def read(path: str, display_path: str | None = None) -> SourceFile:
    """Read and decode one file; anything that stops it becomes a `SourceError` naming the cause."""
    return decode(read_bytes(path), display_path or path)
