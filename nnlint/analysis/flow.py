"""Operations and the data flow between them.

An `Op` is one recognised operation at one place in the code: a layer applied
(`self.fc(x)`, `Dense(10)(x)`, `tf.layers.dense(x, 10)`), an activation
(`F.relu(x)`, `x.relu()`, `nn.ReLU()` as a Sequential element), a
parameter-free step (dropout, flatten, reshape, pooling), a residual sum, or
something unknown. `trace_back` walks from a value to the ops that produced
it; `forward_paths` walks from an op to the ops that consume its output.
Both follow local variables, `self.` attributes, Sequential containers and
helper functions within the module, and give up (an ``unknown`` op) where the
flow is not straight-line.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .. import frameworks
from ..frameworks.spec import ACT, CONTAINER, LEARNED, NORM, PASS, RELU_FAMILY, OpSpec
from .budgets import CALLER_DEPTH, CHAIN_LENGTH, CONSUMER_DEPTH, HELPER_DEPTH, LAYER_VALUE_DEPTH
from .module import ClassInfo, ModuleIndex
from .scope import Scope, position
from .values import argument, keyword  # noqa: F401 - re-exported: the rules read framework calls' arguments

UNKNOWN = "unknown"
USER = "user"  # an instance of a module class defined in this file
ARITH = "arith"  # a residual sum, a gate product, any arithmetic
OUTPUT = "output"  # returned from the function
PARAM = "param"  # a function parameter (the model input)

_NORM_HINT = re.compile(r"(^|_)(bn|norm|batchnorm|ln|gn|layernorm|groupnorm)(\d|_|$)|norm", re.IGNORECASE)
_INPUT_KEYWORDS = ("input", "inputs", "x", "features", "logits", "tensor")
#: an activation that is there but cannot be resolved (`activation=act` with `act` a parameter)
UNSEEN_ACTIVATION = "unseen"


@dataclass
class Op:
    kind: str
    node: ast.AST  # where the op is applied, or the Sequential element
    spec: OpSpec | None = None
    construct: ast.Call | None = None  # where the layer is built (its keywords live here)
    qual: str | None = None
    act: str | None = None  # the activation this op applies (its own, or a fused `activation=`)
    act_node: ast.AST | None = None  # where a finding about that activation points
    cls: ClassInfo | None = None
    elements: list["Op"] | None = None  # for containers: the ops in order
    hint: str = ""  # a name that may tell what an unknown op is (`self.bn1`, `norm_layer`)
    input: ast.expr | None = field(default=None, repr=False)

    @property
    def is_norm(self) -> bool:
        if self.kind == NORM:
            return True
        return self.kind in (UNKNOWN, USER) and bool(self.hint) and bool(_NORM_HINT.search(self.hint))

    @property
    def is_learned(self) -> bool:
        return self.kind in LEARNED

    def but(self, **changes) -> "Op":
        """A copy with some fields changed: `dataclasses.replace` without its per-call introspection (the flow
        copies an op for every element, application and alias it follows)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy


