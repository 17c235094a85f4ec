"""A Python file, end to end over stdio: open → diagnostics → change → code actions → fix-all command
(workspace/applyEdit) → close, with UTF-16 positions around non-ASCII text."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import count, published
from .lsp_helpers import apply_text_edits, open_file, position_of, range_text

pytestmark = pytest.mark.asyncio

# "é" is one UTF-16 unit and "😀" two (and 2 and 4 UTF-8 bytes): the finding on line 9 sits after both
MODEL = '''\
"""Modèle — a regression MLP."""
import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.é = nn.Linear(13, 64)
        self.out = nn.Sequential(nn.Linear(64, 1), nn.ReLU())  # 😀 sortie

    def forward(self, x):
        return self.out(torch.relu(self.é(x)))
'''


async def test_open_change_fix_close(client):
    uri, text = open_file(client, "model.py", MODEL)
    diagnostics = await published(client, uri)
    assert [d.code for d in diagnostics] == ["NN101"]
    finding = diagnostics[0]
    assert finding.source == "nnlint"
    assert finding.severity == types.DiagnosticSeverity.Error
    assert finding.code_description.href.endswith("#nn101-output-activation")
    assert range_text(text, finding.range) == "nn.ReLU()"

    # a change that moves the finding right by non-ASCII text: its character is counted in UTF-16 units
    before = count(client, uri)
    edit = types.TextEdit(types.Range(position_of(text, "self.out"), position_of(text, "self.out")),
                          "𝓍 = '😀'; ")
    text = apply_text_edits(text, [edit])
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)]))
    diagnostics = await published(client, uri, before)
    assert range_text(text, diagnostics[0].range) == "nn.ReLU()"
    line = text.splitlines()[diagnostics[0].range.start.line]
    assert diagnostics[0].range.start.character == len(line[:line.index("nn.ReLU")].encode("utf-16-le")) // 2

    # code actions at the finding: the rule's fix (unsafe: it changes what a trained model predicts, so it is
    # labelled and not preferred), noqa, ignore-in-file
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=diagnostics)))
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith("Fix NN101"))
    assert fix.title.endswith("(unsafe fix: review it)") and not fix.is_preferred
    assert fix.kind == types.CodeActionKind.QuickFix
    fixed = apply_text_edits(text, fix.edit.changes[uri])
    assert "nn.ReLU()" not in fixed and "nn.Sequential(nn.Linear(64, 1))" in fixed
    noqa = next(a for a in actions if "noqa" in a.title)
    assert apply_text_edits(text, noqa.edit.changes[uri]).splitlines()[diagnostics[0].range.start.line].endswith(
        "# 😀 sortie  # noqa: NN101")
    ignore = next(a for a in actions if a.title == "Ignore NN101 in this file")
    assert apply_text_edits(text, ignore.edit.changes[uri]).startswith("# nnlint: noqa: NN101\n")
    assert any(t.startswith("Verify at run time") for t in titles)

    # fix all, as a command: safe fixes only by default, so nothing here; with unsafeFixes the server sends
    # workspace/applyEdit
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nnlint.applyFixAll", arguments=[uri]))
    assert result == {"applied": False, "reason": "nothing to fix"} and not client.applied
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"unsafeFixes": True}}))
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nnlint.applyFixAll", arguments=[uri]))
    assert result["applied"] is True
    edits = client.applied[-1].changes[uri]
    text = apply_text_edits(text, edits)
    assert "nn.ReLU()" not in text
    before = count(client, uri)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    assert await published(client, uri, before) == []

    before = count(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    assert await published(client, uri, before) == []
