"""The one place where the notebook package meets nnlint's core: its error, edit and document types.

A notebook is linted as one core document whose text is the joined code cells, whose tree is the one
already parsed while finding the cells that do not parse (so nothing is parsed twice), and whose
`cells` attribute is the `CellMap`.
"""

from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..source import SourceError, SourceFile

__all__ = ["Edit", "SourceError", "make_document"]


class _NotebookSource(SourceFile):
    """A `SourceFile` whose tree is already known."""

    tree: ast.Module
    cells: object

    def parse(self) -> ast.Module:
        return self.tree


def make_document(path: str, text: str, tree: ast.Module, cells) -> SourceFile:
    document = _NotebookSource(path, text)
    document.tree = tree
    document.cells = cells
    return document
