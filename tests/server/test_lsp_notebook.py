"""A notebook, end to end (LSP notebookDocument sync): its code cells are analysed together, as the command
line analyses the `.ipynb` file (IPython syntax, a cell that does not parse reported on its own), diagnostics
are published per cell, and fixes edit the cells the command line's `--fix` would write."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .conftest import count, published
from .lsp_helpers import apply_text_edits, position_of, range_text
from .notebook_helpers import cli_sources

pytestmark = pytest.mark.asyncio

CELLS = [
    ("markdown", "# Régression\nA small model."),
    ("code", "%matplotlib inline\nimport torch\nfrom torch import nn"),
    ("markdown", "The model — note the head:"),
    ("code", "# 😀 tête\nmodel = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU())\n"
             "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)"),
]


def cell_uri(path, index: int) -> str:
    return f"vscode-notebook-cell:{path.as_posix()}#cell{index}"


def open_notebook(client, name: str = "train.ipynb", cells=CELLS):
    path = client.root / name
    path.write_text("{}", encoding="utf-8")
    uri = path.as_uri()
    kinds = {"code": types.NotebookCellKind.Code, "markdown": types.NotebookCellKind.Markup}
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(
            uri=uri, notebook_type="jupyter-notebook", version=1,
            cells=[types.NotebookCell(kind=kinds[kind], document=cell_uri(path, i)) for i, (kind, _) in enumerate(cells)]),
        cell_text_documents=[types.TextDocumentItem(uri=cell_uri(path, i), version=1,
                                                    language_id="python" if kind == "code" else "markdown", text=text)
                             for i, (kind, text) in enumerate(cells)]))
    return path, uri


async def test_notebook_cells_analysed_together(client):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"unsafeFixes": True}}))  # fix-all applies NN101's (unsafe) fix too
    path, uri = open_notebook(client)
    model_cell, import_cell = cell_uri(path, 3), cell_uri(path, 1)
    diagnostics = await published(client, model_cell)
    assert [d.code for d in diagnostics] == ["NN101"]  # names imported in cell 1 resolve in cell 3
    assert await published(client, import_cell) == []  # the magic is not a syntax error
    text = CELLS[3][1]
    assert diagnostics[0].range.start.line == 1
    assert range_text(text, diagnostics[0].range) == "nn.ReLU()"
    assert text.splitlines()[1][diagnostics[0].range.start.character - 1:].startswith(" nn.ReLU()")

    # edit the model cell: a non-ASCII prefix moves the finding (UTF-16 units); cell 1 changes nothing
    before = count(client, model_cell)
    edit = types.TextEdit(types.Range(types.Position(1, 0), types.Position(1, 0)), "é = '😀😀'; ")
    text = apply_text_edits(text, [edit])
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
            types.NotebookDocumentCellContentChanges(
                document=types.VersionedTextDocumentIdentifier(uri=model_cell, version=2),
                changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)])]))))
    diagnostics = await published(client, model_cell, before)
    assert range_text(text, diagnostics[0].range) == "nn.ReLU()"

    # the quick fix edits the model cell only
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=model_cell), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=diagnostics)))
    fix = next(a for a in actions if a.title.startswith("Fix NN101"))
    assert list(fix.edit.changes) == [model_cell]
    assert apply_text_edits(text, fix.edit.changes[model_cell]).splitlines()[1].endswith(
        "nn.Linear(64, 1))")
    noqa = next(a for a in actions if "noqa" in a.title)
    assert apply_text_edits(text, noqa.edit.changes[model_cell]).splitlines()[1].endswith("  # noqa: NN101")

    # fix all through the command and workspace/applyEdit
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nnlint.applyFixAll", arguments=[model_cell]))
    assert result["applied"] is True
    assert list(client.applied[-1].changes) == [model_cell]
    fixed = apply_text_edits(text, client.applied[-1].changes[model_cell])
    assert fixed.splitlines()[1].endswith("nn.Linear(64, 1))") and fixed.startswith("# 😀 tête\n")

    # a new code cell with a finding of its own, then close: every cell is cleared
    new_cell = cell_uri(path, 4)
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=3),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(
            structure=types.NotebookDocumentCellChangeStructure(
                array=types.NotebookCellArrayChange(start=4, delete_count=0, cells=[
                    types.NotebookCell(kind=types.NotebookCellKind.Code, document=new_cell)]),
                did_open=[types.TextDocumentItem(uri=new_cell, language_id="python", version=1,
                                                 text="head = nn.Linear(64, 10, bias=False)\n")])))))
    assert [d.code for d in await published(client, new_cell)] == ["NN201"]
    before = {u: count(client, u) for u in (model_cell, new_cell, import_cell)}
    client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=uri),
        cell_text_documents=[types.TextDocumentIdentifier(uri=cell_uri(path, i)) for i in range(5)]))
    for cell, seen in before.items():
        assert await published(client, cell, seen) == []


#: a cell magic and a shell escape, a cell that does not parse (after non-ASCII text), and findings in the
#: cells after it: NN101 in cell 4, and NN401 in cell 5, whose fix moves the Saver into cell 7
TRAINING = [
    ("markdown", "# Entraînement 😀"),
    ("code", "%%time\nimport tensorflow as tf\nfrom torch import nn"),
    ("code", 's = "😀é" + (1,'),
    ("code", "!nvidia-smi\n# é 😀\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())  # 😀"),
    ("code", "x = tf.compat.v1.placeholder(tf.float32, [None, 4])\n"
             "loss = tf.reduce_sum(tf.compat.v1.layers.dense(x, 1))\nsaver = tf.compat.v1.train.Saver()  # é"),
    ("markdown", "The optimizer"),
    ("code", "train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)  # 😀"),
]


async def _actions(client, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))


def _applied(path, cells, changes: dict) -> list[str]:
    """Every cell's source after the client applied the edits (UTF-16 positions) to the cells they name."""
    uris = [cell_uri(path, i) for i in range(len(cells))]
    assert set(changes) <= {uri for uri, (kind, _) in zip(uris, cells) if kind == "code"}
    return [apply_text_edits(text, changes.get(uri, [])) for uri, (_, text) in zip(uris, cells)]


