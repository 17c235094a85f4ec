"""Notebooks for the server tests, and what the command line does to them (the server must do the same)."""

from __future__ import annotations

import json
import re

from helpers import nnlint


def notebook_json(cells: list[tuple[str, str]]) -> str:
    """A notebook's JSON as Jupyter writes it (list-of-lines sources)."""
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": re.findall(r"[^\n]*\n|[^\n]+", source),
                       **({"execution_count": None, "outputs": []} if kind == "code" else {})}
                      for kind, source in cells],
            "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=1) + "\n"


def cli_sources(folder, cells: list[tuple[str, str]], *args: str) -> list[str]:
    """The cells' sources after `nnlint ARGS` ran on the notebook (written as `cli.ipynb` in `folder`)."""
    path = folder / "cli.ipynb"
    path.write_text(notebook_json(cells), encoding="utf-8")
    nnlint(*args, str(path))
    return ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
