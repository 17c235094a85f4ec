"""Writing new cell sources into a notebook file without touching anything else.

The file is not re-serialised: the ``source`` value of each changed cell is located in the original JSON
text and only the changed lines are replaced there, so key order, indentation, outputs, execution counts,
metadata, escaping and the final newline stay byte for byte as they were. A source written as a list of
lines keeps that form, and every line that did not change keeps its exact JSON spelling; new lines are
written with `json.dumps`, escaping non-ASCII characters only when the file already does (``\\u00e9``
rather than ``é``). The result is checked before it is returned: it must be JSON equal to the original
with exactly the new sources in place.
"""

from __future__ import annotations

import difflib
import json
import re

from ..names import printable
from .changes import ChangeError
from .jsontext import SourceValue, locate_sources
from .reader import Notebook

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!00[0-7])[0-9a-fA-F]{4}")


def notebook_bytes(notebook: Notebook, sources: dict[int, str]) -> bytes:
    """The notebook file's bytes with the sources of the given cells (by cell number) replaced."""
    return _encode(notebook, notebook_text(notebook, sources))


def notebook_text(notebook: Notebook, sources: dict[int, str]) -> str:
    """The notebook's JSON text (without a byte-order mark) with the given cells' sources replaced."""
    text = notebook.text
    if not sources:
        return text
    values = locate_sources(text)
    if len(values) != len(notebook.cells):
        raise ChangeError("the cells of the JSON text could not be located")
    ensure_ascii = _ensure_ascii(text)
    splices: list[tuple[int, int, str]] = []
    for number, source in sources.items():
        value = values[number - 1]
        if value.items is None:
            splices.append((value.start, value.end, json.dumps(source, ensure_ascii=ensure_ascii)))
        else:
            splices.extend(_list_splices(text, value, source, ensure_ascii))
    out, cursor = [], 0
    for start, end, replacement in sorted(splices):
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    new_text = "".join(out)
    _verify(notebook, sources, new_text)
    return new_text


def _encode(notebook: Notebook, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if notebook.bom else b"") + text.encode("utf-8")


def _ensure_ascii(text: str) -> bool:
    """Whether the file escapes non-ASCII characters (as `json.dumps`'s default does; nbformat does not)."""
    return text.isascii() and _NON_ASCII_ESCAPE.search(text) is not None


def _list_splices(text: str, value: SourceValue, source: str, ensure_ascii: bool) -> list[tuple[int, int, str]]:
    items = value.items
    old = [item[2] for item in items]
    head = 0  # unchanged elements at the start: whole lines, still a prefix of the new source
    position = 0
    while head < len(old) and old[head].endswith(("\n", "\r")) and source.startswith(old[head], position):
        position += len(old[head])
        head += 1
    tail, end = len(old), len(source)  # unchanged elements at the end, each starting a line
    while tail > head and old[tail - 1] and end - len(old[tail - 1]) >= position \
            and source[end - len(old[tail - 1]):end] == old[tail - 1] \
            and (end - len(old[tail - 1]) == 0 or source[end - len(old[tail - 1]) - 1] in "\r\n"):
        end -= len(old[tail - 1])
        tail -= 1
    new = _LINE.findall(source[position:end])
    if new == old[head:tail]:
        return []
    encoded = [json.dumps(line, ensure_ascii=ensure_ascii) for line in new]
    separator = _separator(text, value)
    if head < tail and encoded:  # replace the changed elements in place
        return [(items[head][0], items[tail - 1][1], separator.join(encoded))]
    if encoded:  # pure insertion
        if head < len(items):
            return [(items[head][0], items[head][0], "".join(e + separator for e in encoded))]
        if items:
            return [(items[-1][1], items[-1][1], "".join(separator + e for e in encoded))]
        return [(value.start, value.end, _new_list(text, value, encoded))]
    # pure deletion
    if head == 0 and tail == len(items):
        return [(value.start, value.end, "[]")]
    if tail < len(items):
        return [(items[head][0], items[tail][0], "")]
    return [(items[head - 1][1], items[tail - 1][1], "")]


def _separator(text: str, value: SourceValue) -> str:
    """What stands between two elements of a list source in this file (",\\n    " when pretty-printed)."""
    items = value.items
    if len(items) >= 2:
        return text[items[0][1]:items[1][0]]
    if items:
        gap = text[value.start + 1:items[0][0]]
        return "," + (gap if gap else " ")
    indent = _indent(text, value.start)
    return "," + ("\n" + indent if indent is not None else " ")


def _new_list(text: str, value: SourceValue, encoded: list[str]) -> str:
    """A list value written where the file had ``[]``, indented like the file."""
    indent = _indent(text, value.start)
    if indent is None:
        return "[" + ", ".join(encoded) + "]"
    line = text[text.rfind("\n", 0, value.start) + 1:value.start]
    key_indent = line[:len(line) - len(line.lstrip(" \t"))]
    return "[\n" + indent + (",\n" + indent).join(encoded) + "\n" + key_indent + "]"


def _indent(text: str, position: int) -> str | None:
    """The indentation of an element of a list opened at `position`: its key's indentation plus one level
    of the file's indentation (None for a file on one line)."""
    if "\n" not in text:
        return None
    unit = re.search(r"\n([ \t]+)\S", text)
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position]
    return line[:len(line) - len(line.lstrip(" \t"))] + (unit.group(1) if unit else " ")


def _verify(notebook: Notebook, sources: dict[int, str], new_text: str) -> None:
    expected = json.loads(notebook.text)
    for number, source in sources.items():
        cell = expected["cells"][number - 1]
        cell["source"] = source if isinstance(cell["source"], str) else _LINE.findall(source)
    try:
        written = json.loads(new_text)
    except json.JSONDecodeError as exc:
        raise ChangeError(f"writing the cells would break the JSON ({exc.msg})") from None
    for number, source in sources.items():  # list sources may be split differently; compare the text
        cell = written["cells"][number - 1]
        if isinstance(cell["source"], list):
            if "".join(cell["source"]) != source:
                raise ChangeError(f"cell {number}'s new source was not written exactly")
            cell["source"] = expected["cells"][number - 1]["source"]
    if written != expected:
        raise ChangeError("writing the cells would change more than their sources")


def cell_diff(path: str, notebook_cells: dict[int, str], sources: dict[int, str]) -> str:
    """A unified diff per changed cell, headed ``path:cell N`` (as ruff shows notebook diffs)."""
    out = []
    for number in sorted(sources):
        old, new = _LINE.findall(notebook_cells[number]), _LINE.findall(sources[number])
        for lines in (old, new):  # cells rarely end with a line break: do not mark each one
            if lines and not lines[-1].endswith(("\n", "\r")):
                lines[-1] += "\n"
        label = f"{printable(path)}:cell {number}"
        out.extend(difflib.unified_diff(old, new, fromfile=label, tofile=label))
    return "".join(out)
