"""The documents the client has open: Python files, and notebooks with their cells.

Kept here rather than in pygls's workspace because pygls splits lines with `str.splitlines`, which also
breaks at form feeds and U+2028 (both legal in Python source): it would apply incremental changes at the
wrong place, and it clamps a change's position that lies past its idea of the line's end *in the client's
params object*, which every later handler then sees. So pygls keeps no documents at all (`FoldersOnly`)
and the client's edits are applied here with `TextLines`, which counts lines as LSP does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.workspace import Workspace

from .text import TextLines


def uri_to_path(uri: str) -> str:
    """The file-system path of a `file:` URI; other schemes (untitled:, vscode-notebook-cell:) keep theirs."""
    parsed = urlparse(uri)
    path = unquote(parsed.path)
    if parsed.scheme == "file" and parsed.netloc:
        return f"//{parsed.netloc}{path}"
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # file:///c:/x on Windows
        path = path[1:]
    return path or uri


class FoldersOnly(Workspace):
    """pygls's workspace for its folders and position encoding only: it is told of no document."""

    @classmethod
    def replacing(cls, workspace: Workspace) -> "FoldersOnly":
        return cls(workspace.root_uri, types.TextDocumentSyncKind.Incremental, list(workspace.folders.values()),
                   workspace.position_encoding)

    def put_text_document(self, *args, **kwargs) -> None:
        pass

    def update_text_document(self, *args, **kwargs) -> None:
        pass

    def remove_text_document(self, *args, **kwargs) -> None:
        pass

    def put_notebook_document(self, *args, **kwargs) -> None:
        pass

    def update_notebook_document(self, *args, **kwargs) -> None:
        pass

    def remove_notebook_document(self, *args, **kwargs) -> None:
        pass


@dataclass
class TextDocument:
    uri: str
    lines: TextLines
    version: int = 0
    language_id: str = "python"
    #: the notebook this cell belongs to (None for a file)
    notebook: str | None = None

    @property
    def text(self) -> str:
        return self.lines.text

    @property
    def path(self) -> str:
        return uri_to_path(self.uri)

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = self.lines.offset_at(change.range.start.line, change.range.start.character, encoding)
            end = self.lines.offset_at(change.range.end.line, change.range.end.character, encoding)
            self.lines = self.lines.replace(start, max(start, end), change.text)
        else:
            self.lines = TextLines(change.text)


@dataclass
class Notebook:
    uri: str
    version: int = 0
    #: cell document URIs in notebook order, with their kind ("code" or "markdown")
    cells: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return uri_to_path(self.uri)


def _kind(kind: types.NotebookCellKind) -> str:
    return "code" if kind == types.NotebookCellKind.Code else "markdown"


class Documents:
    """Open documents by URI; a change bumps the version that lint results are checked against."""

    def __init__(self) -> None:
        self.texts: dict[str, TextDocument] = {}
        self.notebooks: dict[str, Notebook] = {}

    # -- files ----------------------------------------------------------------------------------------------
    def open(self, item: types.TextDocumentItem, notebook: str | None = None) -> TextDocument:
        document = TextDocument(item.uri, TextLines(item.text), item.version, item.language_id, notebook)
        self.texts[item.uri] = document
        return document

    def change(self, params: types.DidChangeTextDocumentParams, encoding: str) -> TextDocument | None:
        document = self.texts.get(params.text_document.uri)
        if document is None:
            return None
        for change in params.content_changes:
            document.apply(change, encoding)
        document.version = params.text_document.version
        return document

    def close(self, uri: str) -> TextDocument | None:
        return self.texts.pop(uri, None)

    def get(self, uri: str) -> TextDocument | None:
        return self.texts.get(uri)

    # -- notebooks ------------------------------------------------------------------------------------------
    def open_notebook(self, params: types.DidOpenNotebookDocumentParams) -> Notebook:
        notebook = Notebook(params.notebook_document.uri, params.notebook_document.version,
                            [(cell.document, _kind(cell.kind)) for cell in params.notebook_document.cells])
        self.notebooks[notebook.uri] = notebook
        for item in params.cell_text_documents:
            self.open(item, notebook.uri)
        return notebook

    def change_notebook(self, params: types.DidChangeNotebookDocumentParams, encoding: str) -> Notebook | None:
        notebook = self.notebooks.get(params.notebook_document.uri)
        if notebook is None:
            return None
        notebook.version = params.notebook_document.version
        cells = params.change.cells
        if cells is None:
            return notebook
        if cells.structure is not None:
            array = cells.structure.array
            added = [(cell.document, _kind(cell.kind)) for cell in array.cells or []]
            notebook.cells[array.start:array.start + array.delete_count] = added
            for item in cells.structure.did_open or []:
                self.open(item, notebook.uri)
            for identifier in cells.structure.did_close or []:
                self.close(identifier.uri)
        kinds = {cell.document: _kind(cell.kind) for cell in cells.data or []}
        notebook.cells = [(uri, kinds.get(uri, kind)) for uri, kind in notebook.cells]
        for text in cells.text_content or []:
            document = self.texts.get(text.document.uri)
            if document is not None:
                for change in text.changes:
                    document.apply(change, encoding)
                document.version = text.document.version
        return notebook

    def close_notebook(self, uri: str) -> Notebook | None:
        notebook = self.notebooks.pop(uri, None)
        for cell_uri, _ in notebook.cells if notebook else ():
            self.close(cell_uri)
        return notebook

    def notebook_of(self, uri: str) -> Notebook | None:
        """The notebook a cell URI belongs to (or the notebook itself)."""
        document = self.texts.get(uri)
        if document is not None and document.notebook is not None:
            return self.notebooks.get(document.notebook)
        return self.notebooks.get(uri)