async def test_magics_a_broken_cell_and_fixes_in_later_cells_as_the_command_line(client):
    path, uri = open_notebook(client, "training.ipynb", TRAINING)
    uris = [cell_uri(path, i) for i in range(len(TRAINING))]
    assert await published(client, uris[1]) == []  # %%time and its body: no syntax error
    [broken] = await published(client, uris[2])
    assert broken.code == "NN000" and "the cell was not linted" in broken.message
    assert broken.range.start == position_of(TRAINING[2][1], "(1,")  # UTF-16: the emoji counts 2
    [relu] = await published(client, uris[3])
    assert relu.code == "NN101" and range_text(TRAINING[3][1], relu.range) == "nn.ReLU()"
    [saver] = await published(client, uris[4])
    assert saver.code == "NN401" and range_text(TRAINING[4][1], saver.range) == "tf.compat.v1.train.Saver()"
    assert await published(client, uris[6]) == []

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uris[3]), position=relu.range.end))
    assert hover.contents.value.startswith("### NN101")

    # the quick fix in the cell after the broken one edits that cell only
    actions = await _actions(client, uris[3], relu)
    fix = next(a for a in actions if a.title.startswith("Fix NN101"))
    assert list(fix.edit.changes) == [uris[3]]
    assert apply_text_edits(TRAINING[3][1], fix.edit.changes[uris[3]]).endswith(
        "\nmodel = nn.Sequential(nn.Linear(4, 2))  # 😀")
    noqa = next(a for a in actions if a.title.startswith("Disable NN101"))
    assert _applied(path, TRAINING, noqa.edit.changes) == cli_sources(client.root, TRAINING, "--add-noqa",
                                                                          "--select", "NN101")
    # no # noqa for the broken cell's error, which cannot be suppressed; no fix either
    assert not [a for a in await _actions(client, uris[2], broken) if "noqa" in a.title or a.title.startswith("Fix")]

    # NN401's fix moves the Saver out of cell 5 to after the train op in cell 7, as `nnlint --fix` does
    fix = next(a for a in await _actions(client, uris[4], saver) if a.title.startswith("Fix NN401"))
    assert sorted(fix.edit.changes) == sorted([uris[4], uris[6]])
    expected = cli_sources(client.root, TRAINING, "--fix-only", "--unsafe-fixes", "--select", "NN401")
    assert expected[6].endswith("minimize(loss)  # 😀\nsaver = tf.compat.v1.train.Saver()  # é")
    assert _applied(path, TRAINING, fix.edit.changes) == expected

    # fix all (unsafe fixes allowed by the client's settings): every cell as `nnlint --fix --unsafe-fixes`
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"nnlint": {"unsafeFixes": True}}))
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nnlint.applyFixAll", arguments=[uris[4]]))
    assert result["applied"] is True
    expected = cli_sources(client.root, TRAINING, "--fix-only", "--unsafe-fixes")
    assert _applied(path, TRAINING, client.applied[-1].changes) == expected
