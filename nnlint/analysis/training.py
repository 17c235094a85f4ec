"""Training-side facts: optimizers, losses and what they are fed, LR schedules, checkpoints, loaders."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import (
    ACT, LEARNED, LOSS_BINARY_PROBS, LOSS_CATEGORICAL_PROBS, LOSS_REGRESSION, PASS, LossSpec, OptimizerSpec,
    ScheduleSpec,
)
from .flow import PARAM, UNKNOWN, Flow, Op, argument, keyword
from .models import Model
from .module import ModuleIndex
from .scope import Scope


#: how many build functions `model_of` follows (`model = make()` where `make` returns `build()`): model
#: factories nest one or two deep in practice
MAX_BUILDER_DEPTH = 3


@dataclass
class Optimizer:
    call: ast.Call
    spec: OptimizerSpec | None
    qual: str
    adam_family: bool
    lr: ast.expr | None = None  # the learning-rate expression, if given
    lr_node: ast.AST | None = None
    string: bool = False  # keras `optimizer="adam"`


@dataclass
class LossUse:
    """One place where a loss meets a prediction."""

    node: ast.AST  # where NN104 points: the `loss=` keyword, the loss construction, or the loss call
    kind: str
    chains: list[list[Op]] = field(default_factory=list)  # what the prediction is made of (backwards)
    model: Model | None = None
    hand_written: bool = False


@dataclass
class Schedule:
    call: ast.Call
    spec: ScheduleSpec
    qual: str


class TrainingFacts:
    def __init__(self, index: ModuleIndex, flow: Flow, models: list[Model]):
        self.index = index
        self.flow = flow
        self.models = models
        self.optimizers: list[Optimizer] = []
        self.schedules: list[Schedule] = []
        self._loss_constructs: list[tuple[ast.Call, LossSpec, str]] = []
        self._collect()

    # -- collection ------------------------------------------------------------------------
    def _collect(self) -> None:
        for call in self.index.calls:
            qual = self.index.qualify(call.func)
            if qual is None:
                self._keras_string_optimizer(call)
                continue
            spec = frameworks.optimizer_spec(qual)
            if spec is not None:
                lr_kw = keyword(call, spec.lr[1]) or (keyword(call, spec.lr_alias) if spec.lr_alias else None)
                lr = lr_kw.value if lr_kw is not None else argument(call, spec.lr[0], None)
                self.optimizers.append(Optimizer(call, spec, qual, spec.adam_family, lr, lr_kw or lr))
                continue
            schedule = frameworks.schedule_spec(qual)
            if schedule is not None:
                self.schedules.append(Schedule(call, schedule, qual))
                continue
            loss = frameworks.loss_spec(qual)
            if loss is not None and not loss.applies:
                self._loss_constructs.append((call, loss, qual))

    def _keras_string_optimizer(self, call: ast.Call) -> None:
        """`model.compile(optimizer="adam")`: an optimizer at its default learning rate."""
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == api.COMPILE_METHOD):
            return
        value = argument(call, *api.COMPILE_OPTIMIZER)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            adam = frameworks.OPTIMIZER_STRINGS.get(value.value.lower())
            if adam is not None:
                self.optimizers.append(Optimizer(call, None, f"keras:{value.value}", adam, string=True))

    # -- optimizers ----------------------------------------------------------------------
    def optimizer_of(self, expr: ast.AST | None, scope: Scope | None) -> Optimizer | None:
        """The optimizer an expression refers to (a construction, a name or `self.` attribute bound to one)."""
        value = self.index.values.value(expr, scope)
        if isinstance(value, ast.Call):
            for optimizer in self.optimizers:
                if optimizer.call is value:
                    return optimizer
            # keras: `model.optimizer`, `tf.keras.optimizers.get("adam")`
        return None

    # -- losses -----------------------------------------------------------------------------
    def loss_uses(self) -> list[LossUse]:
        uses: list[LossUse] = []
        applied_constructs: set[int] = set()
        spells_losses = self._spells_losses()
        for call in self.index.calls:
            scope = None
            qual = self.index.qualify(call.func)
            spec = frameworks.loss_spec(qual)
            if spec is not None and spec.applies:
                scope = self.index.scope_of(call)
                kind = self._with_from_logits(spec, call)
                if kind is None:
                    continue
                prediction = argument(call, spec.prediction[0], spec.prediction[1])
                uses.append(LossUse(call, kind, self._chains(prediction, scope)))
                continue
            if isinstance(call.func, ast.Attribute) and call.func.attr == api.COMPILE_METHOD:
                uses.extend(self._compile_use(call))
                continue
            # an application of a loss object or function: `criterion(out, y)`, `loss_fn(y, logits)`
            if qual is None and spells_losses and isinstance(call.func, (ast.Name, ast.Attribute, ast.Call)) \
                    and call.args:
                for use in self._applied_loss(call):
                    applied_constructs.add(id(use.node))
                    uses.append(use)
        uses.extend(self._hand_written())
        # a loss built but applied where we cannot see (passed to a training function): with one model
        # in the file, that model is what it trains
        roots = [m for m in self.models if m.kind == "class" or m.kind == "sequential"]
        if len(roots) == 1:
            for construct, loss, _ in self._loss_constructs:
                if id(construct) in applied_constructs:
                    continue
                kind = self._with_from_logits(loss, construct)
                if kind is not None and self._applied_to_parameter(construct):
                    uses.append(LossUse(construct, kind, list(roots[0].chains), roots[0]))
        return uses

    def _spells_losses(self) -> bool:
        """Does the file spell any framework loss's name (`nn.CrossEntropyLoss`, `F.cross_entropy`, an import
        `as ce`)? Whatever a called name holds is a loss only through one: a loss built or referred to, a custom
        loss whose body applies one, a parameter given one. Without, no call's callee need be resolved."""
        leaves = frameworks.LOSS_LEAVES
        index = self.index
        if not leaves.isdisjoint(index.attribute_names) or not leaves.isdisjoint(index.name_loads):
            return True
        return any(target.rsplit(".", 1)[-1] in leaves for target in index.names.aliases.values())

    def _applied_loss(self, call: ast.Call) -> list[LossUse]:
        """`criterion(out, y)` with `criterion = nn.CrossEntropyLoss()`, `loss_fn(y, p)` with `loss_fn` a loss
        function (bound however many times: the binding that reaches the call), a custom loss of this file, or
        — inside a training function — the loss its callers pass for that parameter."""
        scope = self.index.scope_of(call)
        values = self.index.values
        held = call.func if isinstance(call.func, ast.Call) else values.value(call.func, scope)
        if held is None and isinstance(call.func, ast.Name) and values.is_parameter(call.func, scope):
            uses = []
            for given, given_scope in values.parameter_arguments(scope.node, call.func.id, defaults=False):
                passed = values.value(given, given_scope) if isinstance(given, ast.Name) else given
                uses.extend(self._loss_held(passed, call, scope) if passed is not None else ())
            return uses
        return self._loss_held(held, call, scope) if held is not None else []

    def _loss_held(self, held: ast.AST, call: ast.Call, scope: Scope) -> list[LossUse]:
        """The loss use when `held` (what the called name holds) is a loss: a construction, a function, a custom
        loss; `call` applies it to the prediction in `scope`."""
        found = next(((c, s) for c, s, _ in self._loss_constructs if c is held), None)
        if found is not None:
            construct, loss = found
            kind = self._with_from_logits(loss, construct)
            if kind is None:
                return []
            prediction = argument(call, loss.prediction[0], loss.prediction[1])
            return [LossUse(construct, kind, self._chains(prediction, scope))]
        spec = frameworks.loss_spec(self.index.qualify(held)) if isinstance(held, (ast.Name, ast.Attribute)) else None
        if spec is not None and spec.applies:
            kind = self._with_from_logits(spec, call)
            if kind is None:
                return []
            prediction = argument(call, spec.prediction[0], spec.prediction[1])
            return [LossUse(call, kind, self._chains(prediction, scope))]
        custom = self._custom_loss_kind(held)
        if custom is not None:
            prediction = argument(call, 1, None)  # (y_true, y_pred), as Keras calls it
            return [LossUse(held, custom, self._chains(prediction, scope))]
        return []

    def _custom_loss_kind(self, held: ast.AST) -> str | None:
        """A loss written in this file: a `keras.losses.Loss` subclass (its `call`) or a function of (y_true,
        y_pred) that returns a framework loss of its prediction — `categorical_crossentropy(y_true, y_pred,
        from_logits=True)` inside makes it a softmax-applying loss."""
        function = None
        if isinstance(held, ast.Call) and isinstance(held.func, ast.Name):
            cls = self.index.classes.get(held.func.id)
            if cls is not None and any(q.rsplit(".", 1)[-1] == api.LOSS_BASE_CLASS for q in cls.base_quals):
                function = cls.methods.get(api.LOSS_CALL_METHOD)
        elif isinstance(held, ast.Name):
            function = self.index.functions.get(held.id)
        if function is None:
            return None
        names = [a.arg for a in function.args.posonlyargs + function.args.args if a.arg not in ("self", "cls")]
        if len(names) < 2:
            return None
        prediction_name = names[1]
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            spec = frameworks.loss_spec(self.index.qualify(node.func))
            if spec is None or not spec.applies:
                continue
            prediction = argument(node, spec.prediction[0], spec.prediction[1])
            if isinstance(prediction, ast.Name) and prediction.id == prediction_name:
                return self._with_from_logits(spec, node)
        return None

    def _applied_to_parameter(self, construct: ast.Call) -> bool:
        """The loss object leaves through a name (`criterion = nn.NLLLoss()`; `train(model, criterion)`)."""
        parent = self.index.parents.get(construct)
        return isinstance(parent, (ast.Assign, ast.AnnAssign, ast.keyword)) or isinstance(parent, ast.Call)

    def _with_from_logits(self, spec: LossSpec, call: ast.Call) -> str | None:
        """The loss class, taking Keras's `from_logits=` into account; None when it cannot be known."""
        if spec.logits_kind is None:
            return spec.kind
        kw = keyword(call, api.FROM_LOGITS_KEYWORD)
        if kw is None:
            return spec.kind
        value = self.index.values.literal(kw.value, self.index.scope_of(call))
        if value is True:
            return spec.logits_kind
        if value is False:
            return spec.kind
        return None

    def _chains(self, prediction: ast.AST | None, scope: Scope) -> list[list[Op]]:
        if prediction is None:
            return []
        chain = self.flow.trace_back(prediction, scope)
        head = next((op for op in chain if op.kind != PASS), None)
        if head is not None and head.kind == UNKNOWN and isinstance(head.node, ast.Call):
            # `model(x)` where `model` is a parameter of a training function: with one model in the file,
            # it is that model
            func = head.node.func
            if isinstance(func, ast.Name) and self.index.values.is_parameter(func, scope):
                # `def train(model, ...)` called with the module's `model = Net()`: same name, same model
                module_scope = self.index.values.module_scope
                binding = module_scope.single_binding(func.id)
                if binding is not None and binding.value is not None:
                    model = self.model_of(binding.value, module_scope)
                    if model is not None:
                        return list(model.chains)
                from_callers = self._models_passed_in(func.id, scope)
                if from_callers:
                    return from_callers
                roots = [m for m in self.models if m.kind in ("class", "sequential")]
                if len(roots) == 1:
                    return list(roots[0].chains)
        return [chain]

    def _models_passed_in(self, parameter: str, scope: Scope) -> list[list[Op]]:
        """`def evaluate(model, …)` called as `evaluate(clf, …)`: the chains of the models its callers pass."""
        func = scope.node
        if not self.index.values.module_function(func):
            return []
        chains: list[list[Op]] = []
        for value, value_scope in self.index.values.parameter_arguments(func, parameter, defaults=False):
            model = self.model_of(value, value_scope) if value is not None else None
            if model is not None:
                chains.extend(model.chains)
        return chains

    def _compile_use(self, call: ast.Call) -> list[LossUse]:
        scope = self.index.scope_of(call)
        loss_kw = keyword(call, api.COMPILE_LOSS[1])
        loss_value = loss_kw.value if loss_kw is not None else argument(call, api.COMPILE_LOSS[0], None)
        if loss_value is None:
            return []
        model = self.model_of(call.func.value, scope)
        if model is None:
            return []
        node, kind = self._keras_loss(loss_value, scope, loss_kw)
        if kind is None:
            return []
        return [LossUse(node, kind, list(model.chains), model)]

    def _keras_loss(self, value: ast.AST, scope: Scope, loss_kw: ast.keyword | None) -> tuple[ast.AST, str | None]:
        where = loss_kw if loss_kw is not None else value
        resolved = self.index.values.value(value, scope) or value
        if isinstance(resolved, ast.Constant) and isinstance(resolved.value, str):
            return where, frameworks.LOSS_STRINGS.get(resolved.value.lower())
        if isinstance(resolved, ast.Call):
            spec = frameworks.loss_spec(self.index.qualify(resolved.func))
            if spec is not None and not spec.applies:
                return resolved, self._with_from_logits(spec, resolved)
            return where, self._custom_loss_kind(resolved)
        spec = frameworks.loss_spec(self.index.qualify(resolved))
        if spec is not None:
            return where, spec.kind
        return where, self._custom_loss_kind(resolved)

    def model_of(self, expr: ast.AST, scope: Scope) -> Model | None:
        """The model a variable holds: a Sequential/functional construction, a module class instance,
        or what a build function returns."""
        value = self.index.values.value(expr, scope)
        for _ in range(MAX_BUILDER_DEPTH):
            if not isinstance(value, ast.Call):
                return None
            for model in self.models:
                if model.node is value:
                    return model
            func = value.func
            if isinstance(func, ast.Name):
                for model in self.models:
                    if model.kind == "class" and model.name == func.id:
                        return model
                helper = self.index.functions.get(func.id)
                if helper is not None:
                    returned = self.index.values.returned(helper)
                    value = self.index.values.value(returned, self.index.scope(helper))
                    continue
            return None
        return None

    # -- hand-written losses ------------------------------------------------------------------
    def _hand_written(self) -> list[LossUse]:
        """`-sum(y * log(p))` expects probabilities; `mean(square(pred - y))` is a regression loss."""
        uses = []
        for call in self.index.calls:
            qual = self.index.qualify(call.func)
            if qual not in frameworks.SUM_FUNCTIONS or not call.args:
                continue
            if _inside_sum(self.index, call):
                continue  # the outermost reduction represents the loss
            scope = self.index.scope_of(call)
            logs = [n for n in ast.walk(call.args[0]) if isinstance(n, ast.Call)
                    and self.index.qualify(n.func) in frameworks.LOG_FUNCTIONS and n.args
                    and isinstance(self.index.parents.get(n), ast.BinOp)
                    and isinstance(self.index.parents[n].op, ast.Mult)]
            if logs:
                binary = any(_is_one_minus(l.args[0]) for l in logs)
                probabilities = [l.args[0] for l in logs if not _is_one_minus(l.args[0])]
                if probabilities:
                    kind = LOSS_BINARY_PROBS if binary else LOSS_CATEGORICAL_PROBS
                    uses.append(LossUse(call, kind, self._helper_chains(probabilities[0], scope), hand_written=True))
                continue
            squared = _squared_difference(self.index, call.args[0])
            if squared is not None:
                chains = [c for side in squared for c in self._helper_chains(side, scope)]
                uses.append(LossUse(call, LOSS_REGRESSION, chains, hand_written=True))
        return uses

    def _helper_chains(self, expr: ast.AST, scope: Scope) -> list[list[Op]]:
        """Chains for a value; a helper's parameter is followed into each call site of the helper."""
        chains = self._chains(expr, scope)
        head = next((op for chain in chains for op in chain if op.kind != PASS), None)
        func = scope.node
        if head is None or head.kind != PARAM or not self.index.values.module_function(func):
            return chains
        result = []
        for argument_expr, caller_scope in self.index.values.parameter_arguments(func, head.hint, defaults=False):
            if argument_expr is not None:
                result.extend(self._chains(argument_expr, caller_scope))
        return result or chains


