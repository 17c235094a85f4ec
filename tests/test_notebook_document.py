"""A notebook as one module: code cells joined in order, positions mapped back to (cell, line, column)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from nnlint.notebook import NotebookError, from_bytes, from_cells

NOTEBOOKS = Path(__file__).parent / "notebooks"


def notebook_bytes(cells, indent=1, **top) -> bytes:
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": source,
                       **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                      for kind, source in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top}
    return (json.dumps(data, indent=indent) + "\n").encode()


def test_code_cells_are_joined_in_order_and_markdown_still_counts():
    document = from_cells("nb.ipynb", [
        ("markdown", "# Title"),
        ("code", "import torch\nx = 1"),
        ("markdown", "text\nmore"),
        ("raw", "raw text"),
        ("code", "y = 2\n"),
        ("code", ""),
        ("code", "z = 3"),
    ])
    assert document.text == "import torch\nx = 1\ny = 2\nz = 3\n"
    assert [cell.number for cell in document.cells.code_cells] == [2, 5, 6, 7]
    assert document.cells.cell_of(1) == (2, 1)
    assert document.cells.cell_of(2) == (2, 2)
    assert document.cells.cell_of(3) == (5, 1)
    assert document.cells.cell_of(4) == (7, 1)
    for line in range(1, 5):
        assert document.cells.line_of(*document.cells.cell_of(line)) == line


def test_positions_map_back_exactly_around_ipython_syntax():
    cells = [("markdown", "# Train"),
             ("code", "%matplotlib inline\nimport torch\nfiles = !ls\n%time model = torch.nn.Linear(4, 2)"),
             ("code", "%%time\nmodel.train()  # é\nout = model(torch.zeros(4))")]
    document = from_cells("nb.ipynb", cells)
    tree = document.tree
    sources = dict(enumerate((source for _, source in cells), 1))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            cell, line = document.cells.cell_of(node.lineno)
            text = sources[cell].split("\n")[line - 1]
            column = document.lines.column_of_utf8(node.lineno, node.col_offset)
            segment = document.segment(node)
            assert text[column - 1:column - 1 + len(segment)] == segment
    linear = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "torch.nn.Linear")
    assert document.cells.cell_of(linear.lineno) == (2, 4)
    assert document.lines.column_of_utf8(linear.lineno, linear.col_offset) == 15


def test_a_cell_that_does_not_parse_is_one_error_and_the_others_are_analysed():
    document = from_cells("nb.ipynb", [
        ("code", "import torch"),
        ("markdown", "the next cell is an exercise"),
        ("code", "model = \nprint(model)"),
        ("code", "net = torch.nn.Linear(2, 2)"),
    ])
    [error] = document.cells.errors
    assert (error.number, error.line, error.column) == (3, 1, 9)
    assert error.message.startswith("syntax error")
    assert error.source_line == "model = "
    tree = document.tree
    assert [ast.unparse(statement) for statement in tree.body] == ["import torch", "net = torch.nn.Linear(2, 2)"]
    assert document.cells.cell_of(4) == (4, 1)  # the broken cell keeps its (blank) lines


def test_a_statement_continued_into_the_next_cell_is_an_error_of_both_cells():
    # each cell is compiled on its own in Jupyter: `x = (1,` is a syntax error there, as is `2)`
    document = from_cells("nb.ipynb", [("code", "import torch\nx = (1,"), ("code", "2)"), ("code", "y = 1")])
    assert [error.number for error in document.cells.errors] == [1, 2]
    assert [ast.unparse(s) for s in document.tree.body] == ["y = 1"]


def test_an_indented_cell_is_not_the_body_of_the_previous_cells_function():
    document = from_cells("nb.ipynb", [("code", "def f():\n    return 1"), ("code", "    x = 2")])
    assert [error.number for error in document.cells.errors] == [2]
    assert [type(s).__name__ for s in document.tree.body] == ["FunctionDef"]


def test_non_python_cells_are_left_out():
    document = from_cells("nb.ipynb", [("code", "%%bash\nls"), ("code", "%%writefile a.py\nimport torch"),
                                       ("code", "x = 1")])
    assert document.text == "x = 1\n"
    assert document.cells.cell_of(1) == (3, 1)


def test_from_bytes_equals_from_cells():
    data = (NOTEBOOKS / "torch_regressor.ipynb").read_bytes()
    cells = [(cell["cell_type"], "".join(cell["source"])) for cell in json.loads(data)["cells"]]
    on_disk, in_memory = from_bytes(data, "nb.ipynb"), from_cells("nb.ipynb", cells)
    assert on_disk.text == in_memory.text
    assert on_disk.cells.errors == in_memory.cells.errors
    assert [(c.number, c.start_line) for c in on_disk.cells.code_cells] == \
           [(c.number, c.start_line) for c in in_memory.cells.code_cells]


def test_realistic_notebook_cells():
    document = from_bytes((NOTEBOOKS / "torch_regressor.ipynb").read_bytes(), "torch_regressor.ipynb")
    # 13 cells: 3 markdown, a %%bash cell and an empty one are not in the text
    assert [cell.number for cell in document.cells.code_cells] == [2, 3, 5, 6, 8, 10, 11, 12, 13]
    assert [(e.number, e.line) for e in document.cells.errors] == [(11, 1)]
    relu = document.cells.line_of(5, 7)
    assert document.line_text(relu) == "    nn.ReLU(),"


def test_kernel_not_python_means_nothing_is_analysed():
    data = notebook_bytes([("code", "x <- c(1, 2)")], metadata={"kernelspec": {"language": "R", "name": "ir"}})
    document = from_bytes(data, "r.ipynb")
    assert document.text == ""
    assert document.cells.errors == []


@pytest.mark.parametrize("metadata", [{}, {"language_info": {"name": "python"}}, {"kernelspec": {"language": "Python 3"}},
                                      {"language_info": {"name": "ipython3"}}, {"kernelspec": {"language": ""}}])
def test_python_kernels_in_their_spellings_are_analysed(metadata):
    assert from_bytes(notebook_bytes([("code", "x = 1")], metadata=metadata), "nb.ipynb").text == "x = 1\n"


@pytest.mark.parametrize("name, message, line", [
    ("python_saved_as_notebook.ipynb", "not a notebook: invalid JSON", 1),
    ("truncated.ipynb", "not a notebook: invalid JSON", 19),
    ("nbformat3.ipynb", "nbformat 3 notebook: nnlint reads nbformat 4", 1),
])
def test_files_that_are_not_nbformat_4_notebooks(name, message, line):
    with pytest.raises(NotebookError) as raised:
        from_bytes((NOTEBOOKS / name).read_bytes(), name)
    assert raised.value.message.startswith(message)
    assert raised.value.line == line


@pytest.mark.parametrize("data, message", [
    (b"[1, 2]", "the JSON is a list, not an object"),
    (b'{"cells": []}', "no \"nbformat\" version"),
    (b'{"nbformat": 5, "cells": []}', "unsupported nbformat 5"),
    (b'{"nbformat": 4}', "\"cells\" is missing or not a list"),
    (b'{"nbformat": 4, "cells": [3]}', "cell 1 is a number"),
    (b'{"nbformat": 4, "cells": [{"source": "x"}]}', "cell 1 has no \"cell_type\""),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "cell 1's \"source\" is not"),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}', "cell 1's \"source\" is not"),
    (b'\xff\xfe{}', "is not UTF-8"),
    (b"", "invalid JSON"),
])
def test_malformed_notebooks_name_the_problem(data, message):
    with pytest.raises(NotebookError) as raised:
        from_bytes(data, "bad.ipynb")
    assert message in raised.value.message


def test_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + notebook_bytes([("code", "x = 1")])
    assert from_bytes(data, "bom.ipynb").text == "x = 1\n"