class Flow:
    def __init__(self, index: ModuleIndex):
        self.index = index
        self.values = index.values
        self._attr_cache: dict[tuple[str, str], Op | None] = {}
        #: while tracing through a call of a helper: its arguments, by parameter name
        self._arguments: dict[ast.AST, dict[str, tuple[ast.expr, Scope]]] = {}

    # -- activations named as values ------------------------------------------
    def activation_value(self, expr: ast.AST | None, scope: Scope | None) -> str | None:
        """The canonical activation an `activation=` value names: None for none or linear, UNSEEN_ACTIVATION
        for a value nnlint cannot resolve (a parameter, a custom function) — never mistaken for "none"."""
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                return frameworks.ACTIVATION_STRINGS.get(expr.value.lower(), UNSEEN_ACTIVATION)
            return None if expr.value is None else UNSEEN_ACTIVATION
        if isinstance(expr, ast.Call):
            op = self.construct_op(expr, scope)
            return op.act if op is not None and op.kind == ACT else UNSEEN_ACTIVATION
        spec = frameworks.layer_spec(self.index.qualify(expr)) if expr is not None else None
        if spec is not None and spec.kind == ACT:
            return spec.act
        if isinstance(expr, ast.Name) and scope is not None:
            if self.values.is_parameter(expr, scope):
                return self._parameter_activation(expr.id, scope)
            binding, where = self.values.resolve(expr, scope)
            if binding is not None and binding.value is not None and binding.value is not expr:
                return self.activation_value(binding.value, where)
        return UNSEEN_ACTIVATION

    def _parameter_activation(self, name: str, scope: Scope) -> str | None:
        """`activation=act` inside a helper: the caller's argument when tracing through one call, otherwise
        what the helper's callers pass — a ReLU-family value if any passes one ("in at least one use")."""
        func = scope.node
        if not self.values.module_function(func):
            return UNSEEN_ACTIVATION
        current = self._arguments.get(func)
        if current is not None and name in current:
            value, value_scope = current[name]
            return self.activation_value(value, value_scope)
        found = set()
        for value, value_scope in self.values.parameter_arguments(func, name):
            if value is None:
                return UNSEEN_ACTIVATION
            found.add(self.activation_value(value, value_scope))
        relu = sorted(found & RELU_FAMILY)
        if relu:
            return relu[0]
        return found.pop() if len(found) == 1 else UNSEEN_ACTIVATION

    # -- constructions --------------------------------------------------------
    def construct_op(self, call: ast.Call, scope: Scope | None, depth: int = 0) -> Op | None:
        """The layer a call builds (``nn.Linear(4, 2)``, ``Dense(10, activation="relu")``, ``Block()``)."""
        qual = self.index.qualify(call.func)
        spec = frameworks.layer_spec(qual)
        if spec is not None:
            op = Op(spec.kind, call, spec=spec, construct=call, qual=qual)
            self._fuse_activation(op, call, scope)
            if spec.kind == CONTAINER:
                op.elements = self.container_elements(call, scope, depth)
            return op
        func = call.func
        if isinstance(func, ast.Name):
            cls = self.index.classes.get(func.id)
            if cls is not None and cls.is_module:
                return Op(USER, call, construct=call, cls=cls, hint=func.id)
            helper = self.index.functions.get(func.id)
            if helper is not None and depth < HELPER_DEPTH:
                returned = self.values.returned(helper)
                if returned is not None:
                    op = self.value_op(returned, self.index.scope(helper), depth + 1)
                    if op is not None and op.kind not in (UNKNOWN, PARAM):
                        return op.but(node=call)
            return Op(UNKNOWN, call, hint=func.id)
        if isinstance(func, ast.Attribute):
            return Op(UNKNOWN, call, hint=func.attr)
        return None

    def _fuse_activation(self, op: Op, call: ast.Call, scope: Scope | None) -> None:
        spec = op.spec
        if spec.kind == ACT and spec.act:
            op.act, op.act_node = spec.act, call
        if not spec.act_kw:
            return
        kw = keyword(call, spec.act_kw)
        value = kw.value if kw is not None else argument(call, spec.act_pos, None)
        if value is None:
            if spec.act_default:
                op.act, op.act_node = spec.act_default, call
            return
        op.act = self.activation_value(value, scope)
        op.act_node = kw if kw is not None else value

    def value_op(self, expr: ast.expr, scope: Scope | None, depth: int = 0) -> Op | None:
        """The layer an expression evaluates to (a construction, a name bound to one, a self attribute)."""
        if depth > LAYER_VALUE_DEPTH:
            return None
        if isinstance(expr, ast.Call):
            return self.construct_op(expr, scope, depth)
        if isinstance(expr, ast.Name) and scope is not None:
            binding, scope = self.values.resolve(expr, scope)
            if binding is not None and binding.value is not None:
                op = self.value_op(binding.value, scope, depth + 1)
                return op.but(hint=op.hint or expr.id) if op is not None else None
            return Op(UNKNOWN, expr, hint=expr.id)
        if _is_self_attr(expr) and scope is not None and scope.class_info is not None:
            return self.attr_op(scope.class_info, expr.attr, depth)
        return None

    def attr_op(self, cls: ClassInfo, attr: str, depth: int = 0) -> Op | None:
        key = (cls.name, attr)
        if key in self._attr_cache:
            return self._attr_cache[key]
        self._attr_cache[key] = None  # recursion guard
        # `self.emb = self.emb.to(device)` (under an `if`, say) moves the same layer: not another value
        values = [(value, method) for value, method in cls.attrs.get(attr, []) if not _same_attr_moved(value, attr)]
        ops = [self.value_op(value, self.index.scope(method), depth + 1) for value, method in values]
        ops = [op for op in ops if op is not None]
        if ops and all(op.kind == ops[0].kind and op.act == ops[0].act for op in ops):
            # the attribute's name says what a layer is for (`self.v`, `self.attn`, `self.bn1`)
            result = ops[0].but(hint=attr if ops[0].kind == UNKNOWN else (ops[0].hint or attr))
        else:  # assigned nothing we know, or different layers on different paths
            result = Op(UNKNOWN, cls.node, hint=attr)
        self._attr_cache[key] = result
        return result

    # -- containers -----------------------------------------------------------
    def container_elements(self, call: ast.Call, scope: Scope | None, depth: int = 0) -> list[Op] | None:
        exprs = self.element_exprs(call, scope)
        if exprs is None:
            return None
        return [self.element_op(e, scope, depth) for e in exprs]

    def element_op(self, expr: ast.expr, scope: Scope | None, depth: int = 0) -> Op:
        op = self.value_op(expr, scope, depth + 1) if depth < LAYER_VALUE_DEPTH else None
        if op is None:
            return Op(UNKNOWN, expr)
        op = op.but(node=expr)
        if op.kind == ACT and op.act:
            op.act_node = expr
        return op

    def element_exprs(self, call: ast.Call, scope: Scope | None) -> list[ast.expr] | None:
        """The expressions of a Sequential's elements, in order; None when not statically known."""
        args = list(call.args)
        layers_kw = keyword(call, "layers")
        if layers_kw is not None:
            args = [layers_kw.value]
        if len(args) == 1:
            only = args[0]
            if isinstance(only, ast.Starred):
                return self.list_value(only.value, scope)
            if isinstance(only, (ast.List, ast.Tuple)):
                return self._flatten_elements(only.elts, scope)
            if isinstance(only, ast.Call) and isinstance(only.func, (ast.Name, ast.Attribute)):
                name = only.func.id if isinstance(only.func, ast.Name) else only.func.attr
                if name == "OrderedDict" and only.args and isinstance(only.args[0], (ast.List, ast.Tuple)):
                    pairs = only.args[0].elts
                    if all(isinstance(p, ast.Tuple) and len(p.elts) == 2 for p in pairs):
                        return [p.elts[1] for p in pairs]
                    return None
            if isinstance(only, ast.Dict):
                return list(only.values)
            record = frameworks.record_of(self.index.qualify(call.func))
            if isinstance(only, ast.Name) and record is not None and record.sequential_takes_list:
                return self.list_value(only, scope)
        if any(isinstance(a, ast.Starred) for a in args):
            return None
        return args

    def _flatten_elements(self, elts: list[ast.expr], scope: Scope | None) -> list[ast.expr] | None:
        result = []
        for element in elts:
            if isinstance(element, ast.Starred):
                inner = self.list_value(element.value, scope)
                if inner is None:
                    return None
                result.extend(inner)
            else:
                result.append(element)
        return result

    def list_value(self, expr: ast.expr, scope: Scope | None) -> list[ast.expr] | None:
        """Elements of a list built in straight-line code: a literal, then appends/extends/`+=`.

        Appends inside a loop count (once, in order); a list changed under a branch is not followed.
        """
        if isinstance(expr, (ast.List, ast.Tuple)):
            return self._flatten_elements(expr.elts, scope)
        if not isinstance(expr, ast.Name) or scope is None:
            return None
        binding, where = self.values.resolve(expr, scope)
        # a module-level list read in a function: its appends may run before or after the call
        if binding is None or where is not scope or not isinstance(binding.value, (ast.List, ast.Tuple)):
            return None
        items = self._flatten_elements(binding.value.elts, scope)
        if items is None:
            return None
        for load in scope.uses_of(binding):
            if position(load) >= position(expr):
                break
            parent = self.index.parents.get(load)
            growth = None
            if isinstance(parent, ast.Attribute) and parent.attr in ("append", "extend", "insert"):
                call = self.index.parents.get(parent)
                if not isinstance(call, ast.Call) or not call.args:
                    return None
                if parent.attr == "append":
                    growth = [call.args[0]]
                elif parent.attr == "extend":
                    growth = self.list_value(call.args[0], scope)
                else:
                    return None
            elif isinstance(parent, ast.AugAssign) and parent.target is load:
                growth = self.list_value(parent.value, scope)
            else:
                continue
            if growth is None or self._under_branch(load, scope):
                return None
            items.extend(growth)
        # `+=` rebinds the name; those loads are Store context so look at AugAssign bindings too
        for other in scope.bindings.get(expr.id, ()):
            if isinstance(other.stmt, ast.AugAssign) and other.effective < position(expr) and other.effective > binding.effective:
                growth = self.list_value(other.stmt.value, scope)
                if growth is None or self._under_branch(other.stmt, scope):
                    return None
                items.extend(growth)
        return items

    def _under_branch(self, node: ast.AST, scope: Scope) -> bool:
        current = self.index.parents.get(node)
        while current is not None and current is not scope.node:
            if isinstance(current, (ast.If, ast.IfExp, ast.Try, ast.While, ast.Match)):
                return True
            current = self.index.parents.get(current)
        return False

    # -- applications ---------------------------------------------------------
    def application(self, call: ast.Call, scope: Scope | None) -> Op | None:
        """The op a call applies to a value (with `.input` set), or None when the call is not an application."""
        func = call.func
        qual = self.index.qualify(func)
        if qual is None and isinstance(func, ast.Attribute) and not _is_self_attr(func):
            method = func.attr
            if method in frameworks.TENSOR_ACTIVATIONS:
                act = frameworks.TENSOR_ACTIVATIONS[method]
                return Op(ACT, call, act=act, act_node=call, input=func.value)
            if method in frameworks.TENSOR_PASS_METHODS:
                return Op(PASS, call, input=func.value)
        if qual is None and isinstance(func, ast.Attribute) and func.attr in frameworks.MODULE_APPLY_METHODS \
                and len(call.args) >= 2:
            # flax: `Model().apply({"params": p}, x)` runs the module on x
            owner = self.value_op(func.value, scope)
            record = frameworks.record_named(owner.cls.framework) if owner is not None and owner.cls is not None else None
            if record is not None and owner.kind == USER and record.module_apply_method == func.attr:
                return owner.but(node=call, input=call.args[1])
        spec = frameworks.layer_spec(qual)
        if spec is not None:
            if not spec.applies:
                return None
            op = Op(spec.kind, call, spec=spec, construct=call, qual=qual)
            self._fuse_activation(op, call, scope)
            op.input = argument(call, spec.input_pos, None)
            if op.input is None:
                for name in _INPUT_KEYWORDS:
                    kw = keyword(call, name)
                    if kw is not None:
                        op.input = kw.value
                        break
            return op
        layer = None
        if isinstance(func, ast.Call):
            layer = self.construct_op(func, scope)
        elif isinstance(func, (ast.Name, ast.Attribute)) and (
            _is_self_attr(func) or isinstance(func, ast.Name)
        ):
            if isinstance(func, ast.Name) and (func.id in self.index.functions or func.id in self.index.classes):
                return Op(UNKNOWN, call, hint=func.id)
            layer = self.value_op(func, scope)
        if layer is None:
            return None
        op = layer.but(node=call, input=call.args[0] if call.args else None)
        if op.kind == ACT and op.act:
            op.act_node = call
        return op

    def trace_back(self, expr: ast.expr | None, scope: Scope, depth: int = 0) -> list[Op]:
        """Ops that produced a value, from the last one backwards, until a learned layer or the unknown."""
        chain: list[Op] = []
        while expr is not None and len(chain) < CHAIN_LENGTH:
            if isinstance(expr, ast.Name):
                if self.values.is_parameter(expr, scope):
                    chain.append(Op(PARAM, expr, hint=expr.id))
                    break
                binding, where = self.values.resolve(expr, scope)
                if binding is not None and isinstance(binding.stmt, ast.AugAssign):
                    chain.append(Op(ARITH, binding.stmt))  # `out += identity`: a residual sum
                    break
                if binding is not None and binding.value is None and depth < HELPER_DEPTH:
                    element = self._returned_element(binding, where)  # `pred, aux = model(x)`
                    if element is not None:
                        expr, scope = element
                        depth += 1
                        continue
                if binding is None or binding.value is None:
                    chain.append(Op(UNKNOWN, expr, hint=expr.id))
                    break
                expr, scope = binding.value, where
                continue
            if _is_self_attr(expr) and scope.class_info is not None:
                # `self.pred` computed in another method (TF1 graph classes): follow its one assignment
                assigned = self.values.self_attribute(expr, scope)
                if assigned is not None and not self._builds_object(assigned.expr):
                    expr, scope = assigned.expr, assigned.scope
                    continue
                chain.append(Op(UNKNOWN, expr, hint=expr.attr))
                break
            if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and depth < HELPER_DEPTH:
                inlined = self._through_helper(expr, scope, depth)
                if inlined is not None:
                    ops, expr, scope = inlined
                    chain.extend(ops)
                    if expr is not None:
                        continue
                    break
            if isinstance(expr, ast.BinOp) or isinstance(expr, ast.Call) and len(expr.args) == 2 \
                    and self.index.qualify(expr.func) in frameworks.ADD_FUNCTIONS:
                special = self._binop(expr, scope, depth)
                if special is None:
                    chain.append(Op(ARITH, expr))
                    break
                op, expr = special
                chain.append(op)
                if op.kind in (ACT, PASS):
                    continue
                break
            if isinstance(expr, ast.Call) and self.index.qualify(expr.func) in frameworks.LOG_FUNCTIONS and expr.args:
                inner = self.trace_back(expr.args[0], scope, depth + 1)
                head = next((o for o in inner if o.kind != PASS), None)
                if head is not None and head.kind == ACT and head.act in ("softmax", "sigmoid"):
                    act = "log_softmax" if head.act == "softmax" else "logsigmoid"
                    chain.append(Op(ACT, expr, act=act, act_node=expr))
                    chain.extend(inner[inner.index(head) + 1:])
                else:
                    chain.append(Op(UNKNOWN, expr))
                break
            if not isinstance(expr, ast.Call):
                chain.append(Op(UNKNOWN, expr))
                break
            op = self.application(expr, scope)
            if op is None:
                chain.append(Op(UNKNOWN, expr))
                break
            if op.kind == CONTAINER:
                if op.elements is None:
                    chain.append(Op(UNKNOWN, expr))
                    break
                stopped = False
                for element in reversed(op.elements):
                    chain.append(element)
                    if element.kind not in (ACT, PASS) or element.kind == ACT and element.act is None:
                        stopped = True
                        break
                if stopped:
                    break
                expr = op.input
                continue
            if op.kind == USER and op.cls is not None and depth < HELPER_DEPTH:
                inner = self.class_output_chains(op.cls, depth + 1)
                if len(inner) == 1:
                    chain.extend(inner[0])
                else:
                    chain.append(op)
                break
            chain.append(op)
            if op.kind in (ACT, PASS):
                expr = op.input
                continue
            break
        return chain

    def _returned_element(self, binding, scope: Scope):
        """`validity, label = discriminator(imgs)`: when a module class of this file returns a tuple, the element
        at the unpacked position, in its forward's scope."""
        source, path = binding.source, binding.path
        if not (isinstance(source, ast.Call) and len(path) == 1 and isinstance(path[0], int)):
            return None
        op = self.application(source, scope)
        if op is None or op.kind != USER or op.cls is None or op.cls.forward is None:
            return None
        forward = op.cls.forward
        returned = self.values.returned(forward)
        if not isinstance(returned, ast.Tuple) or any(isinstance(e, ast.Starred) for e in returned.elts) \
                or not -len(returned.elts) <= path[0] < len(returned.elts):
            return None
        return returned.elts[path[0]], self.index.scope(forward)

    def _builds_object(self, value: ast.AST) -> bool:
        """Does this value build a layer or module object (rather than compute a tensor)?"""
        if not isinstance(value, ast.Call):
            return False
        spec = frameworks.layer_spec(self.index.qualify(value.func))
        if spec is not None:
            return not spec.applies
        return isinstance(value.func, ast.Name) and value.func.id in self.index.classes

    def _through_helper(self, call: ast.Call, scope: Scope, depth: int):
        """`dense_block(h, 10)` where the module defines `dense_block`: the ops of what it returns, then
        (when that reaches one of its parameters) the caller's argument to keep tracing."""
        helper = self.values.called_function(call)
        if helper is None:
            return None
        returned = self.values.returned(helper)
        if returned is None:
            return None
        arguments = self.values.arguments(helper, call)
        self._arguments[helper] = {name: (arguments.given(name), scope) for name in arguments.names
                                   if arguments.given(name) is not None}
        try:
            ops = self.trace_back(returned, self.index.scope(helper), depth + 1)
        finally:
            self._arguments.pop(helper, None)
        if ops and ops[-1].kind == PARAM:
            argument_expr = arguments.given(ops[-1].hint)
            if argument_expr is not None:
                return ops[:-1], argument_expr, scope
        return ops, None, scope

    def _binop(self, node: ast.BinOp | ast.Call, scope: Scope, depth: int) -> tuple[Op, ast.expr | None] | None:
        """Arithmetic that is really a layer or an activation: `x @ W + b`, `tf.matmul(x, W) + b` (or
        `tf.add(tf.matmul(x, W), b)`), `exp(x) / sum(exp(x))`, `p + 1e-8`. Returns (op, the value it consumes) or
        None for plain arithmetic."""
        if isinstance(node, ast.Call):  # `tf.add(a, b)`
            operator, left, right = ast.Add(), node.args[0], node.args[1]
        else:
            operator, left, right = node.op, node.left, node.right
        if isinstance(operator, ast.MatMult):
            return Op("dense", node), None
        if isinstance(operator, (ast.Add, ast.Sub)):
            for side, other in ((left, right), (right, left)):
                if isinstance(other, ast.Constant) and isinstance(other.value, (int, float)):
                    return Op(PASS, node, input=side), side
            for side in (left, right):
                if isinstance(side, ast.BinOp) and isinstance(side.op, ast.MatMult):
                    return Op("dense", node), None
                if isinstance(side, ast.Call):
                    applied = self.application(side, scope)
                    if applied is not None and applied.kind in ("dense", "conv") and applied.spec is not None \
                            and applied.spec.applies and applied.act is None:
                        return Op(applied.kind, node), None
        if isinstance(operator, ast.Div) and isinstance(left, ast.Call) and left.args:
            if self.index.qualify(left.func) in frameworks.EXP_FUNCTIONS and _mentions_exp(self.index, right):
                return Op(ACT, node, act="softmax", act_node=node, input=left.args[0]), left.args[0]
        return None

    def class_output_chains(self, cls: ClassInfo, depth: int = 0) -> list[list[Op]]:
        """One backward chain per `return` of a module class's forward/call."""
        forward = cls.forward
        if forward is None:
            return []
        scope = self.index.scope(forward)
        chains = []
        for node in ast.walk(forward):
            if isinstance(node, ast.Return) and node.value is not None and self.index.enclosing_function(node) is forward:
                chains.append(self.trace_back(node.value, scope, depth))
        return chains

    # -- consumers ------------------------------------------------------------
    def forward_paths(self, node: ast.AST, scope: Scope, depth: int = 0) -> list[list[Op]]:
        """The ops that consume the value of `node`, each path following parameter-free steps,
        activations and norms until something else (a learned layer, the output, arithmetic, the unknown)."""
        if depth > CONSUMER_DEPTH:
            return [[Op(UNKNOWN, node)]]
        parent = self.index.parents.get(node)
        if isinstance(parent, (ast.List, ast.Tuple)):
            holder = self.index.parents.get(parent)
            if isinstance(holder, ast.keyword):
                holder = self.index.parents.get(holder)
            if self._is_model_call(holder):
                return [[Op(OUTPUT, parent)]]
        if isinstance(parent, ast.keyword) and self._is_model_call(self.index.parents.get(parent)):
            return [[Op(OUTPUT, parent)]]
        if isinstance(parent, ast.Call) and node is not parent.func and self._is_model_call(parent):
            return [[Op(OUTPUT, parent)]]
        if isinstance(parent, ast.Call) and node is not parent.func:
            op = self.application(parent, scope)
            if op is None or op.input is not node:
                return self._into_helper(parent, node, depth) or [[Op(UNKNOWN, parent)]]
            return self._continue(op, parent, scope, depth)
        if isinstance(parent, ast.keyword):
            call = self.index.parents.get(parent)
            if isinstance(call, ast.Call):
                op = self.application(call, scope)
                if op is not None and op.input is node:
                    return self._continue(op, call, scope, depth)
            return [[Op(UNKNOWN, parent)]]
        if isinstance(parent, ast.Attribute) and parent.value is node:
            call = self.index.parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                op = self.application(call, scope)
                if op is not None and op.input is node:
                    return self._continue(op, call, scope, depth)
            return [[Op(UNKNOWN, parent)]]
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) == 1 and _is_self_attr(targets[0]) and scope.class_info is not None:
                # `self.hidden = tanh(...)` in a graph-building class: wherever `self.hidden` is read
                paths = []
                for load in self.values.self_attribute_reads(scope.class_info, targets[0].attr):
                    paths.extend(self.forward_paths(load, self.index.scope_of(load), depth + 1))
                return paths or [[Op(UNKNOWN, parent)]]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                binding = self.values.binding_of(parent, targets[0].id)
                if binding is None:
                    return [[Op(UNKNOWN, parent)]]
                uses = scope.may_use(binding)
                if not uses:
                    return [[Op(UNKNOWN, parent)]]
                paths = []
                for use in uses:
                    paths.extend(self.forward_paths(use, scope, depth + 1))
                return paths
            return [[Op(UNKNOWN, parent)]]
        if isinstance(parent, ast.Return):
            return self._returned(parent, scope, depth)
        if isinstance(parent, ast.BinOp):
            return [[Op(ARITH, parent)]]
        return [[Op(UNKNOWN, parent if parent is not None else node)]]

    def _into_helper(self, call: ast.Call, node: ast.AST, depth: int) -> list[list[Op]] | None:
        """A value passed to a module-level helper (`decoder(encoder(x))`): where the helper uses that parameter."""
        helper = self.index.functions.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if helper is None or depth >= CALLER_DEPTH:
            return None
        position = next((i for i, arg in enumerate(call.args) if arg is node), None)
        if position is None or any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            return None
        names = [a.arg for a in helper.args.posonlyargs + helper.args.args]
        if position >= len(names):
            return None
        helper_scope = self.index.scope(helper)
        paths = []
        for load in helper_scope.loads.get(names[position], ()):
            if helper_scope.reaching(load) is None:  # the parameter itself, not a rebinding of its name
                paths.extend(self.forward_paths(load, helper_scope, depth + 1))
        return paths or None

    def _returned(self, ret: ast.Return, scope: Scope, depth: int) -> list[list[Op]]:
        """A value returned by a helper method flows on where `self.helper(...)` is used; returned by
        forward(), it is the module's output (an OUTPUT op whose hint names the class)."""
        func = self.index.enclosing_function(ret)
        if isinstance(self.index.parents.get(func), (ast.FunctionDef, ast.AsyncFunctionDef)):
            return [[Op(UNKNOWN, ret)]]  # returned by a nested function (a closure): not followed
        cls = scope.class_info
        if cls is not None and isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and func is not cls.forward:
            callers = self.values.callers(func)
            if callers and depth < CALLER_DEPTH:
                paths = []
                for caller in callers:
                    paths.extend(self.forward_paths(caller, self.index.scope_of(caller), depth + 1))
                return paths
        if cls is None and depth < CALLER_DEPTH and self.values.module_function(func):
            # a module-level helper (`def conv_bn(x): return Conv2D(...)(x)`): the value goes on at its callers
            callers = self.values.callers(func)
            if callers:
                paths = []
                for caller in callers:
                    paths.extend(self.forward_paths(caller, self.index.scope_of(caller), depth + 1))
                return paths
        hint = cls.name if cls is not None and func is cls.forward else ""
        return [[Op(OUTPUT, ret, hint=hint)]]

    def _is_model_call(self, node: ast.AST | None) -> bool:
        """`keras.Model(inputs, outputs)`: what flows in as outputs is the model's output."""
        if not isinstance(node, ast.Call):
            return False
        spec = frameworks.layer_spec(self.index.qualify(node.func))
        return spec is not None and spec.kind == "model"

    def _continue(self, op: Op, call: ast.Call, scope: Scope, depth: int) -> list[list[Op]]:
        if op.kind == CONTAINER and op.elements:
            path = list(op.elements)
            first_stop = next((i for i, e in enumerate(path) if e.kind not in (ACT, PASS, NORM)), None)
            if first_stop is not None:
                return [path[: first_stop + 1]]
            return [path + rest for rest in self.forward_paths(call, scope, depth + 1)]
        if op.kind in (ACT, PASS, NORM) and not op.is_learned:
            return [[op] + rest for rest in self.forward_paths(call, scope, depth + 1)]
        return [[op]]

    def applications_of_attr(self, cls: ClassInfo, attr: str) -> list[tuple[ast.Call, Scope]]:
        """`self.<attr>(...)` calls inside the class (grouped by class once per module)."""
        by_class = self.__dict__.get("_self_calls")
        if by_class is None:
            by_class = self.__dict__["_self_calls"] = {}
            for name, calls in self.index.calls_by_self_method.items():
                for call in calls:
                    owner = self.index.class_of(call)
                    by_class.setdefault((id(owner), name), []).append(call)
        return [(call, self.index.scope_of(call)) for call in by_class.get((id(cls), attr), ())]


def _is_self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _same_attr_moved(value: ast.AST, attr: str) -> bool:
    """`self.<attr>.to(device)`, `self.<attr>.cuda()`: the attribute's own layer, moved or cast."""
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
        and value.func.attr in frameworks.TENSOR_PASS_METHODS and _is_self_attr(value.func.value) \
        and value.func.value.attr == attr


def _mentions_exp(index: ModuleIndex, node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and index.qualify(n.func) in frameworks.EXP_FUNCTIONS for n in ast.walk(node))


def flatten_containers(ops: list[Op]) -> list[Op]:
    """A Sequential used as an element is its elements, in order."""
    flat = []
    for op in ops:
        if op.kind == CONTAINER and op.elements:
            flat.extend(flatten_containers(op.elements))
        else:
            flat.append(op)
    return flat
