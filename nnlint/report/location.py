"""How a finding's place is written: `path:line:col`, or `path:cell N:line:col` in a notebook (line and
column within the cell; cells numbered as the notebook shows them, markdown cells included)."""

from __future__ import annotations

from ..diagnostics import Diagnostic

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def location(d: Diagnostic) -> str:
    path = printable(d.path)
    return f"{path}:{cell_position(d)}" if d.cell is not None else f"{path}:{d.line}:{d.column}"


def printable(path: str) -> str:
    """A file name as one line of text, for the line formats (full, concise, github): a byte that is not
    UTF-8 (Python keeps it as a lone surrogate) as `\\xNN`, a newline, tab or other control character as
    its backslash escape; everything printable as it is."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable():
            out.append(ascii(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)


def decodable(path: str) -> str:
    """A file name for the JSON formats (json, gitlab): only the bytes that are not UTF-8 written as
    `\\xNN` (a lone surrogate is not valid Unicode, and strict JSON readers reject it); JSON escapes the rest."""
    if not any(0xD800 <= ord(char) <= 0xDFFF for char in path):
        return path
    return "".join(f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF
                   else "\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in path)


def cell_position(d: Diagnostic) -> str:
    """`cell N:line:col` for a finding in a notebook ("" elsewhere): what the machine formats, which point
    into the notebook's JSON, put before the message so that it still names the cell."""
    return f"cell {d.cell}:{d.line}:{d.column}" if d.cell is not None else ""


def file_region(d: Diagnostic) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) in the file's own text: a notebook finding's place in the JSON
    (read from the notebook when first asked for; its first line when the file cannot be read)."""
    if d.cell is None:
        return (d.line, d.column, d.end_line, d.end_column)
    if d.file_span is None:
        from ..notebook.jsontext import file_span

        d.file_span = file_span(d.path, d.cell, d.line, d.column, d.end_line, d.end_column)
    return d.file_span if d.file_span is not None else (1, 1, 1, 1)
