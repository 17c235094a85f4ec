"""How a model takes its input: what its first layer does with the values it is given (NN701–NN703).

Followed with the model rules' own flow (`Flow.forward_paths`, a Sequential's elements): from a model's
input (a Sequential's first element, a Keras `Input`, the first parameter of `forward`/`call`, a TF1
placeholder) to the first layer that is not a parameter-free step. A learned layer (dense, convolution,
recurrent) takes raw values as they are; a model whose first layer rescales or normalises (Rescaling,
Normalization, BatchNorm, arithmetic in `forward`) or looks ids up (Embedding) needs no scaling step.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .. import frameworks
from ..frameworks import data as records
from ..frameworks.data import EMBEDS, LEARNED_INPUT, NORMALIZES, RANGE
from ..frameworks.spec import ACT, CONTAINER, EMBEDDING, INPUT, LEARNED, MODEL, NORM, PASS
from .budgets import MODEL_INPUT_DEPTH
from .flow import ARITH, USER, Op, flatten_containers



@dataclass(frozen=True)
class InputLayer:
    #: LEARNED_INPUT, NORMALIZES, EMBEDS, or None when nnlint cannot tell
    kind: str | None
    #: the first layer, when it rescales 0–255 onto a fixed range (a `Rescaling(1/255)` layer): NN703
    rescaling: ast.AST | None = None


UNKNOWN_INPUT = InputLayer(None)


class ModelInputs:
    def __init__(self, index, flow, data):
        self.index = index
        self.values = index.values
        self.flow = flow
        self.data = data
        self._classes: dict[ast.AST, InputLayer] = {}

    def of_model(self, model) -> InputLayer:
        """`model`: an `analysis.models.Model`."""
        if model.kind == "sequential":
            return self._of_ops(model.elements or [], self.index.scope_of(model.node))
        if model.kind == "functional":
            return self._of_functional(model.node)
        if model.kind == "class" and model.cls is not None:
            return self.of_class(model.cls, 0)
        return UNKNOWN_INPUT

    def model_construction(self, expr: ast.AST, scope, depth: int = 0) -> ast.Call | None:
        """The call that builds the model an expression holds: a container (`nn.Sequential(...)`), a Keras
        `Model(...)`, an instance of a module class of this file, a ready-made architecture — also through
        a build function of the module (`model = build_model()`)."""
        value = expr if isinstance(expr, ast.Call) else self.values.value(expr, scope)
        if not isinstance(value, ast.Call) or depth > MODEL_INPUT_DEPTH:
            return None
        qual = self.data.qualify(value.func, scope)
        spec = frameworks.layer_spec(qual)
        if spec is not None and spec.kind in (CONTAINER, MODEL) or records.architecture_input(qual) is not None:
            return value
        if isinstance(value.func, ast.Name):
            cls = self.index.classes.get(value.func.id)
            if cls is not None:
                return value if cls.is_module else None
            builder = self.index.functions.get(value.func.id)
            if builder is not None:
                returned = self.values.returned(builder)
                return self.model_construction(returned, self.index.scope(builder), depth + 1) \
                    if returned is not None else None
        return None

    def is_torch_model(self, call: ast.Call) -> bool:
        qual = self.data.qualify(call.func, None)
        if qual is not None:
            return frameworks.framework_of(qual) == "torch" and (
                getattr(frameworks.layer_spec(qual), "kind", None) == CONTAINER) or qual.startswith("torchvision.models.")
        cls = self.index.classes.get(call.func.id) if isinstance(call.func, ast.Name) else None
        return cls is not None and cls.is_module and cls.framework == "torch"

    def of_construction(self, call: ast.Call | None, scope) -> InputLayer:
        """How the model a construction builds takes its input (see `model_construction`)."""
        if call is None:
            return UNKNOWN_INPUT
        qual = self.data.qualify(call.func, scope)
        kind = records.architecture_input(qual)
        if kind is not None:
            return InputLayer(kind)
        spec = frameworks.layer_spec(qual)
        if spec is not None and spec.kind == CONTAINER:
            op = self.flow.construct_op(call, scope)
            return self._of_ops(op.elements or [], scope) if op is not None else UNKNOWN_INPUT
        if spec is not None and spec.kind == MODEL:
            return self._of_functional(call)
        cls = self.index.classes.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if cls is not None and cls.is_module:
            return self.of_class(cls, 0)
        return UNKNOWN_INPUT

    def of_class(self, cls, depth: int) -> InputLayer:
        if cls.node in self._classes:
            return self._classes[cls.node]
        self._classes[cls.node] = UNKNOWN_INPUT  # recursion guard
        result = UNKNOWN_INPUT
        forward = cls.forward
        if forward is not None and depth <= MODEL_INPUT_DEPTH:
            parameters = forward.args.posonlyargs + forward.args.args
            if len(parameters) >= 2:
                scope = self.index.scope(forward)
                name = parameters[1].arg
                loads = [n for n in scope.loads.get(name, ()) if self.values.is_parameter(n, scope)]
                result = self._combine([self.of_tensor(load, scope, depth) for load in loads])
        self._classes[cls.node] = result
        return result

    def of_tensor(self, node: ast.AST, scope, depth: int = 0) -> InputLayer:
        """The first layers the value of `node` goes through (a placeholder, an `Input`, a parameter)."""
        paths = self.flow.forward_paths(node, scope)
        # a placeholder is also a key of the feed_dicts that fill it: that is not a layer it feeds
        paths = [path for path in paths if not (len(path) == 1 and isinstance(path[0].node, ast.Dict))]
        return self._combine([self._of_ops(path, scope, depth) for path in paths])

    def _of_functional(self, call: ast.Call) -> InputLayer:
        scope = self.index.scope_of(call)
        inputs = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "inputs"), None)
        value = self.values.value(inputs, scope) if isinstance(inputs, ast.Name) else inputs
        items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        found = []
        for item in items:
            resolved = self.values.value_in(item, scope) if isinstance(item, ast.Name) else None
            node, where = (resolved.expr, resolved.scope) if resolved is not None else (item, scope)
            if not isinstance(node, ast.Call):
                return UNKNOWN_INPUT
            found.append(self.of_tensor(node, where))
        return self._combine(found)

    def _of_ops(self, ops: list[Op], scope, depth: int = 0) -> InputLayer:
        for op in flatten_containers(ops):
            kind = self._classify(op, scope, depth)
            if kind is not None:
                return kind
        return UNKNOWN_INPUT

    def _classify(self, op: Op, scope, depth: int) -> InputLayer | None:
        """What one op does with the model's input; None for a step that passes the values on."""
        construct = self._construction(op, scope)
        if construct is not None:
            qual = self.data.qualify(construct.func, scope)
            layer = records.NORMALIZING_LAYERS.get(qual)
            if layer is not None:
                rescales = self.data.transform_steps(qual, construct, scope)
                rescaling = construct if rescales and rescales[0].kind == RANGE else None
                return InputLayer(NORMALIZES, rescaling)
            if qual in records.ID_LAYERS:
                return InputLayer(EMBEDS)
            if qual in records.PASSING_LAYERS:
                return None
            architecture = records.architecture_input(qual)
            if architecture is not None:
                return InputLayer(architecture)
        if op.kind == EMBEDDING:
            return InputLayer(EMBEDS)
        if op.kind in LEARNED:
            return InputLayer(LEARNED_INPUT)
        if op.kind in (NORM, ARITH):
            return InputLayer(NORMALIZES)  # normalised, or computed on, inside the model
        if op.kind in (PASS, ACT, INPUT):
            return None
        if op.kind == USER and op.cls is not None:
            return self.of_class(op.cls, depth + 1)
        if op.kind == CONTAINER and op.elements:
            return self._of_ops(op.elements, scope, depth)
        return UNKNOWN_INPUT

    def _construction(self, op: Op, scope) -> ast.Call | None:
        if op.construct is not None:
            return op.construct
        node = op.node
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call):
            return node.func  # `Rescaling(1/255)(x)`
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) \
                and self.data.qualify(node.func, scope) is None:
            value = self.values.value(node.func, scope)  # `self.rescale(x)`, `norm(x)`
            if isinstance(value, ast.Call):
                return value
        if isinstance(node, ast.Call):
            return node  # a Sequential element
        if isinstance(node, ast.Name):
            value = self.values.value(node, scope)
            return value if isinstance(value, ast.Call) else None
        return None

    @staticmethod
    def _combine(found: list[InputLayer]) -> InputLayer:
        """Several first layers (an input used twice, several callers): learned only if all are."""
        if not found:
            return UNKNOWN_INPUT
        for kind in (NORMALIZES, EMBEDS):
            for layer in found:
                if layer.kind == kind:
                    return layer
        if all(layer.kind == LEARNED_INPUT for layer in found):
            return found[0]
        return UNKNOWN_INPUT
