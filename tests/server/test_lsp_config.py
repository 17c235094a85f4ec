"""Configuration as the command line reads it (nearest `[tool.nnlint]`, reloaded when it changes), and the
client's settings on top (select/ignore, info findings)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import SERVER, count, published, settled, start
from .lsp_helpers import apply_text_edits, open_file

pytestmark = pytest.mark.asyncio

MODEL = '''\
import torch
from torch import nn

model = nn.Sequential(nn.Linear(13, 64, bias=False), nn.Sigmoid(), nn.Linear(64, 1), nn.ReLU())
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
'''


def codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


async def test_nearest_pyproject_applies_and_reloads_when_it_changes(client):
    (client.root / "pyproject.toml").write_text('[tool.nnlint]\nignore = ["NN201"]\n')
    sub = client.root / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.nnlint]\nignore = ["NN101"]\n')
    top, _ = open_file(client, "model.py", MODEL)
    nested, _ = open_file(client, "sub/model.py", MODEL)
    assert codes(await published(client, top)) == ["NN101", "NN111"]
    assert codes(await published(client, nested)) == ["NN111", "NN201"]

    # the nearer file changes on disk: the client's file watcher tells the server, which relints
    (sub / "pyproject.toml").write_text('[tool.nnlint]\nextend-select = ["NN302"]\nignore = ["NN111"]\n')
    before = count(client, nested)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=(sub / "pyproject.toml").as_uri(), type=types.FileChangeType.Changed)]))
    assert codes(await published(client, nested, before)) == ["NN101", "NN201"]
    assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations)


async def test_configuration_changes_apply_without_a_file_watcher(client):
    """A client that watches no files: the next lint sees the new configuration all the same."""
    config = client.root / "pyproject.toml"
    config.write_text('[tool.nnlint]\nignore = ["NN101"]\n')
    uri, text = open_file(client, "model.py", MODEL)
    assert codes(await published(client, uri)) == ["NN111", "NN201"]
    config.write_text('[tool.nnlint]\nignore = ["NN111"]\n')
    before = count(client, uri)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    assert codes(await published(client, uri, before)) == ["NN101", "NN201"]


async def test_per_file_ignores_and_excludes(client):
    (client.root / "pyproject.toml").write_text(
        '[tool.nnlint]\nextend-exclude = ["generated"]\n[tool.nnlint.per-file-ignores]\n"scripts/*" = ["NN2"]\n')
    (client.root / "scripts").mkdir()
    (client.root / "generated").mkdir()
    script, _ = open_file(client, "scripts/train.py", MODEL)
    generated, _ = open_file(client, "generated/model.py", MODEL)
    assert codes(await published(client, script)) == ["NN101", "NN111"]
    assert await published(client, generated) == []


async def test_a_broken_configuration_is_reported_and_the_defaults_used(client):
    (client.root / "pyproject.toml").write_text('[tool.nnlint]\nignore = ["NN101"\n')
    uri, _ = open_file(client, "model.py", MODEL)
    assert codes(await published(client, uri)) == ["NN101", "NN111", "NN201"]
    messages = [m.message for m in client.messages]
    assert any("pyproject.toml" in m and "invalid TOML" in m for m in messages), messages


async def test_settings_pushed_by_the_client(client):
    uri, _ = open_file(client, "model.py", MODEL)
    assert codes(await published(client, uri)) == ["NN101", "NN111", "NN201"]
    before = count(client, uri)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"ignore": ["NN2"], "showInfo": False}}))
    assert codes(await published(client, uri, before)) == ["NN101"]
    before = count(client, uri)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"select": ["NN999"]}}))
    assert codes(await published(client, uri, before)) == ["NN101", "NN111", "NN201"]
    assert any("NN999" in m.message for m in client.messages)


@pytest_lsp.fixture(config=SERVER)
async def configured(lsp_client: LanguageClient, tmp_path):
    """A client whose settings come from `initializationOptions` and `workspace/configuration`."""
    lsp_client.root = tmp_path
    lsp_client.set_configuration({"select": ["NN1", "NN2"], "showInfo": False}, section="nnlint")
    await start(lsp_client, tmp_path, options={"settings": {"ignore": ["NN201"]}})
    yield
    await lsp_client.shutdown_session()


async def test_settings_pulled_from_the_client(configured):
    client = configured
    uri, _ = open_file(client, "model.py", MODEL)
    # initializationOptions ignore NN201; the pulled configuration then replaces them: NN1 and NN2, no info
    await settled(client, uri, lambda diagnostics: codes(diagnostics) == ["NN101", "NN201"])


async def test_the_fix_policy_of_the_nearest_configuration_applies(client):
    """`unsafe-fixes` and `unfixable` from an nnlint.toml: fix-all applies NN101's unsafe fix, NN201 has none."""
    (client.root / "nnlint.toml").write_text('unsafe-fixes = true\nunfixable = ["NN201"]\n')
    uri, text = open_file(client, "model.py", MODEL)
    diagnostics = await published(client, uri)
    assert codes(diagnostics) == ["NN101", "NN111", "NN201"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(3, 0), types.Position(3, 200)),
        context=types.CodeActionContext(diagnostics=diagnostics)))
    titles = [a.title for a in actions]
    assert any(t.startswith("Fix NN101") for t in titles) and not any(t.startswith("Fix NN201") for t in titles)
    [fix_all] = [a for a in actions if getattr(a, "kind", None) == "source.fixAll.nnlint"]
    fixed = apply_text_edits(text, fix_all.edit.changes[uri])
    assert "nn.Linear(64, 1))" in fixed and "bias=False" in fixed
