"""Short, readable renderings of code for messages."""

from __future__ import annotations

import ast

from ..facts import ModuleFacts

_MAX = 48


def snippet(facts: ModuleFacts, node: ast.AST) -> str:
    """The source text of a node on one line, shortened, in backticks."""
    text = facts.document.segment(node)
    text = " ".join(text.split())
    if len(text) > _MAX:
        if isinstance(node, ast.Call):
            func = facts.document.segment(node.func) or "…"
            text = f"{func}(…)"
        if len(text) > _MAX:
            text = text[: _MAX - 1] + "…"
    return f"`{text}`"
