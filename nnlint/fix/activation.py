"""NN101 (and NN102): take an activation off the model's output.

What the finding points at decides the edit: a Sequential element is removed from its container
(arguments, list literal, `OrderedDict` pair, or the `layers.append(...)`/`model.add(...)` statement);
an `activation=` keyword is removed (set to `None` where the layer would apply a default activation);
a positional activation becomes `None`; an activation call is unwrapped to its input.
"""

from __future__ import annotations

import ast

import libcst as cst

from .. import frameworks
from ..diagnostics import Fix
from ..facts import ModuleFacts
from ..frameworks.spec import ACT, CONTAINER
from .common import drop_element, drop_keyword, in_loop, remove_statement, set_keyword, unwrap, with_keyword_fix
from .document import Unfixable, document

_GROWERS = ("append", "add")


def remove_activation(finding, facts: ModuleFacts) -> Fix:
    node = finding.node
    doc = document(facts, finding.node)
    index = facts.index
    if isinstance(node, ast.keyword):
        call = index.parents.get(node)
        spec = frameworks.layer_spec(index.qualify(call.func)) if isinstance(call, ast.Call) else None
        if spec is not None and spec.act_default:
            return set_keyword(doc, node, "None", f"Set `{node.arg}=None`")
        return drop_keyword(doc, facts, node, f"Remove `{node.arg}=`")
    parent = index.parents.get(node)
    if isinstance(parent, ast.Call) and any(arg is node for arg in parent.args):
        spec = frameworks.layer_spec(index.qualify(parent.func))
        if spec is not None and spec.kind == CONTAINER:
            return drop_element(doc, parent, node, "Remove the output activation")
        func = parent.func
        if isinstance(func, ast.Attribute) and func.attr in _GROWERS and parent.args[0] is node:
            statement = index.parents.get(parent)
            if not isinstance(statement, ast.Expr) or in_loop(facts, statement):
                raise Unfixable("the activation is added in a loop: removing it would remove every one")
            return remove_statement(doc, facts, statement, "Remove the output activation")
        if spec is not None and spec.act_kw and spec.act_pos is not None and len(parent.args) > spec.act_pos \
                and parent.args[spec.act_pos] is node and spec.kind != ACT:
            value = doc.expression(node)
            return doc.replace("Set the activation to `None`", (value, cst.Name("None")))
        raise Unfixable("an argument of an unknown call")
    if isinstance(parent, (ast.List, ast.Tuple)) and any(e is node for e in parent.elts):
        holder = index.parents.get(parent)
        if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and isinstance(holder, ast.List):
            return drop_element(doc, holder, parent, "Remove the output activation")  # an OrderedDict pair
        return drop_element(doc, parent, node, "Remove the output activation")
    if isinstance(node, ast.Call):
        return _unwrap_activation(doc, facts, node)
    raise Unfixable("unrecognised activation site")


def _unwrap_activation(doc, facts: ModuleFacts, call: ast.Call) -> Fix:
    op = facts.flow.application(call, facts.index.scope_of(call))
    if op is not None and op.kind == ACT and op.input is not None:
        return unwrap(doc, facts, call, op.input, "Remove the output activation")
    spec = frameworks.layer_spec(facts.index.qualify(call.func))
    if spec is not None and spec.act_default and spec.act_kw:
        return with_keyword_fix(doc, call, spec.act_kw, "None", f"Set `{spec.act_kw}=None`")
    raise Unfixable("not an activation call")
