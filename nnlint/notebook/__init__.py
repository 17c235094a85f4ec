"""Jupyter notebooks (`.ipynb`) as nnlint documents.

A notebook is analysed as one module: its code cells joined in notebook order, IPython syntax
overwritten in place by Python of the same shape (`ipython`), so every position maps back exactly to
(cell, line, column) (`cells`). The rules never see cells. A cell that does not parse is reported on its
own and left out; the others are analysed (`joined`).

- `from_bytes(data, path)`: the document of a `.ipynb` file (`NotebookError` when it is not a notebook).
- `from_cells(path, cells)`: the same from ``(cell_type, source)`` pairs in notebook order (an editor's
  view of an open notebook).
- `new_sources(document, new_text)`: the cells a change of the joined text rewrites (a fix's result);
  `write_bytes(document, sources)`: the file's new bytes, identical outside the changed source lines;
  `diff(document, sources)`: the change shown per cell; `cell_changes(document, new_text, moved)`: the
  same change as edits of the cells (`Edit.cell` set), for an editor that edits cells itself.
"""

from __future__ import annotations

from .cells import CellError, CellMap, CodeCell
from .changes import ChangeError, new_sources as _new_sources, source_edits as _source_edits
from .joined import build
from .reader import Notebook, NotebookError, read_notebook
from .writer import cell_diff, notebook_bytes

SUFFIX = ".ipynb"

__all__ = ["SUFFIX", "CellError", "CellMap", "ChangeError", "CodeCell", "Notebook", "NotebookError",
           "cell_changes", "diff", "from_bytes", "from_cells", "new_sources", "read_notebook",
           "source_edits", "write_bytes"]


def from_bytes(data: bytes, path: str):
    """The document of a notebook file's bytes; `NotebookError` (a `SourceError`) when it is not an
    nbformat 4 notebook. A notebook whose kernel is not Python yields a document with no code."""
    notebook = read_notebook(data)
    return build(path, notebook.cells, notebook, notebook.python)


def from_cells(path: str, cells: list[tuple[str, str]]):
    """The document of a notebook given as (cell_type, source) pairs in notebook order; cell types are
    nbformat's ("code", "markdown", "raw")."""
    return build(path, list(cells))


def new_sources(document, new_text: str, moved: frozenset[str] = frozenset()) -> dict[int, str]:
    """{cell number: new source} of the cells changed when the document's text becomes `new_text`;
    `ChangeError` when the change cannot be placed in the cells. `moved`: the text of the lines a fix
    moves (the lines of the findings it fixes), so that they, not their neighbours, change cells."""
    return _new_sources(document.cells, document.text, new_text, moved)


def cell_changes(document, new_text: str, moved: frozenset[str] = frozenset()):
    """The edits of the cells (each `Edit` with its `cell`, positions within the cell's source) that make
    them what `nnlint --fix` writes when the document's text becomes `new_text`: `new_sources` as edits
    (`ChangeError` when the change cannot be placed in the cells)."""
    return source_edits(document, new_sources(document, new_text, moved))


def source_edits(document, sources: dict[int, str]):
    """`sources` ({cell number: new source}, from `new_sources`) as edits of the cells (`Edit.cell` set)."""
    return _source_edits(document.cells, sources)


def write_bytes(document, sources: dict[int, str]) -> bytes:
    """The notebook file's new bytes with these cell sources (the document must come from `from_bytes`)."""
    notebook = document.cells.notebook
    if notebook is None:
        raise ChangeError("the notebook was not read from a file")
    return notebook_bytes(notebook, sources)


def diff(document, sources: dict[int, str]) -> str:
    """A unified diff of the changed cells, one hunk group per cell headed ``path:cell N``."""
    originals = {cell.number: cell.source for cell in document.cells.code_cells}
    return cell_diff(document.path, originals, sources)
