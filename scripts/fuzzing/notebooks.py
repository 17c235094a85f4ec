"""A source text made into a Jupyter notebook: code cells cut at top-level statements, with markdown and raw
cells, IPython magics, shell escapes, help queries, empty cells, outputs and execution counts between them.
Written with nbformat (v4), as Jupyter writes notebooks."""

from __future__ import annotations

import ast
import random

MAGIC_LINES = ["%matplotlib inline", "!pip install torch", "%load_ext autoreload", "%autoreload 2",
               "files = !ls", "model?", "%time x = 1", "%env CUDA_VISIBLE_DEVICES=0"]
CELL_MAGICS = ["%%time", "%%capture", "%%writefile helper.py", "%%bash"]


def _cut_points(text: str) -> list[int]:
    """Line numbers (0-based) where a top-level statement starts, so that cells split between statements."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    starts = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        starts.append(first - 1)
    return starts


def to_notebook(text: str, rng: random.Random) -> bytes:
    """The notebook's bytes (UTF-8 JSON)."""
    import nbformat

    lines = text.splitlines()
    points = [p for p in _cut_points(text) if p > 0 and rng.random() < 0.4]
    chunks, prev = [], 0
    for point in sorted(set(points)):
        chunks.append(lines[prev:point])
        prev = point
    chunks.append(lines[prev:])
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    count = 0
    for chunk in chunks:
        if rng.random() < 0.2:
            nb.cells.append(nbformat.v4.new_markdown_cell(rng.choice(["# Title", "Some *text* ∑", "", "```python\nx = 1\n```"])))
        if rng.random() < 0.05:
            nb.cells.append(nbformat.v4.new_raw_cell("raw text"))
        if rng.random() < 0.05:
            nb.cells.append(nbformat.v4.new_code_cell(""))
        source = list(chunk)
        if rng.random() < 0.15:
            source.insert(rng.randint(0, len(source)) if not _in_block(source) else 0, rng.choice(MAGIC_LINES))
        if rng.random() < 0.05:
            source.insert(0, rng.choice(CELL_MAGICS))
        cell = nbformat.v4.new_code_cell("\n".join(source))
        if rng.random() < 0.5:
            count += 1
            cell.execution_count = count
            if rng.random() < 0.3:
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="epoch 1\n")]
        nb.cells.append(cell)
    return nbformat.writes(nb).encode("utf-8")


def _in_block(source: list[str]) -> bool:
    """Whether any line is indented (a magic inserted between indented lines could break the block)."""
    return any(line[:1].isspace() for line in source)
