"""IPython syntax in cells becomes Python of the same shape: same length, same lines, same columns."""

from __future__ import annotations

import ast

import pytest

from nnlint.notebook.ipython import transform

# (cell source, the Python nnlint analyses)
CASES = [
    ("%matplotlib inline\nimport torch", "pass              \nimport torch"),
    ("%config InlineBackend.figure_format = 'retina'", "pass" + " " * 42),
    ("!pip install torch", "pass              "),
    ("!!ls", "pass"),
    ("!ls", "0  "),
    ("!pip install a \\\n    b \\\n    c\nx = 1", "pass            \n       \n     \nx = 1"),
    ("files = !ls -la", "files = 0      "),
    ("a, b = %sx ls", "a, b = 0     "),
    ("self.out = !ls", "self.out = 0  "),
    ("torch.nn.Linear?", "pass            "),
    ("torch.nn.Linear??", "pass             "),
    ("?torch.nn", "pass     "),
    ("??torch", "pass   "),
    ("?", "0"),
    ("%pinfo torch", "pass        "),
    ("/print 1 2", "pass      "),
    (",f a b", "pass  "),
    (";g a b", "pass  "),
    ("if True:\n    %time x = f()\n    !ls\n", "if True:\n    pass; x = f()\n    0  \n"),
    ("%time model.fit(x, y, batch_size=1)", "pass; model.fit(x, y, batch_size=1)"),
    ("%timeit   y = g()", "pass;     y = g()"),
    ("%prun f()", "pass; f()"),
    ("%timeit -r1 for X in y: pass", "pass" + " " * 24),  # options, and a compound statement: not kept
    ("%time for x in y: pass", "pass" + " " * 18),
    ("%%time\nx = 1\n", "      \nx = 1\n"),
    ("\n%%capture out\nimport torch", "\n             \nimport torch"),
    ("%%timeit -n 3 setup()\nrun()", " " * 21 + "\nrun()"),
]

# Python that only looks like IPython: never touched
UNTOUCHED = [
    "x = (1,\n/ 2)\n",  # a division continued inside brackets
    "x = [a,\n,b]\n",
    's = """\n!not a shell escape\n%not a magic\n"""\n',
    "s = '''a\\\n'''\n",
    "x = 5 % 3\ny = a != b\nz = a if b else c\n",
    "print('why?')  # really?\n",
    "y = \\\n    1\n",
    "d = {\n    'a': 1,\n}\n",
    "f'{x[\"k\"]}'\n",
]


@pytest.mark.parametrize("source, python", CASES)
def test_ipython_syntax_is_overwritten_in_place(source, python):
    transformed = transform(source)
    assert transformed.text == python
    assert len(transformed.text) == len(source)
    ast.parse(transformed.text)
    for start, end in transformed.masks:  # outside the masks, every character is the user's
        assert source[start:end] != python[start:end] or not source[start:end].strip()
    kept = "".join(c for i, c in enumerate(source) if not any(a <= i < b for a, b in transformed.masks))
    assert kept == "".join(c for i, c in enumerate(python) if not any(a <= i < b for a, b in transformed.masks))


@pytest.mark.parametrize("source", UNTOUCHED)
def test_python_that_looks_like_ipython_is_kept(source):
    transformed = transform(source)
    assert transformed.text == source
    assert transformed.masks == []


def test_escape_after_a_closed_triple_quoted_string_is_still_an_escape():
    source = 's = """\n!inside\n"""\n!outside'
    assert transform(source).text == 's = """\n!inside\n"""\npass    '


@pytest.mark.parametrize("source", ["%%bash\nls -la", "%%writefile train.py\nimport torch", "%%html\n<b>x</b>",
                                    "\n\n%%javascript\nalert(1)", "%%sql\nselect 1", "  %%writefile a.py\nx = 1"])
def test_non_python_cell_magics_make_the_cell_not_python(source):
    assert transform(source) is None


def test_cell_magic_not_on_the_first_line_is_a_line_magic():
    assert transform("x = 1\n%%bash").text == "x = 1\npass  "


def test_line_endings_are_kept():
    source = "%matplotlib inline\r\nimport torch\r\n!ls\r\n"
    transformed = transform(source)
    assert transformed.text == "pass              \r\nimport torch\r\n0  \r\n"


def test_position_after_a_kept_statement_magic_is_exact():
    source = "%time model.fit(x, y, batch_size=1)"
    tree = ast.parse(transform(source).text)
    call = tree.body[1].value
    assert source[call.col_offset:call.end_col_offset] == "model.fit(x, y, batch_size=1)"
