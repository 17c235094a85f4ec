"""Softmax over an output of size 1 (NN103): only over the unit axis, never over a time axis."""

from __future__ import annotations

import ast

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import ACT, ATTENTION, LEARNED, PASS, RECURRENT
from .flow import Op, argument, keyword
from .values import NOT_LITERAL


def units(facts, op: Op) -> object:
    """The literal output width of a learned layer op, or NOT_LITERAL."""
    if op.spec is None or op.spec.units is None or op.construct is None:
        return NOT_LITERAL
    position, name = op.spec.units
    value = argument(op.construct, position, name)
    return facts.values.literal(value, facts.index.scope_of(op.construct)) if value is not None else NOT_LITERAL


def _softmax_axis(facts, op: Op) -> object:
    """The axis a softmax op normalises over (-1 when left to its default)."""
    call = op.node if isinstance(op.node, ast.Call) else op.construct
    if not isinstance(call, ast.Call) or op.spec is not None and op.spec.act_kw:
        return -1  # `Activation("softmax")`: its argument names the activation; it takes no axis
    if op.spec is None:  # tensor method x.softmax(dim)
        value = _axis_argument(call, 0)
    elif op.spec.applies:  # F.softmax(x, dim), tf.nn.softmax(logits, axis)
        value = _axis_argument(call, 1)
    else:  # nn.Softmax(dim), layers.Softmax(axis)
        value = _axis_argument(op.construct or call, 0)
    if value is None:
        return -1
    return facts.values.literal(value, facts.index.scope_of(call))


def _axis_argument(call: ast.Call, position: int) -> ast.expr | None:
    for name in api.SOFTMAX_AXIS_KEYWORDS:
        kw = keyword(call, name)
        if kw is not None:
            return kw.value
    return argument(call, position, None)


def _has_sequence_layers(facts) -> bool:
    for call in facts.index.calls:
        spec = frameworks.layer_spec(facts.index.qualify(call.func))
        if spec is not None and spec.kind in (RECURRENT, ATTENTION):
            return True
    return False


def _over_units(facts, softmax: Op) -> bool:
    axis = _softmax_axis(facts, softmax)
    if axis == -1:
        return True
    record = frameworks.spec_record(softmax.spec)
    return record is not None and axis == record.softmax_class_axis and not _has_sequence_layers(facts)


def single_unit_softmaxes(facts) -> list[ast.AST]:
    found: list[ast.AST] = []
    seen: set[int] = set()

    def add(node: ast.AST) -> None:
        if id(node) not in seen:
            seen.add(id(node))
            found.append(node)

    flow = facts.flow
    for call in facts.index.calls:
        spec = frameworks.layer_spec(facts.index.qualify(call.func))
        if spec is None:
            continue
        if spec.kind in LEARNED and spec.act_kw:
            op = flow.construct_op(call, facts.index.scope_of(call))
            if op is not None and op.act == "softmax" and units(facts, op) == 1:
                add(op.act_node or call)
    for model in facts.models:
        for chain in model.chains:
            _check_chain(facts, chain, add)
    for use in facts.loss_uses:
        for chain in use.chains:
            _check_chain(facts, chain, add)
    for model in facts.models:
        if model.elements:
            for i, element in enumerate(model.elements):
                if element.kind == ACT and element.act == "softmax":
                    before = [e for e in model.elements[:i] if e.kind != PASS]
                    if before and before[-1].kind in LEARNED and units(facts, before[-1]) == 1 \
                            and _over_units(facts, element):
                        add(element.act_node or element.node)
    return found


def _check_chain(facts, chain: list[Op], add) -> None:
    effective = [op for op in chain if op.kind != PASS]
    if len(effective) >= 2 and effective[0].kind == ACT and effective[0].act == "softmax":
        between = chain[chain.index(effective[0]) + 1:chain.index(effective[1])]
        if between:
            return  # a squeeze/reshape in between may have removed the size-1 axis (`v(e).squeeze(2)`)
        layer = effective[1]
        if layer.kind in LEARNED and layer.act is None and units(facts, layer) == 1 and _over_units(facts, effective[0]):
            add(effective[0].act_node or effective[0].node)
