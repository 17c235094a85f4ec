"""What is linted as one: a Python file, or a notebook's cells together; and the way from nnlint's positions
back to the client's documents (the file, or each cell).

nnlint's notebook support gives every finding and every fix edit in cell positions (`cell`, then line and
column within that cell's source), so placing them is choosing the cell's document and converting the
column to the client's encoding; a file's are in the file. A `Unit` is a snapshot: it holds the texts as
they were at `version`, so results computed from it in a worker thread are placed against the text they
were computed from, and dropped if the client has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types

from . import adapter
from .documents import Documents, Notebook, TextDocument
from .text import TextLines

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass
class Unit:
    #: the file's URI, or the notebook's
    key: str
    version: int
    path: str
    #: client documents by URI (the file itself, or each cell), as of `version`
    documents: dict[str, TextLines]
    #: a notebook's cells in notebook order: (URI, cell type); cell N (as nnlint numbers them) is the N-th
    cells: list[tuple[str, str]] | None = None
    _document: object = field(default=None, repr=False)

    @property
    def is_notebook(self) -> bool:
        return self.cells is not None

    @property
    def uris(self) -> list[str]:
        """Every client document whose diagnostics this unit publishes (a notebook's code cells)."""
        if self.cells is None:
            return [self.key]
        return [uri for uri, kind in self.cells if kind == "code" and uri in self.documents]

    def document(self):
        """nnlint's document of this snapshot (built once, in the worker thread)."""
        if self._document is None:
            if self.cells is None:
                self._document = adapter.file_document(self.path, self.documents[self.key].text)
            else:
                sources = [(kind, self.documents[uri].text if uri in self.documents else "")
                           for uri, kind in self.cells]
                self._document = adapter.notebook_document(self.path, sources)
        return self._document

    def uri_of(self, cell: int | None) -> str | None:
        """The client document of a cell number (None: the file; in a notebook, its first code cell)."""
        if self.cells is None:
            return self.key
        if cell is None:
            return next(iter(self.uris), None)
        if 0 < cell <= len(self.cells) and self.cells[cell - 1][0] in self.documents:
            return self.cells[cell - 1][0]
        return None

    def cell_of(self, uri: str) -> int | None:
        """The cell number of a cell's URI (None for a file)."""
        if self.cells is None:
            return None
        return next((number for number, (cell_uri, _) in enumerate(self.cells, 1) if cell_uri == uri), None)

    def client_position(self, lines: TextLines, line: int, column: int, encoding: str) -> types.Position:
        """nnlint's (line, column) in a document as an LSP position; a line past the end is the text's end
        (a notebook's cell need not end with a line break: its last edit may end "on the next line")."""
        if line > lines.line_count:
            return types.Position(*lines.position_at(len(lines.text), encoding))
        return types.Position(*lines.client_position(line, column, encoding))

    def client_range(self, cell: int | None, line: int, column: int, end_line: int, end_column: int,
                     encoding: str) -> tuple[str, types.Range] | None:
        """An nnlint span as (document URI, LSP range)."""
        uri = self.uri_of(cell)
        if uri is None:
            return None
        lines = self.documents[uri]
        return uri, types.Range(self.client_position(lines, line, column, encoding),
                                self.client_position(lines, end_line, end_column, encoding))

    def unit_position(self, uri: str, position: types.Position, encoding: str) -> tuple[int | None, int, int] | None:
        """An LSP position in a client document as nnlint's (cell, line, column) (cell None for a file)."""
        lines = self.documents.get(uri)
        if lines is None:
            return None
        cell = self.cell_of(uri)
        if self.cells is not None and cell is None:
            return None
        return (cell, *lines.nnlint_position(position.line, position.character, encoding))

    def text_edits(self, edits, encoding: str) -> dict[str, list[types.TextEdit]] | None:
        """nnlint edits as LSP text edits by document; None when one has no document to go to (a
        notebook's edit must name its cell)."""
        by_uri: dict[str, list[types.TextEdit]] = {}
        for edit in edits:
            if self.cells is not None and edit.cell is None:
                return None
            uri = self.uri_of(edit.cell)
            if uri is None:
                return None
            lines = self.documents[uri]
            span = types.Range(self.client_position(lines, edit.line, edit.column, encoding),
                               self.client_position(lines, edit.end_line, edit.end_column, encoding))
            by_uri.setdefault(uri, []).append(types.TextEdit(span, edit.content))
        return by_uri


def file_unit(document: TextDocument) -> Unit:
    return Unit(document.uri, document.version, document.path, {document.uri: document.lines})


def notebook_unit(documents: Documents, notebook: Notebook) -> Unit:
    texts = {uri: documents.texts[uri].lines for uri, _ in notebook.cells if uri in documents.texts}
    return Unit(notebook.uri, notebook.version, notebook.path, texts, list(notebook.cells))


def to_lsp(unit: Unit, diagnostic: adapter.Diagnostic, encoding: str) -> tuple[str, types.Diagnostic] | None:
    """One nnlint finding as (document URI, LSP diagnostic)."""
    placed = unit.client_range(diagnostic.cell, diagnostic.line, diagnostic.column, diagnostic.end_line,
                               diagnostic.end_column, encoding)
    if placed is None:
        return None
    uri, span = placed
    severity = getattr(diagnostic.severity, "value", diagnostic.severity)
    return uri, types.Diagnostic(
        range=span,
        message=diagnostic.message,
        severity=SEVERITY.get(severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=adapter.docs_url(diagnostic.code)),
        source="nnlint",
        data={"name": diagnostic.name},
    )
