"""Writing changed cells back: the file stays byte for byte the same outside the changed source lines."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings, strategies as st

from nnlint import notebook
from nnlint.fix import fix_source
from nnlint.notebook import ChangeError, from_bytes

NOTEBOOKS = Path(__file__).parent / "notebooks"
REALISTIC = ["torch_regressor.ipynb", "keras_regression_colab.ipynb"]


def load(name: str):
    data = (NOTEBOOKS / name).read_bytes()
    return data, from_bytes(data, name)


def changed_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(old.decode().splitlines(), new.decode().splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def replace_line(document, cell: int, line: int, new: str) -> str:
    lines = document.text.split("\n")
    lines[document.cells.line_of(cell, line) - 1] = new
    return "\n".join(lines)


def validate(data: bytes) -> None:
    nbformat.validate(nbformat.reads(data.decode("utf-8-sig"), as_version=nbformat.NO_CONVERT))


@pytest.mark.parametrize("name", REALISTIC)
def test_no_change_writes_the_same_bytes(name):
    data, document = load(name)
    assert notebook.new_sources(document, document.text) == {}
    assert notebook.write_bytes(document, {}) == data


@pytest.mark.parametrize("name", REALISTIC)
def test_writing_the_same_sources_back_is_byte_identical(name):
    data, document = load(name)
    sources = {cell.number: cell.source for cell in document.cells.code_cells}
    assert notebook.write_bytes(document, sources) == data


def test_one_line_change_in_a_list_source_changes_only_that_json_line():
    data, document = load("torch_regressor.ipynb")
    new = notebook.write_bytes(document, notebook.new_sources(document, replace_line(document, 5, 7, "    nn.Identity(),")))
    assert changed_lines(data, new) == (['    "    nn.ReLU(),\\n",'], ['    "    nn.Identity(),\\n",'])
    validate(new)


def test_one_line_change_in_a_string_source_changes_only_that_value():
    data, document = load("keras_regression_colab.ipynb")
    changed = replace_line(document, 3, 1, 'x_train = np.random.rand(1000, 8).astype("float64")')
    new = notebook.write_bytes(document, notebook.new_sources(document, changed))
    removed, added = changed_lines(data, new)
    assert len(removed) == len(added) == 1
    assert removed[0].replace('float32\\")\\ny_train', 'float64\\")\\ny_train', 1) == added[0]
    assert new.count(b"\n") == data.count(b"\n") and not new.endswith(b"\n")  # 2-space file, no final newline kept
    validate(new)


@pytest.mark.parametrize("name", REALISTIC)
def test_fix_round_trip(name):
    data, document = load(name)
    outcome = fix_source(document.text, name)
    assert outcome.applied and not outcome.rejected
    sources = notebook.new_sources(document, outcome.text)
    new = notebook.write_bytes(document, sources)
    validate(new)
    removed, added = changed_lines(data, new)
    assert removed and all(line.lstrip().startswith('"') for line in removed + added)  # only source lines
    old_json, new_json = json.loads(data), json.loads(new)
    for old_cell, new_cell in zip(old_json["cells"], new_json["cells"]):
        assert {k: v for k, v in old_cell.items() if k != "source"} == {k: v for k, v in new_cell.items() if k != "source"}
        assert type(old_cell["source"]) is type(new_cell["source"])
    again = from_bytes(new, name)
    assert fix_source(again.text, name).applied == []  # a second --fix changes nothing


def test_non_ascii_follows_the_files_escaping():
    _, escaped = load("keras_regression_colab.ipynb")  # json.dumps(ensure_ascii=True) style
    new = notebook.write_bytes(escaped, notebook.new_sources(escaped, replace_line(escaped, 3, 1, "x = 'é'")))
    assert b"\\u00e9" in new and "é".encode() not in new
    _, raw = load("torch_regressor.ipynb")  # nbformat style: UTF-8 as is
    new = notebook.write_bytes(raw, notebook.new_sources(raw, replace_line(raw, 3, 1, "x = 'é'")))
    assert "x = 'é'".encode() in new
    validate(new)


def test_lines_inserted_between_cells_go_to_the_end_of_the_earlier_cell():
    document = notebook.from_cells("nb.ipynb", [("code", "a = 1"), ("markdown", "m"), ("code", "b = 2")])
    sources = notebook.new_sources(document, "a = 1\nsaver = 0\nb = 2\n")
    assert sources == {1: "a = 1\nsaver = 0"}


def test_a_moved_statement_changes_both_cells():
    document = notebook.from_cells("nb.ipynb", [("code", "s = Saver()\nx = 1\n"), ("code", "opt.minimize(l)\ny = 2")])
    sources = notebook.new_sources(document, "x = 1\nopt.minimize(l)\ns = Saver()\ny = 2\n")
    assert sources == {1: "x = 1\n", 2: "opt.minimize(l)\ns = Saver()\ny = 2"}


def list_notebook(*sources, indent=1) -> bytes:
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": re.findall(r"[^\n]*\n|[^\n]+", source)} for source in sources]
    return (json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 2}, indent=indent) + "\n").encode()


@pytest.mark.parametrize("indent", [1, 2, 4])
@pytest.mark.parametrize("old, new", [
    ("a = 1\nb = 2\nc = 3", "a = 1\nc = 3"),  # a middle line deleted
    ("a = 1\nb = 2\nc = 3", "a = 1\nb = 2"),  # the last line deleted
    ("a = 1\nb = 2", "b = 2"),  # the first line deleted
    ("a = 1", ""),  # everything deleted
    ("", "a = 1\nb = 2"),  # an empty source filled
    ("a = 1", "a = 1\nb = 2"),  # a line appended to a one-line source
    ("a = 1\nb = 2", "z = 0\na = 1\nb = 2"),  # a line prepended
    ("a = 1\nb = 2", "a = 1\nx = 0\ny = 0\nb = 2"),  # lines inserted
])
def test_list_sources_edited_in_place(indent, old, new):
    data = list_notebook(old, "keep = 1", indent=indent)
    document = from_bytes(data, "nb.ipynb")
    written = notebook.write_bytes(document, {1: new})
    assert "".join(json.loads(written)["cells"][0]["source"]) == new
    assert json.loads(written)["cells"][1] == json.loads(data)["cells"][1]
    assert written == list_notebook(new, "keep = 1", indent=indent)  # laid out exactly as json.dumps would
    validate(written)


@pytest.mark.parametrize("cells, new_text, message", [
    ([("code", "a = 1"), ("code", "b = 2")], "a = (1,\n2)\n", "cell 1 would not parse on its own"),
    ([("code", "x = 1\n!ls"), ("code", "y = 2")], "x = 1\nz = 0\n", "spans cells 1, 2"),
    ([("code", "files = !ls")], "files = 1  \n", "IPython syntax"),
    ([("code", "%time x = f()")], "0   ; x = f()\n", "IPython syntax"),
    ([("code", "x = \nprint(x)"), ("code", "y = 1")], "x = 1\n\ny = 1\n", "cell 1 does not parse"),
    ([("code", "x = 1"), ("code", "y = 2")], "x = 1\n  y = 2\n", "would not parse on its own"),
])
def test_changes_that_cannot_be_written_are_refused(cells, new_text, message):
    document = notebook.from_cells("nb.ipynb", cells)
    with pytest.raises(ChangeError, match=message):
        notebook.new_sources(document, new_text)


def test_a_change_beside_ipython_syntax_on_the_same_line_is_kept():
    document = notebook.from_cells("nb.ipynb", [("code", "%time model = make(bias=False)")])
    changed = document.text.replace("bias=False", "bias=True")
    assert notebook.new_sources(document, changed) == {1: "%time model = make(bias=True)"}
    commented = document.text.replace("\n", "  # noqa\n")
    assert notebook.new_sources(document, commented) == {1: "%time model = make(bias=False)  # noqa"}


def test_cell_changes_are_the_new_sources_as_edits_of_each_cell():
    from nnlint.diagnostics import Edit

    document = notebook.from_cells("nb.ipynb", [("code", "s = Saver()\nx = 1\n"), ("markdown", "m"),
                                                ("code", "opt.minimize(l)\ny = 2")])
    moved = "x = 1\nopt.minimize(l)\ns = Saver()\ny = 2\n"
    assert notebook.cell_changes(document, moved, frozenset({"s = Saver()"})) == (
        Edit(1, 1, 2, 1, "", 1), Edit(2, 1, 2, 1, "s = Saver()\n", 3))
    # a line inserted between two cells goes to the end of the earlier one, as `--fix` writes it
    assert notebook.cell_changes(document, document.text.replace("x = 1\n", "x = 1\nz = 3\n")) == (
        Edit(3, 1, 3, 1, "z = 3\n", 1),)
    magic = notebook.from_cells("nb.ipynb", [("code", "%time x = f()")])
    with pytest.raises(ChangeError):
        notebook.cell_changes(magic, "x = 0; x = f()\n")


def test_diff_is_per_cell():
    document = notebook.from_cells("nb.ipynb", [("code", "a = 1\nb = 2"), ("markdown", "m"), ("code", "c = 3")])
    sources = notebook.new_sources(document, "a = 1\nb = 20\nc = 30\n")
    text = notebook.diff(document, sources)
    assert "--- nb.ipynb:cell 1\n+++ nb.ipynb:cell 1\n" in text
    assert "--- nb.ipynb:cell 3\n+++ nb.ipynb:cell 3\n" in text
    assert "-b = 2\n+b = 20\n" in text and "-c = 3\n+c = 30\n" in text


#: a line of valid Python, with what JSON escapes (quotes, backslashes, tabs, non-ASCII)
_line = st.builds("{} = {}".format, st.from_regex(r"[a-z]{1,3}", fullmatch=True),
                  st.one_of(st.integers(0, 999).map(str), st.sampled_from(['"é"', "'\\t'", '"\\""', "'a\tb'", "'☃'"])))


@settings(max_examples=150, deadline=None, database=None)
@given(cells=st.lists(st.lists(_line, max_size=5), min_size=1, max_size=4),
       edits=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["replace", "delete", "insert"]), _line), max_size=4),
       indent=st.sampled_from([1, 2]), ensure_ascii=st.booleans(), form=st.sampled_from(["list", "str"]))
def test_random_line_edits_round_trip(cells, edits, indent, ensure_ascii, form):
    """Any line edits of the joined text land in the right cells, and nothing else in the file changes."""
    sources = ["\n".join(lines) for lines in cells]
    data_cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# é"]}]
    for source in sources:
        data_cells.append({"cell_type": "code", "execution_count": 1, "metadata": {"tags": []},
                           "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok é\n"]}],
                           "source": re.findall(r"[^\n]*\n|[^\n]+", source) if form == "list" else source})
    data = json.dumps({"cells": data_cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4},
                      indent=indent, ensure_ascii=ensure_ascii).encode()
    document = from_bytes(data, "nb.ipynb")
    lines = document.text.split("\n")[:-1]
    for position, kind, content in edits:
        if not lines:
            break
        position %= len(lines)
        if kind == "replace":
            lines[position] = content
        elif kind == "delete":
            del lines[position]
        else:
            lines.insert(position, content)
    new_text = "".join(line + "\n" for line in lines)
    try:
        new = notebook.new_sources(document, new_text)
    except ChangeError:
        return  # e.g. a deletion spanning two cells: refused, never mis-written
    written = notebook.write_bytes(document, new)
    rebuilt = from_bytes(written, "nb.ipynb")
    assert rebuilt.text == new_text
    old_json, new_json = json.loads(data), json.loads(written)
    for number, (old_cell, new_cell) in enumerate(zip(old_json["cells"], new_json["cells"]), 1):
        assert {k: v for k, v in old_cell.items() if k != "source"} == {k: v for k, v in new_cell.items() if k != "source"}
        if number not in new:
            assert old_cell["source"] == new_cell["source"]
    if not new:
        assert written == data
    validate(written)
