"""What is linted as one: a Python file, or a notebook's code cells together; and the map from nnlint's
positions in that text back to the client's documents (the file, or each cell).

A `Unit` is a snapshot: it holds the texts as they were at `version`, so results computed from it in a
worker thread are placed against the text they were computed from, and dropped if the client has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    #: the Python text nnlint analyses
    text: str
    #: client documents by URI (the file itself, or each code cell), as of `version`
    documents: dict[str, TextLines]
    notebook: adapter.NotebookText | None = None
    #: cell URIs by cell index (notebooks only)
    cell_uris: dict[int, str] | None = None

    @property
    def uris(self) -> list[str]:
        """Every client document whose diagnostics this unit publishes."""
        return list(self.documents)

    def locate(self, line: int) -> tuple[str, int] | None:
        """(document URI, 1-based line in it) of a 1-based line of `text`."""
        if self.notebook is None:
            return self.key, line
        found = self.notebook.to_cell(line)
        if found is None:
            return None
        cell, cell_line = found
        return self.cell_uris[cell], cell_line + 1

    def unit_line(self, uri: str, line: int) -> int | None:
        """The 1-based line of `text` for a 1-based line of a client document."""
        if self.notebook is None:
            return line if uri == self.key else None
        for cell, cell_uri in self.cell_uris.items():
            if cell_uri == uri:
                return self.notebook.from_cell(cell, line - 1)
        return None

    def client_range(self, line: int, column: int, end_line: int, end_column: int,
                     encoding: str) -> tuple[str, types.Range] | None:
        """An nnlint span as (document URI, LSP range); a span leaving its cell ends at that cell's line end."""
        start = self.locate(line)
        end = self.locate(end_line)
        if start is None:
            return None
        uri, start_line = start
        lines = self.documents[uri]
        if end is None or end[0] != uri:
            end_line_in_doc, end_column = start_line, len(lines.line(start_line - 1)) + 1
        else:
            end_line_in_doc = end[1]
        first = lines.client_position(start_line, column, encoding)
        last = lines.client_position(end_line_in_doc, end_column, encoding)
        return uri, types.Range(types.Position(*first), types.Position(*last))

    def unit_position(self, uri: str, position: types.Position, encoding: str) -> tuple[int, int] | None:
        """An LSP position in a client document as nnlint's (line, column) in `text`."""
        lines = self.documents.get(uri)
        if lines is None:
            return None
        line, column = lines.nnlint_position(position.line, position.character, encoding)
        unit_line = self.unit_line(uri, line)
        return None if unit_line is None else (unit_line, column)

    def text_edits(self, edits, encoding: str) -> dict[str, list[types.TextEdit]] | None:
        """nnlint edits as LSP text edits by document; None when one would cross a cell boundary."""
        by_uri: dict[str, list[types.TextEdit]] = {}
        for edit in edits:
            start = self.locate(edit.line)
            if start is None:  # at the very end of the text: the end of the last document
                start = self.locate(edit.line - 1) if edit.column == 1 else None
                if start is None:
                    return None
                lines = self.documents[start[0]]
                first = lines.position_at(len(lines.text), encoding)
            else:
                lines = self.documents[start[0]]
                first = lines.client_position(start[1], edit.column, encoding)
            last = self._end(start[0], edit.end_line, edit.end_column, encoding)
            if last is None:
                return None
            by_uri.setdefault(start[0], []).append(
                types.TextEdit(types.Range(types.Position(*first), types.Position(*last)), edit.content))
        return by_uri

    def _end(self, uri: str, line: int, column: int, encoding: str) -> tuple[int, int] | None:
        """The LSP position in document `uri` of an edit's end; the start of the line after a cell's last
        line is that cell's end (deleting a cell's last line whole)."""
        lines = self.documents[uri]
        end = self.locate(line)
        if end is not None and end[0] == uri:
            return lines.client_position(end[1], column, encoding)
        previous = self.locate(line - 1) if column == 1 else None
        if previous is not None and previous[0] == uri:
            return lines.position_at(len(lines.text), encoding)
        return None


def file_unit(document: TextDocument) -> Unit:
    return Unit(document.uri, document.version, document.path, document.text, {document.uri: document.lines})


def notebook_unit(documents: Documents, notebook: Notebook) -> Unit:
    cells = documents.cell_sources(notebook)
    joined = adapter.notebook_text(notebook.path, cells)
    code = {index: uri for index, (uri, kind) in enumerate(notebook.cells) if kind == "code"}
    texts = {uri: documents.texts[uri].lines for uri in code.values() if uri in documents.texts}
    return Unit(notebook.uri, notebook.version, notebook.path, joined.text, texts, joined, code)


def to_lsp(unit: Unit, diagnostic: adapter.Diagnostic, encoding: str) -> tuple[str, types.Diagnostic] | None:
    """One nnlint finding as (document URI, LSP diagnostic)."""
    placed = unit.client_range(diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column,
                               encoding)
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
