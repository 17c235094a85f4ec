"""An internal error in one file is shown once and the server keeps serving; rapid typing is linted once, at
its end; a large file does not hold up requests."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, count, published, settled, start
from .lsp_helpers import open_file

pytestmark = pytest.mark.asyncio

MODEL = "import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.ReLU())\n"

BLOCK = """
class Net{i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 16, 3), nn.ReLU())
        self.head = nn.Linear(16, 10, bias=False)

    def forward(self, x):
        return self.head(self.body(x).mean((2, 3)))
"""

CRASHING = ClientServerConfig(
    server_command=[sys.executable, "-m", "tests.server.crashing_server"],
    server_env=SERVER.server_env, client_factory=SERVER.client_factory)


@pytest_lsp.fixture(config=CRASHING)
async def crashing(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_an_internal_error_is_shown_once_and_the_server_keeps_serving(crashing):
    client = crashing
    boom, text = open_file(client, "boom.py", MODEL)
    diagnostics = await published(client, boom)
    assert [d.code for d in diagnostics] == ["NN000"]
    assert "internal error" in diagnostics[0].message and "injected failure" in diagnostics[0].message
    for version in (2, 3):  # the same failure again: logged, not shown again
        before = count(client, boom)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=boom, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text + "#\n" * version)]))
        await published(client, boom, before)
    good, _ = open_file(client, "good.py", MODEL)
    assert [d.code for d in await published(client, good)] == ["NN101"]
    shown = [m for m in client.messages if "internal error" in m.message]
    assert len(shown) == 1 and shown[0].type == types.MessageType.Error
    assert any("Traceback" in m.message and "injected failure" in m.message for m in client.log_messages)


async def test_rapid_typing_is_linted_once_at_its_end(client):
    uri, text = open_file(client, "model.py", MODEL)
    await published(client, uri)
    before = count(client, uri)
    lines = text
    for version in range(2, 52):  # 50 keystrokes, back to back: the last one removes the finding
        lines = MODEL.replace("nn.ReLU()", "nn.ReLU()" if version < 51 else "nn.Identity()") + f"# {version}\n"
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=lines)]))
    await settled(client, uri, lambda diagnostics: diagnostics == [])
    await asyncio.sleep(0.3)
    assert 1 <= count(client, uri) - before <= 3  # not 50: superseded versions are never published


async def test_a_large_file_does_not_hold_up_other_requests(client):
    small, _ = open_file(client, "small.py", MODEL)
    await published(client, small)
    big, _ = open_file(client, "big.py", "import torch\nfrom torch import nn\n" + "".join(BLOCK.format(i=i) for i in range(400)))
    await asyncio.sleep(0.05)  # the big file's lint has started
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(2, 45)))
    answered = time.perf_counter()
    assert "NN101" in hover.contents.value
    assert len(await published(client, big)) == 400
    # the hover was answered while the big file was still being linted, not after
    assert answered < client.arrivals[big][0]
