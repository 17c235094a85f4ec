"""Fast traversal of `ast` trees: the child nodes of a node, as `ast.iter_child_nodes` gives them, faster.

`ast.iter_child_nodes` is a generator over `ast.iter_fields`, itself a generator: per node visited that is
two generator frames and a getattr per field, strings and numbers included. The analyses walk every
function body at least once, so this is on the hot path of every lint. Here the fields that can hold nodes
are looked up once per node type, and the expression-context and operator singletons (`Load()`, `Add()`),
which hold nothing and mean nothing to the analyses, are left out.
"""

from __future__ import annotations

import ast

#: fields that never hold a node (names, numbers, flags), in any node type of the grammar
_SCALAR_FIELDS = frozenset({
    "ctx", "op", "id", "arg", "attr", "name", "kind", "level", "module", "conversion", "is_async",
    "type_comment", "simple", "tag",
})
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold child nodes, in the grammar's order."""
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(name for name in kind._fields if name not in _SCALAR_FIELDS)
    return fields


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of `node` in `ast.iter_child_nodes` order, without context and operator singletons."""
    found = []
    for name in _FIELDS.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list:
            for item in value:
                if isinstance(item, ast.AST):
                    found.append(item)
        elif isinstance(value, ast.AST):
            found.append(value)
    return found
