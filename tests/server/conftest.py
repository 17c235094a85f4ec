"""End-to-end fixtures: the real `nnlint server` in a subprocess, driven over stdio by pytest-lsp's client."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]


def make_client() -> LanguageClient:
    """pytest-lsp's client, recording every diagnostics publication and answering workspace/applyEdit."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    client.publications = defaultdict(list)  # uri -> [diagnostics, ...] in arrival order
    client.arrivals = defaultdict(list)  # uri -> [time.perf_counter() of each publication]
    client.applied = []  # the WorkspaceEdits the server asked to apply

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.publications[params.uri].append(list(params.diagnostics))
        ls.arrivals[params.uri].append(time.perf_counter())

    def apply_edit(ls: LanguageClient, params: types.ApplyWorkspaceEditParams):
        ls.applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    client.registrations = []
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WORKSPACE_APPLY_EDIT] = apply_edit
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "nnlint", "server"],
    server_env={**os.environ, "PYTHONPATH": str(ROOT)},
    client_factory=make_client,
)


def capabilities(encodings: list[str] | None = None, notebooks: bool = True) -> types.ClientCapabilities:
    """VS Code's capabilities (as pytest-lsp records them), with notebook sync and, optionally, encodings."""
    caps = client_capabilities("visual-studio-code")
    if notebooks:
        caps.notebook_document = types.NotebookDocumentClientCapabilities(
            synchronization=types.NotebookDocumentSyncClientCapabilities(execution_summary_support=True))
    if encodings is not None:
        caps.general = caps.general or types.GeneralClientCapabilities()
        caps.general.position_encodings = encodings
    return caps


async def start(client: LanguageClient, root: Path, encodings: list[str] | None = None,
                options: dict | None = None) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(encodings),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    ))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path):
    """A server initialised on an empty workspace folder (`client.root`), UTF-16 positions."""
    lsp_client.root = tmp_path
    lsp_client.init_result = await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, uri: str, before: int = 0,
                    timeout: float = 30.0) -> list[types.Diagnostic]:
    """The diagnostics of the first publication for `uri` after the `before` earlier ones (waits for it)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(client.publications[uri]) <= before:
        if loop.time() > deadline:
            raise AssertionError(f"no diagnostics published for {uri} within {timeout} s")
        await asyncio.sleep(0.005)
    return client.publications[uri][before]


def count(client: LanguageClient, uri: str) -> int:
    return len(client.publications[uri])


async def settled(client: LanguageClient, uri: str, condition, timeout: float = 30.0) -> list[types.Diagnostic]:
    """Wait until the latest diagnostics published for `uri` satisfy `condition`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (client.publications[uri] and condition(client.publications[uri][-1])):
        if loop.time() > deadline:
            raise AssertionError(f"diagnostics for {uri} never settled: {client.publications[uri][-1:]}")
        await asyncio.sleep(0.01)
    return client.publications[uri][-1]
