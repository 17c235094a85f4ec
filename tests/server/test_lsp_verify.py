"""The `nnlint.verify` command: `nnlint verify` on the model under the cursor, in a child process, with
work-done progress, cancellable. (Runs a tiny PyTorch model on the CPU.)"""

from __future__ import annotations

import asyncio
import time

import pytest
from lsprotocol import types

from .conftest import published
from .lsp_helpers import open_file

pytestmark = pytest.mark.asyncio
pytest.importorskip("torch")

MODEL = '''\
import torch
from torch import nn


def helper():
    return 1


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.ReLU())

    def forward(self, x):
        return self.body(x)
'''


def verify_params(uri: str, line: int) -> types.ExecuteCommandParams:
    return types.ExecuteCommandParams(command="nnlint.verify", arguments=[uri, {"line": line, "character": 4}])


async def test_verify_the_model_under_the_cursor(client):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"verifyArgs": ["--device", "cpu", "--steps", "50"]}}))
    uri, _ = open_file(client, "net.py", MODEL)
    await published(client, uri)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(11, 80), types.Position(11, 80)), context=types.CodeActionContext([])))
    # lsprotocol's client-side hook reads any code action holding a `command` as a bare Command, so only
    # the title and the command's name are checked here; the command is then run as the action would
    verify = next(a for a in actions if a.title.startswith("Verify at run time"))
    assert verify.title.endswith("net.py::Net") and "nnlint.verify" in str(verify.command)

    result = await client.workspace_execute_command_async(verify_params(uri, 13))
    assert result["target"].endswith("net.py::Net") and result["report"]["schema"] == "nnlint-verify/1"
    assert [f["code"] for f in result["report"]["findings"]] == ["NN101"]
    assert result["summary"].startswith("nnlint verify ") and result["unsaved"] is False
    assert any(m.message == result["summary"] for m in client.messages)
    [reports] = client.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and reports[0].cancellable
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)


async def test_verify_is_cancellable(client):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"verifyArgs": ["--device", "cpu", "--steps", "100000", "--timeout", "600"]}}))
    uri, _ = open_file(client, "net.py", MODEL)
    await published(client, uri)
    running = asyncio.ensure_future(client.workspace_execute_command_async(verify_params(uri, 13)))
    while not client.progress_reports:
        await asyncio.sleep(0.05)
    [token] = client.progress_reports
    await asyncio.sleep(1.0)
    cancelled_at = time.perf_counter()
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(running, 30)
    assert result["cancelled"] is True and result["report"] is None
    assert time.perf_counter() - cancelled_at < 5
    assert isinstance(client.progress_reports[token][-1], types.WorkDoneProgressEnd)


async def test_verify_refuses_what_is_not_an_open_python_file(client):
    uri, _ = open_file(client, "net.py", MODEL)
    await published(client, uri)
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nnlint.verify", arguments=["file:///nowhere/notebook.ipynb"]))
    assert "open a Python file" in result["error"]
