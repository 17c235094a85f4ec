"""The one place where the notebook package meets nnlint's core: its error, edit and document types, and
applying and diffing edits.

A notebook is linted as one core `Document` whose text is the joined code cells, whose `cells` is the
`CellMap`, and whose tree is the one already parsed while finding the cells that do not parse (so nothing
is parsed twice).
"""

from __future__ import annotations

import ast

from ..diagnostics import Edit
from ..document import Document, SourceError
from ..edits import apply_edits, diff_edits

__all__ = ["Edit", "SourceError", "apply_edits", "diff_edits", "make_document"]


def make_document(path: str, text: str, tree: ast.Module, cells) -> Document:
    document = Document(path, text, "utf-8", cells)
    document.__dict__["tree"] = tree  # `Document.tree` is a cached property: this is its cached value
    return document
