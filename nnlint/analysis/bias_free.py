"""Layers built with `bias=False` / `use_bias=False` whose output no normalisation layer re-centres (NN201/NN202).

A bias is redundant — and dropping it right — where what consumes the layer cancels a constant shift: a
normalisation layer right after it (through parameter-free steps and activations), or a softmax over an axis
the bias is constant along (a one-unit attention scorer `v(tanh(W h))` feeding a softmax over positions).
Where the consumer cannot be seen the verdict depends on why: a layer assigned into a library model
(`model.conv1 = nn.Conv2d(..., bias=False)` on a torchvision ResNet) feeds code nnlint cannot read — silent;
a layer whose norm is built under a condition (`if batch_norm: layers.append(BatchNorm2d(...))`) lacks it in
every use that turns the condition off (`conv(3, 32, 4, batch_norm=False)`) — reported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .. import frameworks
from ..frameworks.spec import ACT, BIASED, DENSE, NORM, PASS, OpSpec
from .consumers import Consumers
from .flow import UNKNOWN, Op, keyword
from .single_unit import units

NORM_FOLLOWS, SHIFT_CANCELLED, OTHER_FOLLOWS, NOT_SEEN = "norm", "shift-cancelled", "other", "unknown"
#: what a hand-made trainable tensor is built with (`torch.nn.Parameter`, `tf.Variable`), by its last name part
_PARAMETER_FACTORIES = frozenset({"Parameter", "Variable"})


def _leaf(qual: str | None) -> str:
    return qual.rsplit(".", 1)[-1] if qual else ""


@dataclass
class BiasFreeLayer:
    call: ast.Call  # the layer's construction
    keyword: ast.keyword  # `bias=False`
    spec: OpSpec
    #: a dense/linear projection of a transformer-style network: NN202's (opt-in), not NN201's
    transformer_projection: bool


def bias_free_layers(facts) -> list[BiasFreeLayer]:
    finder = _Finder(facts)
    return [layer for call in facts.index.calls for layer in finder.judge(call)]


class _Finder:
    def __init__(self, facts) -> None:
        self.facts = facts
        self.index = facts.index
        self.consumers = Consumers(facts.index, facts.flow)
        self._norm_in: dict[ast.AST, bool] = {}
        self._norm_calls: dict[ast.AST, list[ast.Call]] = {}

    def judge(self, call: ast.Call) -> list[BiasFreeLayer]:
        index = self.index
        spec = frameworks.layer_spec(index.qualify(call.func))
        if spec is None or spec.kind not in BIASED or not spec.bias_kw:
            return []
        kw = keyword(call, spec.bias_kw)
        if kw is None or not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
            return []
        if self._assigned_into_unseen_model(call):
            return []
        found = self.classify(self.consumers.of_construct(call), call)
        if self.facts.is_output_head(call):
            found.add(OTHER_FOLLOWS)  # the model's output: no norm can come after it
        if NORM_FOLLOWS in found or found == {SHIFT_CANCELLED}:
            return []
        transformer = spec.kind == DENSE and self.facts.transformer_style.in_transformer(call)
        # a norm in the same class or function is the benefit of the doubt when the flow is lost — except for the
        # projections of a transformer-style network, whose norms are the pre-norms feeding them
        if OTHER_FOLLOWS not in found and not transformer and self.norm_nearby(call) \
                and not self._norm_switched_off(call):
            return []
        return [BiasFreeLayer(call, kw, spec, transformer)]

    def classify(self, paths: list[list[Op]], call: ast.Call) -> set[str]:
        """What each consumer path starts with, skipping parameter-free steps and activations."""
        result = set()
        for path in paths:
            first = next((op for op in path if op.kind not in (PASS, ACT)), None)
            leading = next((op for op in path if op.kind != PASS), None)
            if leading is not None and leading.kind == ACT and leading.act == "softmax" and self._one_unit(call):
                result.add(SHIFT_CANCELLED)  # softmax(v(h) + b) over positions == softmax(v(h))
            elif first is not None and self._adds_own_bias(first.node):
                result.add(SHIFT_CANCELLED)  # `self.pointwise(x) + self.bias`: the bias is added by hand
            elif first is None:
                result.add(NOT_SEEN)
            elif first.is_norm:
                result.add(NORM_FOLLOWS)
            elif first.kind == UNKNOWN:
                result.add(NOT_SEEN)
            else:
                result.add(OTHER_FOLLOWS)
        return result

    def _adds_own_bias(self, node: ast.AST) -> bool:
        """`h + self.bias` / `x += self.bias` where the attribute is a parameter the class creates itself
        (`self.bias = nn.Parameter(torch.zeros(n))`, `tf.Variable`, `self.add_weight`): ConvBERT's separable conv
        and similar layers drop the built-in bias to add their own."""
        if isinstance(node, ast.Assign):  # `x = self.pointwise(x)` then `x += self.bias` (its next statement)
            node = self._next_statement(node)
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            operands = [node.value]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands = [node.left, node.right]
        else:
            return False
        cls = self.index.class_of(node)
        for operand in operands:
            if cls is None or not (isinstance(operand, ast.Attribute) and isinstance(operand.value, ast.Name)
                                   and operand.value.id == "self"):
                continue
            for value, _method in cls.attrs.get(operand.attr, ()):
                if isinstance(value, ast.Call) and (_leaf(self.index.qualify(value.func)) in _PARAMETER_FACTORIES
                                                    or isinstance(value.func, ast.Attribute)
                                                    and value.func.attr == "add_weight"):
                    return True
        return False

    def _next_statement(self, stmt: ast.Assign) -> ast.AugAssign | None:
        """The statement after `name = …` in the same block when it augments that name."""
        parent = self.index.parents.get(stmt)
        body = next((block for block in (getattr(parent, f, None) for f in ("body", "orelse", "finalbody"))
                     if isinstance(block, list) and stmt in block), None)
        if body is None or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            return None
        position = body.index(stmt)
        after = body[position + 1] if position + 1 < len(body) else None
        if isinstance(after, ast.AugAssign) and isinstance(after.target, ast.Name) \
                and after.target.id == stmt.targets[0].id:
            return after
        return None

    def _one_unit(self, call: ast.Call) -> bool:
        op = self.facts.flow.construct_op(call, self.index.scope_of(call))
        return op is not None and units(self.facts, op) == 1

    # -- where the consumer cannot be seen ----------------------------------------------------------
    def _assigned_into_unseen_model(self, call: ast.Call) -> bool:
        """`model.conv1 = nn.Conv2d(...)` where `model` is not an instance of a class of this file."""
        parent = self.index.parents.get(call)
        if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and parent.value is call):
            return False
        target = parent.targets[0]
        if not isinstance(target, ast.Attribute) or isinstance(target.value, ast.Name) and target.value.id == "self":
            return False
        value = self.index.values.value(target.value, self.index.scope_of(call))
        return not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                    and value.func.id in self.index.classes)

    def norm_nearby(self, node: ast.AST) -> bool:
        """Is there a normalisation layer in the class (or function) that builds this layer? (once per container)"""
        index = self.index
        container = index.class_of(node)
        root = container.node if container is not None else index.enclosing_function(node)
        cached = self._norm_in.get(root)
        if cached is None:
            cached = self._norm_in[root] = bool(self._norms_in(root))
        return cached

    def _norms_in(self, root: ast.AST) -> list[ast.Call]:
        cached = self._norm_calls.get(root)
        if cached is not None:
            return cached
        found = self._norm_calls[root] = []
        for call in (c for c in ast.walk(root) if isinstance(c, ast.Call)):
            spec = frameworks.layer_spec(self.index.qualify(call.func))
            if spec is not None and spec.kind == NORM:
                found.append(call)
                continue
            op = self.facts.flow.construct_op(call, None)
            if op is not None and op.kind == UNKNOWN and op.is_norm:
                found.append(call)
        return found

    def _norm_switched_off(self, call: ast.Call) -> bool:
        """The norm after this layer is built only `if <parameter>:`, and some caller passes a false literal for
        that parameter (`conv(3, 32, 4, batch_norm=False)`, `UNetDown(1, 64, normalize=False)`)."""
        func = self.index.enclosing_function(call)
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        norms = self._norms_in(func)
        names = [a.arg for a in func.args.posonlyargs + func.args.args]
        switches = set()
        for norm in norms:
            test = _guarding_test(self.index, norm, func)
            if not (isinstance(test, ast.Name) and test.id in names):
                return False
            switches.add(test.id)
        if not switches or _guarding_test(self.index, call, func) is not None:
            return False
        cls = self.index.class_of(func)
        if func.name == "__init__" and cls is not None:
            callers = self.index.calls_by_function_name.get(cls.name, ())
        else:
            callers = self.index.calls_by_function_name.get(func.name, ())
        for caller in callers:
            arguments = self.index.values.arguments(func, caller)
            for switch in switches:
                value = arguments.given(switch)
                literal = self.index.values.literal(value, self.index.scope_of(caller)) if value is not None else None
                if literal is False or literal is None and isinstance(value, ast.Constant) or literal == 0:
                    return True
        return False


def _guarding_test(index, node: ast.AST, func: ast.AST) -> ast.expr | None:
    """The test of the nearest `if` (inside `func`) whose body holds `node`, or None."""
    child, current = node, index.parents.get(node)
    while current is not None and current is not func:
        if isinstance(current, ast.If) and any(child is stmt for stmt in current.body):
            return current.test
        child, current = current, index.parents.get(current)
    return None
