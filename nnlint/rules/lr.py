"""NN5: learning rates for Adam — no decay schedule, a rate near 1e-3."""

from __future__ import annotations

import ast
from typing import Iterator

from ..frameworks import methods as api
from ..analysis.flow import argument, keyword
from ..analysis.values import NOT_LITERAL
from ..diagnostics import Severity
from ..facts import ModuleFacts
from .registry import register
from .base import Finding, Invalid, Option, Rule, Valid, dedent


@register
class DecayWithAdam(Rule):
    """## What it does
    Flags a decaying learning-rate schedule attached to an Adam-family optimizer: torch `StepLR`,
    `ExponentialLR`, `CosineAnnealingLR`, … on an Adam optimizer; a Keras `optimizers.schedules.*Decay`
    or TF1 `tf.train.exponential_decay` passed as Adam's learning rate; `optax.adam(schedule)`; a manual
    `g["lr"] *= γ` on an Adam optimizer's param groups.

    ## Why it matters
    Adam already adapts each weight's step size; stacking a decay schedule on top mostly slows training
    and hides problems. Practitioners found geometric per-step decay hurt and a gentle one did nothing:
    keep the rate constant, and at most lower it briefly at the very end.

    ## Example
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
    ```

    ## Use instead
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)   # no schedule
    ```
    `ReduceLROnPlateau`, warm-up-only schedules and SGD-family optimizers are fine.
    """

    code = "NN501"
    name = "decay-with-adam"
    severity = Severity.WARNING
    summary = "decaying learning-rate schedule on an Adam-family optimizer"

    valid = [
        Valid(dedent("""
            import torch
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
        """)),
        Valid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer)
            warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=100)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
        """), at=((3, 13),)),
        Invalid(dedent("""
            import tensorflow as tf
            schedule = tf.keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.9)
            optimizer = tf.keras.optimizers.Adam(learning_rate=schedule)
        """), at=((2, 12),)),
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.AdamW(model.parameters())
            for epoch in range(10):
                for group in optimizer.param_groups:
                    group["lr"] *= 0.95
        """), at=((5, 9),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        training, index = facts.training, facts.index
        adam = [o for o in training.optimizers if o.adam_family]
        if not adam:
            return
        for schedule in training.schedules:
            if not self._decays(facts, schedule):
                continue
            if schedule.spec.optimizer_arg is not None:  # torch: the scheduler names its optimizer
                position, name = schedule.spec.optimizer_arg
                optimizer = training.optimizer_of(argument(schedule.call, position, name), index.scope_of(schedule.call))
                attached = optimizer is not None and optimizer.adam_family
            elif schedule.qual.endswith("LearningRateScheduler"):
                attached = True  # a Keras callback: it drives whatever optimizer the compiled model has
            else:
                attached = any(self._uses_schedule(facts, o, schedule.call) for o in adam)
            if attached:
                yield Finding(schedule.call, f"{schedule.qual.rsplit('.', 1)[-1]} decays the learning rate of an "
                                             f"Adam-family optimizer: Adam adapts its steps already and decay mostly "
                                             f"slows training; keep the rate constant (at most a short decay at the end)")
        yield from self._manual_decay(facts, adam)

    def _uses_schedule(self, facts: ModuleFacts, optimizer, schedule_call: ast.Call) -> bool:
        if optimizer.lr is None:
            return False
        value = facts.values.value(optimizer.lr, facts.index.scope_of(optimizer.call))
        if value is schedule_call:
            return True
        # optax.inject_hyperparams / chained schedules: the schedule appears inside the learning rate expression
        return value is not None and any(node is schedule_call for node in ast.walk(value))

    def _decays(self, facts: ModuleFacts, schedule) -> bool:
        decides = schedule.spec.decays
        if decides is True or decides is False:
            return decides
        call = schedule.call
        scope = facts.index.scope_of(call)
        if decides == "end_factor":
            value = keyword(call, api.SCHEDULE_END_FACTOR[1])
            literal = facts.values.literal(value.value, scope) if value is not None else 1.0
            return isinstance(literal, (int, float)) and literal < 1
        if decides == "end_value":
            init, end = argument(call, *api.SCHEDULE_INIT_VALUE), argument(call, *api.SCHEDULE_END_VALUE)
            init_v = facts.values.literal(init, scope) if init is not None else NOT_LITERAL
            end_v = facts.values.literal(end, scope) if end is not None else NOT_LITERAL
            return isinstance(init_v, (int, float)) and isinstance(end_v, (int, float)) and end_v < init_v
        if decides == "boundaries_and_scales":
            value = argument(call, *api.SCHEDULE_BOUNDARIES_AND_SCALES)
            return isinstance(value, ast.Dict) and any(
                isinstance(facts.values.literal(v, scope), (int, float)) and facts.values.literal(v, scope) < 1
                for v in value.values)
        if decides == "lr_lambda":
            function = argument(call, *api.SCHEDULE_LR_LAMBDA)
            if isinstance(function, ast.Name):
                function = facts.values.value(function, scope) or function
                if isinstance(function, ast.Name) and function.id in facts.index.functions:
                    function = facts.index.functions[function.id]
            return _visibly_decays(facts, function, scope)
        return False

    def _manual_decay(self, facts: ModuleFacts, adam) -> Iterator[Finding]:
        index = facts.index
        for node in index.assignments:
            target, factor = None, None
            if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Mult, ast.Div)):
                target, factor = node.target, node.value
                if isinstance(node.op, ast.Div):
                    factor = None if _literal_at_most_one(facts, factor, node) else factor
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp) \
                    and isinstance(node.value.op, ast.Mult):
                if ast.unparse(node.value.left) == ast.unparse(node.targets[0]):
                    target, factor = node.targets[0], node.value.right
                elif ast.unparse(node.value.right) == ast.unparse(node.targets[0]):
                    target, factor = node.targets[0], node.value.left
            if target is None or factor is None or not _is_lr_subscript(target):
                continue
            if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Mult) or isinstance(node, ast.Assign):
                value = index.values.literal(factor, index.scope_of(node))
                if isinstance(value, (int, float)) and value >= 1:
                    continue
            group = target.value
            if self._group_of_adam(facts, group, node, adam):
                yield Finding(node, "manual learning-rate decay on an Adam-family optimizer's param groups: Adam "
                                    "adapts its steps already and decay mostly slows training; keep the rate constant")

    @staticmethod
    def _group_of_adam(facts: ModuleFacts, group: ast.AST, node: ast.AST, adam) -> bool:
        training, index = facts.training, facts.index
        scope = index.scope_of(node)
        # `optimizer.param_groups[0]["lr"]`
        if isinstance(group, ast.Subscript):
            group = group.value
        if isinstance(group, ast.Attribute) and group.attr == api.PARAM_GROUPS_ATTRIBUTE:
            optimizer = training.optimizer_of(group.value, scope)
            return optimizer is not None and optimizer.adam_family or optimizer is None and len(adam) > 0
        # `for g in optimizer.param_groups: g["lr"] *= 0.9`
        if isinstance(group, ast.Name):
            current = index.parents.get(node)
            while current is not None:
                if isinstance(current, ast.For) and isinstance(current.target, ast.Name) \
                        and current.target.id == group.id:
                    iterable = current.iter
                    if isinstance(iterable, ast.Attribute) and iterable.attr == api.PARAM_GROUPS_ATTRIBUTE:
                        optimizer = training.optimizer_of(iterable.value, scope)
                        return optimizer is not None and optimizer.adam_family or optimizer is None and len(adam) > 0
                    return False
                current = index.parents.get(current)
        return False


