"""Reading a `.ipynb` file: JSON, nbformat 4, the cells nnlint needs.

The standard `json` module reads the file, not `nbformat`: importing nbformat costs about 100-250 ms
(it brings jsonschema/fastjsonschema, traitlets and jupyter_core), more than linting a typical notebook,
and the linter needs only the cells' types and sources. What nnlint relies on is checked here, with a
message naming the problem: a JSON object, ``"nbformat": 4``, a ``cells`` list, each cell an object with
a ``cell_type`` string and a ``source`` string or list of strings. The full nbformat v4 schema is checked
by the test suite (with nbformat and jsonschema) on every notebook nnlint writes; the writer itself
checks that what it writes is the original JSON with only the edited sources changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .core import SourceError

_CONVERT = "convert it with `jupyter nbconvert --to notebook --nbformat 4`"


class NotebookError(SourceError):
    """A `.ipynb` file that is not a notebook nnlint can read (the position is in the JSON file)."""


@dataclass
class Notebook:
    """A notebook file as read: its decoded JSON `text` and `cells` as (cell_type, source) in notebook order.

    The parsed JSON is not kept: outputs can hold megabytes of objects, and keeping them alive while the
    code is analysed makes every garbage collection walk them (measured: the analysis of a notebook with
    large outputs ran a third slower). The writer parses the text again when it checks what it wrote."""

    text: str
    cells: list[tuple[str, str]]
    bom: bool = False
    python: bool = True  # False: the kernel's language is not Python (nothing is analysed)
    language: str = "python"
    source_forms: list[str] = field(default_factory=list)  # "list" or "str", per cell


def read_notebook(data: bytes) -> Notebook:
    """Parse the bytes of a `.ipynb` file, or raise `NotebookError` saying why it is not a notebook."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise NotebookError(f"not a notebook: byte 0x{data[exc.start]:02x} is not UTF-8 ({exc.reason}); "
                            "notebooks are UTF-8 JSON", line, column) from None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply") from None
    if not isinstance(parsed, dict):
        raise NotebookError(f"not a notebook: the JSON is {_kind(parsed)}, not an object with \"cells\"")
    version = parsed.get("nbformat")
    if "nbformat" not in parsed:
        raise NotebookError("not a Jupyter notebook: no \"nbformat\" version in the JSON")
    if version != 4 or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version < 4:
            raise NotebookError(f"nbformat {version} notebook: nnlint reads nbformat 4; {_CONVERT}")
        raise NotebookError(f"unsupported nbformat {version!r}: nnlint reads nbformat 4")
    cells_data = parsed.get("cells")
    if not isinstance(cells_data, list):
        raise NotebookError("invalid nbformat 4 notebook: \"cells\" is missing or not a list")
    cells: list[tuple[str, str]] = []
    forms: list[str] = []
    for number, cell in enumerate(cells_data, 1):
        if not isinstance(cell, dict):
            raise NotebookError(f"invalid nbformat 4 notebook: cell {number} is {_kind(cell)}, not an object")
        cell_type = cell.get("cell_type")
        if not isinstance(cell_type, str):
            raise NotebookError(f"invalid nbformat 4 notebook: cell {number} has no \"cell_type\" string")
        source = cell.get("source")
        if isinstance(source, str):
            forms.append("str")
        elif isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
            forms.append("list")
        else:
            raise NotebookError(f"invalid nbformat 4 notebook: cell {number}'s \"source\" is not a string "
                                "or a list of strings")
        cells.append((cell_type, source))
    language = _language(parsed.get("metadata"))
    python = not language or "python" in language or language in ("py", "ipython")  # python3, ipython3, …
    return Notebook(text, cells, bom, python, language or "python", forms)


def _language(metadata) -> str:
    """The kernel's language from the metadata, lower-case ("" when the notebook does not say)."""
    if not isinstance(metadata, dict):
        return ""
    for key, name in (("language_info", "name"), ("kernelspec", "language")):
        table = metadata.get(key)
        if isinstance(table, dict) and isinstance(table.get(name), str) and table[name].strip():
            return table[name].strip().lower()
    return ""


def _kind(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean",
            type(None): "null"}.get(type(value), "not an object")
