"""Client-side helpers for the end-to-end tests: positions in UTF-16 (as VS Code counts), applying edits."""

from __future__ import annotations

from lsprotocol import types


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """The string offset of an LSP position, counting characters as the client does."""
    lines = _lines(text)
    offset = sum(len(line) + 1 for line in lines[:position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return offset + index
        units += _width(char, encoding)
    return offset + len(line)


def _width(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    if encoding == "utf-32":
        return 1
    return len(char.encode("utf-16-le")) // 2


def position_of(text: str, needle: str, encoding: str = "utf-16") -> types.Position:
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, sum(_width(c, encoding) for c in text[start:offset]))


def range_text(text: str, span: types.Range, encoding: str = "utf-16") -> str:
    return text[_offset(text, span.start, encoding):_offset(text, span.end, encoding)]


def apply_text_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Apply LSP text edits (all relative to `text`) as a client does."""
    spans = sorted(((_offset(text, e.range.start, encoding), _offset(text, e.range.end, encoding), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def open_file(client, name: str, text: str, version: int = 1) -> tuple[str, str]:
    path = client.root / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="python", version=version, text=text)))
    return uri, text