def _is_lr_subscript(target: ast.AST) -> bool:
    return isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and target.slice.value == api.PARAM_GROUP_LR_KEY


def _literal_at_most_one(facts: ModuleFacts, factor: ast.AST, node: ast.AST) -> bool:
    value = facts.values.literal(factor, facts.index.scope_of(node))
    return isinstance(value, (int, float)) and value <= 1


def _visibly_decays(facts: ModuleFacts, function: ast.AST | None, scope) -> bool:
    """A lambda/function whose body multiplies by a factor below 1 or raises a factor below 1 to a power."""
    if not isinstance(function, (ast.Lambda, ast.FunctionDef)):
        return False
    for node in ast.walk(function):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Pow, ast.Mult)):
            for side in (node.left,) if isinstance(node.op, ast.Pow) else (node.left, node.right):
                value = facts.values.literal(side, scope)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
                    return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and isinstance(node.left, ast.Constant) \
                and node.left.value == 1 and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Div):
            return True  # 1 - epoch / total: linear decay
    return False


#: the tips: ~0.001 works for Adam; rates above 0.01 diverge or kill ReLUs
LR_THRESHOLD = Option("adam-lr-threshold", float, 0.01,
                      "NN502 fires on an Adam-family learning rate above this value.")


@register
class AdamLearningRateTooHigh(Rule):
    """## What it does
    Flags an Adam-family optimizer (torch, Keras, TF1, optax) with a literal learning rate above 0.01
    (configurable with `adam-lr-threshold`), including `lr` in a param-group dict and a name bound once
    to a literal.

    ## Why it matters
    About 0.001 is a very good Adam learning rate. SGD-sized rates (0.1) make Adam's normalised steps far
    too large: the loss oscillates or diverges, and the network seems not to learn.

    ## Example
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    ```

    ## Use instead
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    ```
    """

    code = "NN502"
    name = "adam-lr-too-high"
    severity = Severity.WARNING
    summary = "Adam learning rate above 0.01"
    options = (LR_THRESHOLD,)

    valid = [
        Valid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
            sgd = torch.optim.SGD(model.parameters(), lr=0.1)
            tuned = torch.optim.Adam(model.parameters(), lr=config.lr)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            LR = 0.05
            optimizer = torch.optim.Adam(model.parameters(), lr=LR)
        """), at=((3, 13),)),
        Invalid(dedent("""
            import optax
            tx = optax.adam(0.1)
        """), at=((2, 6),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        threshold = facts.options[LR_THRESHOLD.name]
        index = facts.index
        for optimizer in facts.training.optimizers:
            if not optimizer.adam_family:
                continue
            scope = index.scope_of(optimizer.call)
            rates = []
            if optimizer.lr is not None:
                rates.append(index.values.literal(optimizer.lr, scope))
            params = argument(optimizer.call, 0, "params")
            if isinstance(params, (ast.List, ast.Tuple)):
                for group in params.elts:
                    if isinstance(group, ast.Dict):
                        for key, value in zip(group.keys, group.values):
                            if isinstance(key, ast.Constant) and key.value == api.PARAM_GROUP_LR_KEY:
                                rates.append(index.values.literal(value, scope))
            high = [r for r in rates if isinstance(r, (int, float)) and not isinstance(r, bool) and r > threshold]
            if high:
                yield Finding(optimizer.call, f"Adam-family optimizer with learning rate {high[0]:g} (> {threshold:g}): "
                                              f"Adam's normalised steps are then far too large and training oscillates "
                                              f"or diverges; start near 1e-3")
