"""Learning-rate decays on Adam-family optimizers (NN501, NN503).

Each schedule has a shape: a step or exponential decay (`StepLR`, `ExponentialDecay`, a LambdaLR of
`0.95 ** epoch`, a manual `g["lr"] *= 0.9`) — what the tips' experiments found to hurt with Adam, NN501 — or a
smooth whole-run or warm-up-then-decay schedule (cosine, linear, polynomial, one-cycle,
`get_*_schedule_with_warmup`) — the transformer recipe, NN503 (opt-in). Warm-up-only schedules, plateau
schedules, cyclic ones and functions whose shape cannot be read do not decay here.

A schedule is on an Adam-family optimizer when it names one (torch, timm, transformers), when an Adam-family
optimizer takes it as its learning rate (Keras, TF1, optax), or — a Keras `LearningRateScheduler` callback —
when the model whose `fit()` gets the callback is compiled with one (the compile that the same binding of the
model reaches: notebooks rebind `model` and `optimizer` in every section).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import SMOOTH_DECAY, STEP_DECAY
from .flow import argument, keyword
from .values import NOT_LITERAL


@dataclass
class Decay:
    node: ast.AST  # the schedule's construction, or the manual decay statement
    shape: str  # STEP_DECAY (NN501) or SMOOTH_DECAY (NN503)
    name: str  # what the code calls it (`StepLR`, `manual decay`)
    optimizer: str | None  # how the code spells the optimizer, when known
    never_stepped: bool = False  # a torch scheduler nobody calls `.step()` on


def adam_decays(facts) -> list[Decay]:
    training = facts.training
    adam = [o for o in training.optimizers if o.adam_family]
    if not adam:
        return []
    return _Decays(facts, adam).found()


class _Decays:
    def __init__(self, facts, adam) -> None:
        self.facts = facts
        self.index = facts.index
        self.values = facts.values
        self.adam = adam
        self._methods: dict[str, list[ast.Call]] | None = None

    def found(self) -> list[Decay]:
        result = []
        for schedule in self.facts.training.schedules:
            shape = self.shape(schedule)
            if shape is None:
                continue
            optimizer = self._attached(schedule)
            if optimizer is False:
                continue
            result.append(Decay(schedule.call, shape, schedule.qual.rsplit(".", 1)[-1], optimizer or None,
                                self._never_stepped(schedule)))
        result.extend(self._manual())
        return result

    # -- shapes ------------------------------------------------------------------------------------------
    def shape(self, schedule) -> str | None:
        spec, call = schedule.spec, schedule.call
        decides = spec.decays
        if decides is True:
            return spec.shape
        if decides is False:
            return None
        scope = self.index.scope_of(call)
        literal = self.values.literal
        if decides == "end_factor":  # torch LinearLR: a decay when the end factor is below the start
            value = keyword(call, api.SCHEDULE_END_FACTOR[1])
            end = literal(value.value, scope) if value is not None else 1.0
            return spec.shape if _number(end) and end < 1 else None
        if decides == "end_value":
            init = literal(argument(call, *api.SCHEDULE_INIT_VALUE), scope)
            end = literal(argument(call, *api.SCHEDULE_END_VALUE), scope)
            return spec.shape if _number(init) and _number(end) and end < init else None
        if decides == "boundaries_and_scales":
            value = argument(call, *api.SCHEDULE_BOUNDARIES_AND_SCALES)
            return spec.shape if isinstance(value, ast.Dict) and any(
                _number(literal(v, scope)) and literal(v, scope) < 1 for v in value.values) else None
        if decides == "scheduler_name":
            name = literal(argument(call, *api.SCHEDULER_NAME), scope)
            return spec.shape if isinstance(name, str) and name.lower() in frameworks.DECAYING_SCHEDULER_NAMES \
                else None
        if decides == "lr_factor":  # MultiplicativeLR: the function returns the factor applied every epoch
            function = self._function(argument(call, *api.SCHEDULE_LR_FACTOR), scope)
            if isinstance(function, ast.Lambda) and _number(literal(function.body, None)):
                return STEP_DECAY if 0 < literal(function.body, None) < 1 else None
            return self._function_shape(function, scope)
        if decides == "lr_lambda":
            return self._function_shape(self._function(argument(call, *api.SCHEDULE_LR_LAMBDA), scope), scope)
        if decides == "schedule_function":
            return self._function_shape(self._function(argument(call, *api.SCHEDULE_FUNCTION), scope), scope)
        return None

    def _function(self, expr: ast.AST | None, scope):
        """The lambda or function a schedule is given: a name, a factory's call (`exponential_decay(0.01, 20)`:
        the factory, whose body holds the schedule), a method of an object of this file (`Decay(...).step`)."""
        self._factory_call = None
        for _ in range(3):
            if isinstance(expr, ast.Name):
                if expr.id in self.index.functions and self.values.value(expr, scope) is None:
                    return self.index.functions[expr.id]
                expr = self.values.value(expr, scope) or (self.index.functions.get(expr.id))
                continue
            if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in self.index.functions:
                self._factory_call = expr
                return self.index.functions[expr.func.id]
            if isinstance(expr, ast.Attribute):
                owner = expr.value
                if isinstance(owner, ast.Name):
                    owner = self.values.value(owner, scope) or owner
                if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
                    cls = self.index.classes.get(owner.func.id)
                    if cls is not None:
                        return cls.methods.get(expr.attr)
            return expr
        return expr

    def _function_shape(self, function, scope) -> str | None:
        """Read a schedule function: a cosine is smooth; an exp, a factor below 1 raised to a power or multiplied
        in, or decreasing constant returns are step/exponential; `1 - t / T` is a linear decay."""
        if not isinstance(function, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        literal = self.values.literal
        geometric = linear = False
        returns = []
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                leaf = (self.index.qualify(node.func) or getattr(node.func, "attr", "") or
                        getattr(node.func, "id", "")).rsplit(".", 1)[-1]
                if leaf in api.COSINE_FUNCTIONS:
                    return SMOOTH_DECAY
                if leaf in api.EXPONENTIAL_FUNCTIONS:
                    geometric = True
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Pow, ast.Mult)):
                for side in (node.left,) if isinstance(node.op, ast.Pow) else (node.left, node.right):
                    value = literal(side, scope)
                    if _number(value) and 0 < value < 1:
                        geometric = True
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and isinstance(node.left, ast.Constant) \
                    and node.left.value == 1 and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Div):
                linear = True  # 1 - epoch / total
            elif isinstance(node, ast.Return) and node.value is not None:
                returns.append(literal(node.value, scope))
        if geometric:
            return STEP_DECAY
        if linear:
            return SMOOTH_DECAY
        constants = [r for r in returns if _number(r)]
        if len(constants) >= 2 and constants == returns and constants[-1] < constants[0]:
            return STEP_DECAY  # `if epoch < 5: return 0.01 … else: return 0.001`: a step schedule
        factory = getattr(self, "_factory_call", None)
        if factory is not None and isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # `piecewise_constant([5, 15], [0.01, 0.005, 0.001])`: the rates it steps through, given literally
            for given in list(factory.args) + [k.value for k in factory.keywords]:
                if isinstance(given, (ast.List, ast.Tuple)) and len(given.elts) >= 2:
                    rates = [literal(e, scope) for e in given.elts]
                    if all(_number(r) for r in rates) and all(a > b for a, b in zip(rates, rates[1:])):
                        return STEP_DECAY
        return None

    # -- which optimizer ------------------------------------------------------------------------------
    def _attached(self, schedule):
        """The Adam-family optimizer's spelling (or "" when not named) the schedule drives; False when it drives
        another optimizer or none visibly."""
        training, index = self.facts.training, self.index
        call = schedule.call
        if schedule.spec.optimizer_arg is not None:  # torch: the scheduler names its optimizer
            value = argument(call, *schedule.spec.optimizer_arg)
            optimizer = training.optimizer_of(value, index.scope_of(call))
            if optimizer is None or not optimizer.adam_family:
                return False
            return ast.unparse(value) if value is not None else ""
        if schedule.spec.decays == "schedule_function":
            return self._callback_optimizer(call)
        for optimizer in self.adam:
            if self._uses_schedule(optimizer, call):
                return _spelled(self.index, optimizer.call)
        return False

    def _uses_schedule(self, optimizer, schedule_call: ast.Call) -> bool:
        if optimizer.lr is None:
            return False
        value = self.values.value(optimizer.lr, self.index.scope_of(optimizer.call))
        # optax.inject_hyperparams / chained schedules: the schedule appears inside the learning-rate expression
        return value is schedule_call or value is not None and any(node is schedule_call for node in ast.walk(value))

    def _callback_optimizer(self, callback: ast.Call):
        """A Keras LearningRateScheduler: the optimizer of the model that `fit(callbacks=[...])` trains with it."""
        index, values = self.index, self.values
        fits = []
        for call in self._method_calls(api.FIT_METHODS):
            given = keyword(call, api.CHECKPOINT_CALLBACKS_KEYWORD)
            scope = index.scope_of(call)
            items = values.value(given.value, scope) if given is not None else None
            if isinstance(items, (ast.List, ast.Tuple)) and any(
                    item is callback or values.value(item, scope) is callback for item in items.elts):
                fits.append(call)
        if not fits:
            return ""  # handed to a fit() we cannot see: it drives the compiled model's optimizer, Adam in this file
        for fit in fits:
            compiled = self._compiled_optimizer(fit)
            if compiled is None or compiled is True:
                return "" if compiled is None else "the compiled optimizer"
        return False

    def _method_calls(self, names) -> list[ast.Call]:
        """`x.fit(...)`, `x.compile(...)` calls of the module (collected in one pass, then filtered)."""
        if self._methods is None:
            self._methods = {}
            for call in self.index.calls:
                func = call.func
                if isinstance(func, ast.Attribute) and self.index.qualify(func) is None:
                    self._methods.setdefault(func.attr, []).append(call)
        return [call for name in names for call in self._methods.get(name, ())]

    def _compiled_optimizer(self, fit: ast.Call):
        """True: the model `fit` trains is compiled (by the same binding) with an Adam-family optimizer; False:
        with another one; None: not known."""
        index, values = self.index, self.values
        receiver = fit.func.value
        if not isinstance(receiver, ast.Name):
            return None
        scope = index.scope_of(fit)
        binding, _ = values.resolve(receiver, scope)
        verdict = None
        for call in self._method_calls({api.COMPILE_METHOD}):
            func = call.func
            if not (isinstance(func.value, ast.Name) and func.value.id == receiver.id):
                continue
            compile_scope = index.scope_of(call)
            if values.resolve(func.value, compile_scope)[0] is not binding or (call.lineno, call.col_offset) > (
                    fit.lineno, fit.col_offset):
                continue
            given = argument(call, *api.COMPILE_OPTIMIZER)
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                verdict = frameworks.OPTIMIZER_STRINGS.get(given.value.lower())
            else:
                optimizer = self.facts.training.optimizer_of(given, compile_scope)
                verdict = optimizer.adam_family if optimizer is not None else None
        return verdict

    def _never_stepped(self, schedule) -> bool:
        """A torch scheduler bound to a name that is never read again (no `.step()`, not passed on nor returned):
        it never changes the rate."""
        if schedule.spec.optimizer_arg is None:
            return False
        parent = self.index.parents.get(schedule.call)
        if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
            return False
        return not self.index.name_loads.get(parent.targets[0].id)

    # -- manual decays ----------------------------------------------------------------------------------
    def _manual(self) -> list[Decay]:
        """`g["lr"] *= 0.9` on an Adam optimizer's param groups, or a rate variable decayed and written back
        (`lr /= 3; update_lr(optimizer, lr)`, `for g in optimizer.param_groups: g["lr"] = lr`)."""
        found = []
        for node in self.index.assignments:
            target, factor = _multiplicative(node)
            if target is None or factor is None or not self._shrinks(node, factor, lenient=_is_lr_subscript(target)):
                continue
            if _is_lr_subscript(target):
                optimizer = self._param_group_optimizer(target.value, node)
                if optimizer is not False:
                    found.append(Decay(node, STEP_DECAY, "manual decay", optimizer or None))
            elif isinstance(target, ast.Name):
                optimizer = self._written_back(target.id, node)
                if optimizer is not False:
                    found.append(Decay(node, STEP_DECAY, "manual decay", optimizer or None))
        return found

    def _shrinks(self, node: ast.AST, factor: ast.AST, lenient: bool) -> bool:
        """Does the factor shrink the value? A param group's rate multiplied by an unknown factor counts (it is
        a decay in every real script); a plain variable needs a literal factor."""
        value = self.values.literal(factor, self.index.scope_of(node))
        if not _number(value):
            return lenient
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Div):
            return value > 1
        return value < 1

    def _param_group_optimizer(self, group: ast.AST, node: ast.AST):
        """The Adam optimizer whose param group this is (spelled), "" when not named, False when not Adam."""
        training, index = self.facts.training, self.index
        scope = index.scope_of(node)
        if isinstance(group, ast.Subscript):  # `optimizer.param_groups[0]["lr"]`
            group = group.value
        owner = None
        if isinstance(group, ast.Attribute) and group.attr == api.PARAM_GROUPS_ATTRIBUTE:
            owner = group.value
        elif isinstance(group, ast.Name):  # `for g in optimizer.param_groups: g["lr"] *= 0.9`
            current = index.parents.get(node)
            while current is not None and owner is None:
                if isinstance(current, ast.For) and isinstance(current.target, ast.Name) \
                        and current.target.id == group.id:
                    iterable = current.iter
                    if not (isinstance(iterable, ast.Attribute) and iterable.attr == api.PARAM_GROUPS_ATTRIBUTE):
                        return False
                    owner = iterable.value
                current = index.parents.get(current)
        if owner is None:
            return False
        optimizer = training.optimizer_of(owner, scope)
        if optimizer is not None:
            return ast.unparse(owner) if optimizer.adam_family else False
        if isinstance(owner, ast.Name) and self.values.is_parameter(owner, scope):
            return ""  # a setter helper's parameter: its callers say which optimizer (see `_written_back`)
        return "" if self.adam else False

    def _written_back(self, name: str, node: ast.AST):
        """A rate variable decayed here, then given to the optimizer: directly (`g["lr"] = lr`) or through a
        module function that sets its parameter as the param groups' rate (`update_lr(optimizer, lr)`)."""
        index, values = self.index, self.values
        scope = index.scope_of(node)
        binding = next((b for b in scope.bindings.get(name, ()) if b.stmt is node), None)
        if binding is None:
            return False
        for use in values.may_uses(binding, scope):
            parent = index.parents.get(use)
            if isinstance(parent, ast.Assign) and parent.value is use and any(_is_lr_subscript(t) for t in parent.targets):
                target = next(t for t in parent.targets if _is_lr_subscript(t))
                optimizer = self._param_group_optimizer(target.value, parent)
                if optimizer is not False:
                    return optimizer
            if isinstance(parent, ast.Call) and use in parent.args:
                helper = values.called_function(parent)
                if helper is None:
                    continue
                arguments = values.arguments(helper, parent)
                parameter = next((p for p in arguments.names if arguments.given(p) is use), None)
                optimizer_parameter = self._sets_rate(helper, parameter)
                if optimizer_parameter is not None:
                    passed = arguments.given(optimizer_parameter)
                    optimizer = self.facts.training.optimizer_of(passed, scope)
                    if optimizer is not None:
                        return ast.unparse(passed) if optimizer.adam_family else False
                    return "" if self.adam else False
        return False

    def _sets_rate(self, helper, parameter: str | None) -> str | None:
        """`def update_lr(optimizer, lr): for g in optimizer.param_groups: g["lr"] = lr` — the parameter holding
        the optimizer, when the helper writes `parameter` into its param groups' rate."""
        if parameter is None:
            return None
        for node in ast.walk(helper):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == parameter:
                for target in node.targets:
                    if not _is_lr_subscript(target):
                        continue
                    group = target.value.value if isinstance(target.value, ast.Subscript) else target.value
                    if isinstance(group, ast.Attribute) and group.attr == api.PARAM_GROUPS_ATTRIBUTE \
                            and isinstance(group.value, ast.Name):
                        return group.value.id
                    if isinstance(group, ast.Name):
                        loop = next((f for f in ast.walk(helper) if isinstance(f, ast.For)
                                     and isinstance(f.target, ast.Name) and f.target.id == group.id), None)
                        iterable = loop.iter if loop is not None else None
                        if isinstance(iterable, ast.Attribute) and iterable.attr == api.PARAM_GROUPS_ATTRIBUTE \
                                and isinstance(iterable.value, ast.Name):
                            return iterable.value.id
        return None


def _multiplicative(node: ast.AST) -> tuple[ast.AST | None, ast.AST | None]:
    """(target, factor) of `x *= f`, `x /= d`, `x = x * f`, `x = f * x`."""
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Mult, ast.Div)):
        return node.target, node.value
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) \
            and isinstance(node.value.op, ast.Mult):
        target = ast.unparse(node.targets[0])
        if ast.unparse(node.value.left) == target:
            return node.targets[0], node.value.right
        if ast.unparse(node.value.right) == target:
            return node.targets[0], node.value.left
    return None, None


def _is_lr_subscript(target: ast.AST) -> bool:
    return isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) \
        and target.slice.value == api.PARAM_GROUP_LR_KEY


def _number(value) -> bool:
    return value is not NOT_LITERAL and isinstance(value, (int, float)) and not isinstance(value, bool)


def _spelled(index, optimizer_call: ast.Call) -> str:
    parent = index.parents.get(optimizer_call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return ast.unparse(parent.targets[0])
    return ""
