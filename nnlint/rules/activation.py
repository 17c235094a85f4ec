"""NN111: saturating nonlinearities between hidden layers."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from .. import frameworks
from ..analysis.builders import builder_output
from ..analysis.consumers import Consumers
from ..analysis.flow import Op
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from ..frameworks.spec import ACT, BIASED, CONTAINER, NORM, PASS, SATURATING
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet

_ATTENTION = re.compile(r"attn|attention|score|energy|align|gate|(^|_)v$|query|key", re.IGNORECASE)


def _first_effective(ops: list[Op]) -> Op | None:
    return next((op for op in ops if op.kind not in (PASS, NORM)), None)


@register
class HiddenSaturatingActivation(Rule):
    """## What it does
    Flags sigmoid or tanh used as the nonlinearity between hidden feed-forward or convolution layers:
    applied to a learned layer's output that feeds another learned layer (the last hidden layer counts).

    ## Why it matters
    ReLU is the default nonlinearity: cheap, and it does not saturate. Sigmoid and tanh squash large
    inputs flat, so their gradients vanish and deep stacks learn slowly or not at all.

    ## Example
    ```python
    nn.Sequential(nn.Linear(784, 256), nn.Sigmoid(), nn.Linear(256, 10))
    ```

    ## Use instead
    ```python
    nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    ```
    Recurrent cells, gates (`x * torch.sigmoid(g)`, squeeze-excitation), attention scoring and the output
    layer are exempt.
    """

    code = "NN111"
    name = "hidden-saturating-activation"
    severity = Severity.INFO
    summary = "sigmoid/tanh between hidden layers"

    valid = [
        Valid(dedent("""
            import torch
            import torch.nn as nn
            class SE(nn.Module):
                def __init__(self, c):
                    super().__init__()
                    self.fc1 = nn.Linear(c, c // 4)
                    self.fc2 = nn.Linear(c // 4, c)
                def forward(self, x):
                    return x * torch.sigmoid(self.fc2(torch.relu(self.fc1(x))))
        """)),
        Valid(dedent("""
            import torch.nn as nn
            head = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(784, 256), nn.Sigmoid(), nn.Linear(256, 10))
        """), at=((2, 44),)),
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
            model.compile(loss="mse")
        """), at=((2, 50),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        self._facts = facts
        index, flow = facts.index, facts.flow
        consumers = Consumers(index, flow)
        seen: set[int] = set()

        def report(node: ast.AST, act: str) -> Iterator[Finding]:
            if id(node) not in seen:
                seen.add(id(node))
                yield Finding(node, f"{act} between hidden layers ({snippet(facts, node)}); use ReLU, the default "
                                    f"nonlinearity: {act} saturates and its gradient vanishes through depth")

        for call in index.calls:
            qual = index.qualify(call.func)
            spec = frameworks.layer_spec(qual)
            scope = index.scope_of(call)
            if spec is not None and spec.kind == CONTAINER:
                elements = flow.container_elements(call, scope) or []
                yield from self._in_sequence(elements, report, call, consumers)
                continue
            if spec is not None and spec.kind in BIASED and spec.act_kw:
                op = flow.construct_op(call, scope)
                if op is not None and op.act in SATURATING and not _attention(op.hint):
                    paths = consumers.of_construct(call)
                    if paths and all(self._feeds_layer(path) for path in paths) \
                            and not self._ends_model_feeding_another(call):
                        yield from report(op.act_node, op.act)
                continue
            op = flow.application(call, scope)
            if op is None or op.kind != ACT or op.act not in SATURATING or op.input is None:
                continue
            before = _first_effective(flow.trace_back(op.input, scope))
            if before is None or before.kind not in BIASED or before.act is not None or _attention(before.hint):
                continue
            paths = flow.forward_paths(call, scope)
            if builder_output(facts, call):
                continue  # a network-building function's output (a generator's image), not a hidden layer
            if paths and all(self._feeds_layer(path[1:] if path and path[0] is op else path) for path in paths):
                if not _attention(_assigned_name(index, call)):
                    yield from report(call, op.act)
        for model in facts.models:
            if model.elements and model.kind == "sequential":
                yield from self._in_sequence(model.elements, report, model.node, consumers)

    def _in_sequence(self, elements: list[Op], report, container: ast.AST, consumers: Consumers) -> Iterator[Finding]:
        for i, element in enumerate(elements):
            if element.kind != ACT or element.act not in SATURATING:
                continue
            before = _first_effective(list(reversed(elements[:i])))
            if before is None or before.kind not in BIASED or before.act is not None:
                continue
            after = _first_effective(elements[i + 1:])
            if after is not None:
                feeds = after.kind in BIASED and not _attention(after.hint)
            elif isinstance(container, ast.Call):  # the last element: what consumes the whole Sequential
                paths = consumers.of_construct(container)
                feeds = bool(paths) and all(self._feeds_layer(path) for path in paths) \
                    and not _feeds_another_model(self._facts, container)
            else:
                feeds = False
            if feeds:
                yield from report(element.act_node or element.node, element.act)

    def _ends_model_feeding_another(self, layer: ast.Call) -> bool:
        """The layer is the last learned element of a Sequential that is another model's input (a generator's
        `Dense(784, activation="sigmoid")` before a `Reshape`)."""
        facts = self._facts
        holder = facts.index.parents.get(layer)
        container = facts.index.parents.get(holder) if isinstance(holder, (ast.List, ast.Tuple)) else holder
        elements = holder.elts if isinstance(holder, (ast.List, ast.Tuple)) else getattr(holder, "args", None)
        if not isinstance(container, ast.Call) or elements is None:
            return False
        spec = frameworks.layer_spec(facts.index.qualify(container.func))
        if spec is None or spec.kind != CONTAINER:
            return False
        scope = facts.index.scope_of(container)
        position = next((i for i, e in enumerate(elements) if e is layer), None)
        if position is None or any(facts.flow.element_op(e, scope).kind not in (PASS, ACT, NORM)
                                   for e in elements[position + 1:]):
            return False
        return _feeds_another_model(facts, container)

    @staticmethod
    def _feeds_layer(path: list[Op]) -> bool:
        first = _first_effective(path)
        return first is not None and first.kind in BIASED and not _attention(first.hint)


def _feeds_another_model(facts: ModuleFacts, container: ast.Call) -> bool:
    """A Sequential whose output is another model's input: a GAN's generator in `Sequential([generator,
    discriminator])` or `discriminator(generator(z))`, where the discriminator is trained on its own. Its last
    activation is a model's output (the generated image), not a hidden layer's."""
    index = facts.index
    parent = index.parents.get(container)
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return False
    name = parent.targets[0].id
    trained = _trained_on_their_own(facts)
    for load in index.name_loads.get(name, ()):
        holder = index.parents.get(load)
        if isinstance(holder, (ast.List, ast.Tuple)):
            position = next(i for i, e in enumerate(holder.elts) if e is load)
            following = holder.elts[position + 1:position + 2]
            if following and isinstance(following[0], ast.Name) and following[0].id in trained:
                return True
        if isinstance(holder, ast.Call) and holder.func is load:
            consumer = index.parents.get(holder)
            if isinstance(consumer, ast.Call) and holder in consumer.args and isinstance(consumer.func, ast.Name) \
                    and consumer.func.id in trained:
                return True
    return False


def _trained_on_their_own(facts: ModuleFacts) -> set[str]:
    """Names of models compiled, fit or given to an optimizer in this file (computed once per module)."""
    cached = facts.__dict__.get("_trained_on_their_own")
    if cached is not None:
        return cached
    names = facts.__dict__["_trained_on_their_own"] = set()
    for call in facts.index.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in api.TRAIN_MODE_METHODS and isinstance(func.value, ast.Name):
            names.add(func.value.id)
    for optimizer in facts.training.optimizers:
        for node in ast.walk(optimizer.call):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in api.PARAMETER_ITERATORS and isinstance(node.func.value, ast.Name):
                names.add(node.func.value.id)
    return names


def _attention(name: str | None) -> bool:
    return bool(name) and bool(_ATTENTION.search(name))


def _assigned_name(index, call: ast.Call) -> str:
    parent = index.parents.get(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return ast.unparse(parent.targets[0])
    return ""