def _inside_sum(index: ModuleIndex, call: ast.Call) -> bool:
    current = index.parents.get(call)
    while current is not None and not isinstance(current, ast.stmt):
        if isinstance(current, ast.Call) and index.qualify(current.func) in frameworks.SUM_FUNCTIONS:
            return True
        current = index.parents.get(current)
    return False


def _is_one_minus(expr: ast.AST) -> bool:
    return isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Sub) and isinstance(expr.left, ast.Constant)


def _squared_difference(index: ModuleIndex, expr: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    inner = None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Pow) and isinstance(expr.right, ast.Constant) \
            and expr.right.value == 2:
        inner = expr.left
    elif isinstance(expr, ast.Call) and expr.args:
        qual = index.qualify(expr.func) or ""
        if qual.rsplit(".", 1)[-1] in ("square", "abs"):
            inner = expr.args[0]
    if isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Sub):
        return inner.left, inner.right
    return None


def output_head(chain: list[Op]) -> Op | None:
    """The op that decides what a model emits: the first one that is not a parameter-free step."""
    return next((op for op in chain if op.kind != PASS), None)


def head_activation(chain: list[Op]) -> tuple[str, Op | None]:
    """('act', op) with the activation on the output, ('logits', op) for a bare learned layer, or
    ('unknown', None)."""
    head = output_head(chain)
    if head is None:
        return "unknown", None
    if head.kind == ACT and head.act:
        return head.act, head
    if head.kind in LEARNED:
        return (head.act or "logits"), head
    return "unknown", None
