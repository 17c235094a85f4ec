"""NN201: drop `bias=False` / `use_bias=False` (the layer's default is a bias)."""

from __future__ import annotations

import ast

from ..diagnostics import Fix
from ..facts import ModuleFacts
from .common import drop_keyword
from .document import Unfixable, document


def restore_bias(finding, facts: ModuleFacts) -> Fix:
    node = finding.node
    if not isinstance(node, ast.keyword):
        raise Unfixable("not a keyword")
    return drop_keyword(document(facts, node), facts, node, f"Remove `{node.arg}=False`")
