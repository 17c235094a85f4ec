"""One source document: its text, one line index, its `ast` tree, and (lazily) its LibCST module.

Everything that needs positions uses this module: the rules (through `ModuleFacts`), the fixes, the
reports, the verifier and, later, the editor server. Three ways of counting columns meet here:

* `ast` counts UTF-8 bytes (`col_offset`);
* nnlint's findings, fixes and reports count characters (1-based columns, as ruff and flake8 print);
* editors count UTF-16 code units (the Language Server Protocol's default).

Lines end only at ``\\n``, ``\\r\\n`` or ``\\r`` — as the interpreter numbers them; `str.splitlines` would
also split at form feeds and U+2028 and shift every line after them.

A notebook is a `Document` too: its code cells joined into one text, with `cells` mapping a line of that
text back to its cell. The rules never see cells.
"""

from __future__ import annotations

import ast
import os
import stat
import tokenize
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from .lines import LineIndex


class SourceError(Exception):
    """A file that cannot be linted; carries the position when there is one."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class CellMap(Protocol):
    """How a notebook's joined text maps back to its cells (implemented by `nnlint.notebook`)."""

    def cell_of(self, line: int) -> tuple[int, int]:
        """(cell number, line within the cell) of a line of the joined text."""


@dataclass(frozen=True)
class Span:
    """A range of the text: 1-based lines, 1-based character columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


class Document:
    """A Python source text to lint, with everything derived from it computed once, on first use."""

    def __init__(self, path: str, text: str, encoding: str = "utf-8", cells: CellMap | None = None):
        self.path = path
        self.text = text
        self.encoding = encoding
        self.cells = cells

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, path: str = "<string>") -> "Document":
        return cls(path, text)

    @classmethod
    def from_bytes(cls, data: bytes, path: str) -> "Document":
        """Decode bytes as Python source (PEP 263 coding cookie, BOM), or raise `SourceError`."""
        text, encoding = decode_text(data)
        return cls(path, text, encoding)

    def replaced(self, text: str) -> "Document":
        """The same document with another text (after fixes): same path and encoding."""
        return type(self)(self.path, text, self.encoding)

    @classmethod
    def read(cls, path: str, display_path: str | None = None) -> "Document":
        return cls.from_bytes(read_bytes(path), display_path or path)

    # -- derived views -------------------------------------------------------------------------
    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def tree(self) -> ast.Module:
        """The `ast` tree (parsed once); a text that does not parse raises `SourceError`."""
        try:
            # not the real path: CPython may re-read a syntax error's line from the file on disk, which is not
            # this text for an editor's unsaved buffer or a notebook (the column would come out wrong)
            return ast.parse(self.text, filename="<nnlint>", type_comments=False)
        except SyntaxError as exc:
            raise SourceError(f"syntax error: {exc.msg}", exc.lineno or 1, exc.offset or 1) from None
        except (RecursionError, MemoryError) as exc:  # CPython's parser gives up on deep nesting, often silently
            raise SourceError(f"cannot parse: the code is nested too deeply for Python's parser ({type(exc).__name__}"
                              f"{': ' + str(exc) if str(exc) else ''})") from None
        except ValueError as exc:
            raise SourceError(f"cannot parse: {exc or type(exc).__name__}") from None

    @cached_property
    def cst(self) -> Any:
        """The whole text as a LibCST module (parsed on first use; LibCST is imported only then)."""
        return self.cst_view().module

    def cst_view(self, node: ast.AST | None = None):
        """The LibCST view of the code a change at `node` may touch: the smallest function or class
        definition around its block, or the whole module (without `node`). Cached per region."""
        from .cst import view_for

        return view_for(self, node)

    def cst_node(self, node: ast.AST, kind: type | tuple[type, ...]):
        """The LibCST node of `kind` spanning exactly the source range of an `ast` node."""
        return self.cst_view().find(node, kind)

    # -- positions ------------------------------------------------------------------------------
    def span(self, node: ast.AST) -> Span:
        """An `ast` node's range in character columns."""
        line, end_line = node.lineno, node.end_lineno or node.lineno
        return Span(line, self.lines.column_of_utf8(line, node.col_offset),
                    end_line, self.lines.column_of_utf8(end_line, node.end_col_offset or node.col_offset))

    def segment(self, node: ast.AST) -> str:
        """The source text of an `ast` node (like `ast.get_source_segment`, without re-splitting the file)."""
        where = self.span(node)
        return self.text[self.lines.offset(where.line, where.column):self.lines.offset(where.end_line, where.end_column)]

    def line_text(self, line: int) -> str:
        return self.lines.line_text(line)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of Python source bytes, as the interpreter decodes them, or `SourceError`."""
    if b"\x00" in data:
        raise SourceError("not a Python source file (contains NUL bytes)")
    try:
        lines = iter(_first_lines(data))
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
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
    return text, encoding


def _first_lines(data: bytes) -> list[bytes]:
    """The first two lines, ended as the interpreter ends lines (`\\n`, `\\r\\n` or a lone `\\r`): where a
    PEP 263 cookie may be. (`BytesIO.readline` splits only at `\\n`, so a file with old Mac line endings would be
    one line, and `coding=word` anywhere in it would read as a cookie.)"""
    lines, start = [], 0
    for _ in range(2):
        ends = [index for index in (data.find(b"\n", start), data.find(b"\r", start)) if index >= 0]
        if not ends:
            lines.append(data[start:])
            break
        end = min(ends) + 1
        if data[end - 1:end + 1] == b"\r\n":
            end += 1
        lines.append(data[start:end])
        start = end
    return [line for line in lines if line]


def read_bytes(path: str) -> bytes:
    """The raw contents of one regular file; anything that stops it becomes a `SourceError` naming the cause."""
    return read_source(path)[0]


def read_source(path: str) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and its status taken before reading them (what `nnlint.safe_write` compares
    against before writing the file back); a `SourceError` naming the cause when it cannot be read."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory, not a Python file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise SourceError("not a regular file (a pipe, socket or device)")
        # non-blocking: a file swapped for a FIFO after the check above cannot hang the run
        with open(path, "rb", opener=_open_non_blocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SourceError("not a regular file (a pipe, socket or device)")
            return handle.read(), info
    except PermissionError:
        raise SourceError("cannot read: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None


def _open_non_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
