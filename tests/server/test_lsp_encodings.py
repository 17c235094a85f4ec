"""Positions in the encoding the client negotiated (UTF-8 or UTF-32 when offered, UTF-16 otherwise), fix-all
as the `source.fixAll.nnlint` code action (what fix-on-save runs), and hover."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import SERVER, count, published, start
from .lsp_helpers import apply_text_edits, range_text

pytestmark = pytest.mark.asyncio

MODEL = ('import torch\nfrom torch import nn\n'
         'x = "😀é\x0c"; model = nn.Sequential(nn.Linear(4, 1), nn.ReLU())  # 🎉\n'
         'head = nn.Linear(4, 2)\n'
         'nn.init.normal_(head.weight, 0.0, 0.02)  # é😀\n')


def _fixture(encodings):
    @pytest_lsp.fixture(config=SERVER, params=encodings)
    async def negotiated(lsp_client: LanguageClient, tmp_path, request):
        lsp_client.root = tmp_path
        result = await start(lsp_client, tmp_path, encodings=request.param)
        lsp_client.encoding = result.capabilities.position_encoding
        yield
        await lsp_client.shutdown_session()
    return negotiated


negotiated = _fixture([["utf-8", "utf-16"], ["utf-32"], ["utf-16"]])


async def test_positions_and_edits_in_the_negotiated_encoding(negotiated):
    client = negotiated
    encoding = client.encoding
    path = client.root / "m.py"
    path.write_text(MODEL, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=MODEL)))
    diagnostics = {d.code: d for d in await published(client, uri)}
    assert range_text(MODEL, diagnostics["NN101"].range, encoding) == "nn.ReLU()"
    assert set(diagnostics) == {"NN101", "NN301"}

    # an incremental change after the emoji and the form feed, in the client's units
    start = MODEL.index("nn.Linear(4, 1)")
    line_start = MODEL.rfind("\n", 0, start) + 1
    width = {"utf-8": lambda s: len(s.encode()), "utf-32": len}.get(encoding, lambda s: len(s.encode("utf-16-le")) // 2)
    column = width(MODEL[line_start:start]) + len("nn.Linear(4, ")
    edit = types.TextEdit(types.Range(types.Position(2, column), types.Position(2, column + 1)), "16")
    text = apply_text_edits(MODEL, [edit], encoding)
    assert "nn.Linear(4, 16)" in text
    before = count(client, uri)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)]))
    diagnostics = {d.code: d for d in await published(client, uri, before)}
    assert range_text(text, diagnostics["NN101"].range, encoding) == "nn.ReLU()"

    # fix-on-save asks for source.fixAll: one action, with the safe fixes only (NN301's initializer swap, not
    # the removal of the output activation, which changes what a trained model predicts)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.nnlint"
    fixed = apply_text_edits(text, fix_all.edit.changes[uri], encoding)
    assert 'x = "😀é\x0c"; model = nn.Sequential(nn.Linear(4, 16), nn.ReLU())  # 🎉\n' in fixed
    assert "nn.init.kaiming_normal_(head.weight, nonlinearity=\"relu\")  # é😀\n" in fixed

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=diagnostics["NN301"].range.end))
    assert hover.contents.value.startswith("### NN301 non-variance-scaling-init")
    assert "## Why it matters" in hover.contents.value
    assert "rules.md#nn301-non-variance-scaling-init" in hover.contents.value
