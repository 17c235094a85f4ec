"""Where inputs meet a model: the training and evaluation calls of a file (NN701, NN702).

Keras `fit`/`train_on_batch` and `evaluate`/`predict` on a model nnlint resolves; a `validation_data=`
tuple; a torch `TensorDataset`/`tf.data.Dataset.from_tensor_slices` of training (or evaluation) data; a
torch forward pass in a loop that calls `backward()` (training) or under `torch.no_grad()`/after
`model.eval()` (evaluation); a TF1 `feed_dict` entry of a run that fetches a train op (or not). Each sink
says what model its inputs go to, so the rules can ask how that model takes them (`inputs.py`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cached_property

from .. import frameworks
from ..frameworks import data as records
from ..frameworks import methods as api
from ..frameworks.data import EMBEDS, LEARNED_INPUT, NORMALIZES
from ..frameworks.spec import CONTAINER, MODEL
from .inputs import UNKNOWN_INPUT, InputLayer, ModelInputs
from .values import argument, keyword

TRAINING, EVALUATION = "training", "evaluation"

#: a name that starts with an evaluation term: `val_loader`, `testX`, `x_test`, `X_valid`, `evaluate()`
EVALUATION_NAME = re.compile(r"(?<![a-z])(val(?!ue)|test|eval|infer|predict|holdout|dev(?![a-z]))", re.IGNORECASE)
TRAINING_NAME = re.compile(r"(?<![a-z])(train|tr(?![a-z]))", re.IGNORECASE)


@dataclass(frozen=True)
class Sink:
    kind: str  # TRAINING or EVALUATION
    call: ast.Call  # the training/evaluation call, dataset construction or session run
    value: ast.expr  # the input expression (its origins are what the rules look at)
    where: ast.AST  # where a finding points: the input argument, the feed_dict value
    model: InputLayer  # how the model takes its input
    #: which model (a Model, a construction node); None: "the model(s) of this file"
    model_key: object
    #: how messages name the call ("fit()", "a TensorDataset", "feed_dict")
    label: str
    #: a dataset construction (`TensorDataset`, `from_tensor_slices`): the training call is whatever iterates it
    dataset: bool = False


class Sinks:
    def __init__(self, facts, data):
        self.facts = facts
        self.index = facts.index
        self.values = facts.values
        self.data = data
        self.inputs = ModelInputs(facts.index, facts.flow, data)
        self._wrapping: dict[int, set[int]] = {}  # by id of a model's node, alive as long as the tree

    @cached_property
    def all(self) -> list[Sink]:
        found: list[Sink] = []
        for call in self.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute):
                method = func.attr
                if method in records.TRAINING_METHODS or method in records.EVALUATION_METHODS:
                    found.extend(self._keras(call, method))
                    continue
                if method == records.SESSION_RUN_METHOD and keyword(call, records.FEED_DICT_KEYWORD) is not None:
                    found.extend(self._feed(call))
                    continue
            qual = self.index.qualify(func)
            spec = records.DATASETS.get(qual) if qual else None
            if spec is not None and spec.how in (records.COMPONENTS, records.SLICES):
                sink = self._dataset(call, spec)
                if sink is not None:
                    found.append(sink)
                continue
            sink = self._forward(call)
            if sink is not None:
                found.append(sink)
        return found

    # -- Keras ---------------------------------------------------------------------------------------------
    def _keras(self, call: ast.Call, method: str) -> list[Sink]:
        scope = self.index.scope_of(call)
        receiver = call.func.value
        model_layer, key = self._model(receiver, scope)
        if key is None:
            return []  # not a model nnlint can see (a scikit-learn estimator, a parameter)
        training = method in records.TRAINING_METHODS
        spec = records.TRAINING_METHODS[method] if training else records.EVALUATION_METHODS[method]
        sinks = []
        value = argument(call, *spec)
        if value is not None:
            sinks.append(Sink(TRAINING if training else EVALUATION, call, value, value, model_layer, key,
                              f"{method}()"))
        validation = keyword(call, records.VALIDATION_DATA_KEYWORD) if training else None
        if validation is not None:
            pair = self.values.value(validation.value, scope) if isinstance(validation.value, ast.Name) \
                else validation.value
            if isinstance(pair, (ast.Tuple, ast.List)) and pair.elts:
                sinks.append(Sink(EVALUATION, call, pair.elts[0], pair.elts[0], model_layer, key,
                                  "validation_data"))
        return sinks

    def same_model(self, first: object, second: object) -> bool:
        """Do two sinks' models train and evaluate the same network? The same model, or one wrapping the
        other (`Sequential([model, Softmax()])`, a `Model(model.input, …)` built on it): the wrapper's inputs
        go to the wrapped model's first layer. Unknown models (None) are the file's models: the same."""
        if first is None or second is None or first is second:
            return True
        return bool(self.networks(first) & self.networks(second))

    def networks(self, key: object) -> set[int]:
        """The constructions a model key stands for: its own, and those of the models it wraps."""
        node = getattr(key, "node", key)
        cached = self._wrapping.get(id(node))
        if cached is not None:
            return cached
        found: set[int] = set()
        current = node
        for _ in range(MAX_WRAPPING):
            if current is None or id(current) in found:
                break
            found.add(id(current))
            current = self._wrapped(current) if isinstance(current, ast.Call) else None
        self._wrapping[id(node)] = found
        return found

    def _wrapped(self, construct: ast.Call) -> ast.Call | None:
        """The model a construction wraps: the first element of a container, the model whose `input` a
        functional model is built on."""
        scope = self.index.scope_of(construct)
        spec = frameworks.layer_spec(self.data.qualify(construct.func, scope))
        if spec is None or not construct.args or isinstance(construct.args[0], ast.Starred):
            return None
        first = construct.args[0]
        if spec.kind == CONTAINER:
            if isinstance(first, (ast.List, ast.Tuple)):
                first = first.elts[0] if first.elts else None
        elif spec.kind == MODEL:
            inner = first.elts[0] if isinstance(first, (ast.List, ast.Tuple)) and first.elts else first
            first = inner.value if isinstance(inner, ast.Attribute) and inner.attr in _MODEL_INPUT_ATTRIBUTES else None
        else:
            return None
        if not isinstance(first, ast.Name):
            return None
        return self.inputs.model_construction(first, scope)

    def _model(self, receiver: ast.AST, scope) -> tuple[InputLayer, object]:
        """How the model an expression holds takes its input, and the model's identity (None: unknown)."""
        model = self.facts.training.model_of(receiver, scope)
        if model is not None:
            return self.inputs.of_model(model), model
        construct = self.inputs.model_construction(receiver, scope)
        if construct is None:
            return UNKNOWN_INPUT, None
        return self.inputs.of_construction(construct, self.index.scope_of(construct)), construct

    # -- TF1 ---------------------------------------------------------------------------------------------------
    def _feed(self, call: ast.Call) -> list[Sink]:
        scope = self.index.scope_of(call)
        fetches = argument(call, *records.SESSION_FETCHES)
        kind = TRAINING if self._fetches_train_op(fetches, scope) else EVALUATION
        feed = keyword(call, records.FEED_DICT_KEYWORD).value
        feed = self.values.value(feed, scope) if isinstance(feed, ast.Name) else feed
        if not isinstance(feed, ast.Dict):
            return []
        sinks = []
        for key, value in zip(feed.keys, feed.values):
            if key is None:
                continue
            placeholder = self.values.value_in(key, scope)
            if placeholder is None or not isinstance(placeholder.expr, ast.Call) \
                    or self.data.qualify(placeholder.expr.func, placeholder.scope) not in records.PLACEHOLDERS:
                continue
            layer = self.inputs.of_tensor(placeholder.expr, placeholder.scope)
            sinks.append(Sink(kind, call, value, value, layer, placeholder.expr, "feed_dict"))
        return sinks

    def _fetches_train_op(self, fetches: ast.AST | None, scope) -> bool:
        items = fetches.elts if isinstance(fetches, (ast.List, ast.Tuple)) else [fetches]
        for item in items:
            value = self.values.value(item, scope) if isinstance(item, (ast.Name, ast.Attribute)) else item
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                    and value.func.attr in api.TRAIN_OP_METHODS:
                return True
        return False

    # -- datasets ----------------------------------------------------------------------------------------------
    def _dataset(self, call: ast.Call, spec: records.DatasetSpec) -> Sink | None:
        """`TensorDataset(x, y)` / `from_tensor_slices((x, y))`: training data unless named for evaluation."""
        given = call.args[0] if spec.how == records.COMPONENTS and call.args else argument(call, *spec.data)
        if given is None or isinstance(given, ast.Starred) or not self.facts.has_training_code:
            return None
        kind = EVALUATION if self._evaluation_named(call, given) else TRAINING
        return Sink(kind, call, call, given, self._file_models(), None, _leaf(self.data.qualify(call.func, None)),
                    dataset=True)

    def _evaluation_named(self, call: ast.Call, given: ast.AST) -> bool:
        names = [ast.unparse(given)]
        holder = self.index.parents.get(call)
        while isinstance(holder, ast.Call):  # `DataLoader(TensorDataset(...))`
            holder = self.index.parents.get(holder)
        if isinstance(holder, ast.keyword):
            holder = self.index.parents.get(self.index.parents.get(holder))
        if isinstance(holder, (ast.Assign, ast.AnnAssign)):
            targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
            names += [ast.unparse(t) for t in targets]
        function = self.index.enclosing_function(call)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.append(function.name)
        return any(EVALUATION_NAME.search(name) for name in names)

    @cached_property
    def _file_model_layer(self) -> InputLayer:
        layers = [self.inputs.of_model(model) for model in self.facts.models]
        no_roots = not layers
        for call in self.index.calls:
            # ready-made models, and (when no model is found as a root) the models held in variables
            scope = self.index.scope_of(call)
            held = no_roots and isinstance(self.index.parents.get(call), ast.Assign) \
                and self.index.class_of(call) is None and self.inputs.model_construction(call, scope) is call
            if held or records.architecture_input(self.data.qualify(call.func, scope)) is not None:
                layers.append(self.inputs.of_construction(call, scope))
        if not layers:
            return UNKNOWN_INPUT
        if any(layer.kind in (NORMALIZES, EMBEDS) for layer in layers):
            return next(layer for layer in layers if layer.kind in (NORMALIZES, EMBEDS))
        return layers[0] if all(layer.kind == LEARNED_INPUT for layer in layers) else UNKNOWN_INPUT

    def _file_models(self) -> InputLayer:
        return self._file_model_layer

    # -- torch forward passes ---------------------------------------------------------------------------------
    @cached_property
    def loop_inputs(self) -> list[tuple[ast.Call, ast.expr]]:
        """What a training loop hands to a model: `model(x)`, `self.net(x)`, `model.forward(x)` inside a loop
        that takes a training step — the model may be one nnlint cannot resolve (a function's parameter)."""
        found = []
        for call in self.index.calls:
            func = call.func
            if not call.args or isinstance(call.args[0], ast.Starred) or self.index.qualify(func) is not None:
                continue
            callable_model = isinstance(func, ast.Name) or isinstance(func, ast.Attribute) and (
                func.attr == records.FORWARD_METHOD or isinstance(func.value, ast.Name) and func.value.id == "self")
            if callable_model and self._in_training_loop(call):
                found.append((call, call.args[0]))
        return found

    def _in_training_loop(self, node: ast.AST) -> bool:
        current = self.index.parents.get(node)
        while current is not None and not isinstance(current, (ast.ClassDef, ast.Lambda)):
            if current in self._training_loops:
                return True
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return False
            current = self.index.parents.get(current)
        return False

    @cached_property
    def _training_loops(self) -> set[ast.AST]:
        """Loops whose body takes a training step (`loss.backward()`, `tape.gradient(...)`, `apply_gradients`),
        and step functions: a function that takes one outside any loop of its own (`def train_step(x, y)`,
        called once per batch by a loop — its parameters are that loop's batches)."""
        loops: set[ast.AST] = set()
        for call in self.index.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in records.TRAINING_STEP_METHODS:
                current, in_loop = self.index.parents.get(call), False
                while current is not None and not isinstance(current, (ast.ClassDef, ast.Lambda)):
                    if isinstance(current, (ast.For, ast.AsyncFor, ast.While)):
                        loops.add(current)
                        in_loop = True
                    if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        if not in_loop:
                            loops.add(current)
                        break
                    current = self.index.parents.get(current)
        return loops

    def _forward(self, call: ast.Call) -> Sink | None:
        if not self._torch_models:
            return None
        func = call.func
        receiver = func.value if isinstance(func, ast.Attribute) and func.attr == records.FORWARD_METHOD else func
        if not isinstance(receiver, (ast.Name, ast.Attribute)) or not call.args:
            return None
        if isinstance(receiver, ast.Attribute) and not (isinstance(receiver.value, ast.Name)
                                                        and receiver.value.id == "self"):
            return None
        scope = self.index.scope_of(call)
        kind = self._forward_kind(call, receiver, scope)  # cheap: ask it before resolving the model
        if kind is None:
            return None
        construct = self.inputs.model_construction(receiver, scope)
        if construct is None or not self.inputs.is_torch_model(construct):
            return None
        layer = self.inputs.of_construction(construct, self.index.scope_of(construct))
        value = call.args[0]
        return Sink(kind, call, value, value, layer, construct, "the forward pass")

    def _forward_kind(self, call: ast.Call, receiver: ast.AST, scope) -> str | None:
        if self._in_training_loop(call):
            return TRAINING
        current = self.index.parents.get(call)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                               ast.ClassDef, ast.Lambda)):
            if isinstance(current, (ast.With, ast.AsyncWith)) and any(
                    isinstance(item.context_expr, ast.Call)
                    and self.data.qualify(item.context_expr.func, scope) in records.NO_GRAD_CONTEXTS
                    for item in current.items):
                return EVALUATION
            current = self.index.parents.get(current)
        # `model.eval()` earlier in the same function
        first = self._eval_mode_calls.get((scope.node, ast.unparse(receiver)))
        if first is not None and first < (call.lineno, call.col_offset):
            return EVALUATION
        return None

    @cached_property
    def _eval_mode_calls(self) -> dict[tuple[ast.AST, str], tuple[int, int]]:
        """Where `<model>.eval()` is first called, by (function, receiver)."""
        found: dict[tuple[ast.AST, str], tuple[int, int]] = {}
        for call in self.index.calls:  # in source order
            if isinstance(call.func, ast.Attribute) and call.func.attr == records.EVAL_MODE_METHOD and not call.args:
                key = (self.index.enclosing_function(call), ast.unparse(call.func.value))
                found.setdefault(key, (call.lineno, call.col_offset))
        return found

    @cached_property
    def _torch_models(self) -> bool:
        """Any torch model (a module class, a container, a torchvision model) in the file to run a forward pass of?"""
        return any(c.framework == "torch" for c in self.index.module_classes) or any(
            self.inputs.is_torch_model(c) for c in self.index.calls if self.index.qualify(c.func))


#: how many models wrapping models `same_model` follows
MAX_WRAPPING = 4
#: `keras.Model(model.input, …)`: a functional model built on another model's input
_MODEL_INPUT_ATTRIBUTES = frozenset({"input", "inputs"})


def _leaf(qual: str | None) -> str:
    return f"{qual.rsplit('.', 1)[-1]}(...)" if qual else "the dataset"
