"""Where each cell's ``source`` lies in a notebook's JSON text, and where a position in a cell lies in it.

The writer replaces sources in place, and reports that point into the file itself (GitHub annotations,
SARIF, GitLab, `--diff-base`'s changed lines) need the file's own line and column of a finding (`file_span`,
computed when such a report asks, from the file as it is then, so never for a plain lint run): a source
line written as one JSON string of a list is one line of the file, a source written as one string is all on
one line. The JSON is known to be valid (it was parsed first); this walks it with the `json` module's own
scanners, skipping every other value (outputs included) without building it.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scanstring = json.decoder.scanstring
#: one character of a JSON string as written: an escape (a surrogate pair is one character) or a plain one
_RAW_CHAR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]",
                       re.DOTALL)


@dataclass
class SourceValue:
    start: int  # the value's span in the JSON text
    end: int
    items: list[tuple[int, int, str]] | None  # (start, end, string) of each element of a list source


def locate_sources(text: str) -> list[SourceValue]:
    """The span of every cell's ``source`` value, in cell order (the JSON is known to be valid)."""
    found: list[SourceValue] = []

    def top(key: str, position: int) -> int:
        if key == "cells" and text[position] == "[":
            found.clear()  # a repeated "cells" key: json.loads keeps the last one, so do we
            return _array(text, position, cell)
        return _skip(text, position)

    def cell(position: int) -> int:
        if text[position] != "{":
            return _skip(text, position)
        spans: list[SourceValue] = []

        def member(key: str, start: int) -> int:
            end = _skip(text, start)
            if key == "source":
                spans.clear()
                items = _string_items(text, start) if text[start] == "[" else None
                spans.append(SourceValue(start, end, items))
            return end

        end = _object(text, position, member)
        found.append(spans[0] if spans else SourceValue(position, position, None))
        return end

    _object(text, _WHITESPACE.match(text, 0).end(), top)
    return found


def _skip(text: str, position: int) -> int:
    return _DECODER.raw_decode(text, position)[1]


def _object(text: str, position: int, member) -> int:
    position = _WHITESPACE.match(text, position + 1).end()
    if text[position] == "}":
        return position + 1
    while True:
        key, position = _scanstring(text, position + 1)
        position = _WHITESPACE.match(text, position).end() + 1  # past ":"
        position = member(key, _WHITESPACE.match(text, position).end())
        position = _WHITESPACE.match(text, position).end()
        if text[position] == "}":
            return position + 1
        position = _WHITESPACE.match(text, position + 1).end()  # past ","


def _array(text: str, position: int, element) -> int:
    position = _WHITESPACE.match(text, position + 1).end()
    if text[position] == "]":
        return position + 1
    while True:
        position = _WHITESPACE.match(text, element(position)).end()
        if text[position] == "]":
            return position + 1
        position = _WHITESPACE.match(text, position + 1).end()


def _string_items(text: str, position: int) -> list[tuple[int, int, str]]:
    items: list[tuple[int, int, str]] = []

    def element(start: int) -> int:
        value, end = _scanstring(text, start + 1)
        items.append((start, end, value))
        return end

    _array(text, position, element)
    return items


class FileLocator:
    """Maps (cell number, line, column) of a cell's source to (line, column) of the notebook's JSON text."""

    def __init__(self, text: str):
        self.text = text
        self.values = locate_sources(text)
        self._line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]

    def position(self, cell: int, line: int, column: int) -> tuple[int, int] | None:
        """1-based (line, column) in the JSON text of a 1-based (line, column) of cell `cell`'s source."""
        if not 0 < cell <= len(self.values):
            return None
        value = self.values[cell - 1]
        if value.items is None:
            if self.text[value.start:value.start + 1] != '"':
                return None
            start = value.start
            items = [(start, value.end, _scanstring(self.text, start + 1)[0])]
        else:
            items = value.items
        if not items:
            return None
        offset = _offset_in(items, line, column)
        for start, end, string in items:
            if offset < len(string) or (start, end, string) == items[-1]:
                return self._line_column(start + 1 + _raw_length(self.text, start + 1, min(offset, len(string))))
            offset -= len(string)
        return None

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def _offset_in(items: list[tuple[int, int, str]], line: int, column: int) -> int:
    """The character offset of (line, column) in the source the items spell."""
    offset, current = 0, 1
    source = "".join(item[2] for item in items)
    for match in re.finditer(r"\r\n|\r|\n", source):
        if current == line:
            break
        offset = match.end()
        current += 1
    return min(offset + column - 1, len(source))


def _raw_length(text: str, start: int, characters: int) -> int:
    """How many characters of JSON text, from `start` inside a string, spell its first `characters`."""
    position = start
    for _ in range(characters):
        match = _RAW_CHAR.match(text, position)
        if match is None:
            break
        position = match.end()
    return position - start


def file_span(path: str, cell: int, line: int, column: int, end_line: int,
              end_column: int) -> tuple[int, int, int, int] | None:
    """(line, column, end_line, end_column) in a notebook file's JSON text of a range within cell `cell`,
    or None when the file cannot be read as a notebook (any more)."""
    locator = _locator(path, *_stamp(path))
    if locator is None:
        return None
    start, end = locator.position(cell, line, column), locator.position(cell, end_line, end_column)
    return (*start, *end) if start is not None and end is not None else None


def _stamp(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, 0)
    return (info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=32)
def _locator(path: str, size: int, mtime: int) -> FileLocator | None:
    """The locator of a file's current contents (cached while its size and modification time stay)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
        json.loads(text)  # the walk below trusts the JSON to be valid
        return FileLocator(text)
    except (OSError, ValueError, RecursionError):
        return None
