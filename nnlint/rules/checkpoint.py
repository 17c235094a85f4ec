"""NN4: checkpoints must carry the optimizer's state."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..analysis.execution import ExecutionOrder
from ..analysis.flow import argument
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from .. import frameworks
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent

_MODEL_NAME = re.compile(r"model|net|classifier|encoder|decoder|generator|discriminator", re.IGNORECASE)
_OPTIMIZER_NAME = re.compile(r"optim|(^|_)opt(_|$|imizer)", re.IGNORECASE)


@register
class SaverBeforeOptimizerSlots(Rule):
    """## What it does
    Flags a TF1 `tf.train.Saver()` built without an explicit `var_list` before the optimizer that creates
    slot variables (Adam, Adagrad, RMSProp, Momentum, Adadelta, Ftrl, …) builds them with `.minimize()` or
    `.apply_gradients()` — in execution order, following calls within the module, not line order.

    ## Why it matters
    A Saver without `var_list` snapshots the global variables that exist when it is built. Adam's moment
    estimates are created later by `minimize()`, so they are never saved: a restored run restarts Adam
    cold, with a burst of huge updates. Build the optimizer and its train op first, then the Saver.

    ## Example
    ```python
    saver = tf.train.Saver()
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    ```

    ## Use instead
    ```python
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    saver = tf.train.Saver()
    ```

    ## Fix safety
    Unsafe: moving the Saver makes it save and restore Adam's slot variables too, so restoring a checkpoint
    written before the fix fails (`NotFoundError: Key ... /Adam not found in checkpoint`) unless you restore
    with the old variable list once. Apply it with `--fix --unsafe-fixes`.
    """

    code = "NN401"
    name = "saver-before-optimizer-slots"
    severity = Severity.ERROR
    summary = "TF1 Saver built before the optimizer creates its slot variables"

    valid = [
        Valid(dedent("""
            import tensorflow as tf
            train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
            saver = tf.train.Saver()
        """)),
        Valid(dedent("""
            import tensorflow as tf
            saver = tf.train.Saver(var_list=tf.trainable_variables())
            train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
        """)),
        Valid(dedent("""
            import tensorflow as tf
            saver = tf.train.Saver()
            train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import tensorflow as tf
            saver = tf.train.Saver(max_to_keep=5)
            train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
        """), at=((2, 9),), fixed="import tensorflow as tf\ntrain_op = tf.train.AdamOptimizer(1e-3).minimize(loss)\nsaver = tf.train.Saver(max_to_keep=5)\n"),
        Invalid(dedent("""
            import tensorflow.compat.v1 as tf

            class Trainer:
                def train(self):
                    self.train_op = self.opt.minimize(self.loss)

                def __init__(self):
                    self.opt = tf.train.AdamOptimizer(1e-3)
                    self.build()

                def build(self):
                    self.loss = make_loss()
                    self.saver = tf.train.Saver()
        """), at=((13, 22),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        index = facts.index
        if not any(index.qualify(c.func) in frameworks.SAVERS for c in index.calls):
            return
        slot_optimizers = [o for o in facts.training.optimizers if o.spec and o.spec.creates_slots]
        if not slot_optimizers:
            return
        reported: set[int] = set()
        for sequence in ExecutionOrder(index).sequences():
            pending: list[ast.Call] = []
            for call in sequence:
                if index.qualify(call.func) in frameworks.SAVERS and not _explicit_var_list(call):
                    pending.append(call)
                elif self._creates_slots(facts, call, slot_optimizers):
                    for saver in pending:
                        if id(saver) not in reported:
                            reported.add(id(saver))
                            yield Finding(saver, "tf.train.Saver() is built before the optimizer's minimize()/"
                                                 "apply_gradients() creates its slot variables, so Adam's moments are "
                                                 "never saved and a restored run restarts the optimizer cold; build the "
                                                 "train op first, then the Saver",
                                          fix=remedies.move_saver(facts, saver))
                    pending = []

    @staticmethod
    def _creates_slots(facts: ModuleFacts, call: ast.Call, slot_optimizers) -> bool:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in api.TRAIN_OP_METHODS):
            return False
        scope = facts.index.scope_of(call)
        optimizer = facts.training.optimizer_of(func.value, scope)
        if optimizer is not None:
            return bool(optimizer.spec and optimizer.spec.creates_slots)
        return True  # an optimizer we cannot see in a file that builds slot-creating ones


def _explicit_var_list(call: ast.Call) -> bool:
    return argument(call, *api.SAVER_VAR_LIST) is not None


@register
class CheckpointWithoutOptimizerState(Rule):
    """## What it does
    Flags a training script that builds an Adam-family optimizer but checkpoints only the model:
    `torch.save(model.state_dict(), …)`, `torch.save(model, …)` or a dict checkpoint with no optimizer
    state, when `optimizer.state_dict()` is saved nowhere in the module; `tf.train.Checkpoint(model=…)`
    with no optimizer; Keras `model.save_weights(…)` as the only checkpoint of an Adam-trained model.

    ## Why it matters
    Adam keeps per-weight moment estimates. Resuming from a model-only checkpoint restarts them at zero,
    and the first steps after a restart take oversized updates that can undo hours of training.

    ## Example
    ```python
    torch.save(model.state_dict(), "ckpt.pt")
    ```

    ## Use instead
    ```python
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, "ckpt.pt")
    ```
    """

    code = "NN402"
    name = "checkpoint-without-optimizer-state"
    severity = Severity.WARNING
    summary = "checkpoint of an Adam-trained model without the optimizer state"

    valid = [
        Valid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters())
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, "ckpt.pt")
        """)),
        Valid(dedent("""
            import torch
            torch.save(model.state_dict(), "export.pt")
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            torch.save(model.state_dict(), "ckpt.pt")
        """), at=((3, 1),)),
        Invalid(dedent("""
            import tensorflow as tf
            optimizer = tf.keras.optimizers.Adam()
            ckpt = tf.train.Checkpoint(model=model, step=step)
        """), at=((3, 8),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        index, training = facts.index, facts.training
        adam = [o for o in training.optimizers if o.adam_family]
        if not adam:
            return
        saves, checkpoints, save_weights = [], [], []
        for call in index.calls:
            qual = index.qualify(call.func)
            if qual in frameworks.MODEL_SAVERS and call.args:
                saves.append(call)
            elif qual in frameworks.CHECKPOINTS:
                checkpoints.append(call)
            elif isinstance(call.func, ast.Attribute) and call.func.attr == api.WEIGHTS_ONLY_SAVE_METHOD:
                save_weights.append(call)
        if self._optimizer_state_taken(facts) or any(self._holds_optimizer(facts, c.args[0], c) for c in saves):
            saves = []  # the optimizer state is saved somewhere in the module
        for call in saves:
            if not self._visibly_model_only(facts, call.args[0], call):
                continue  # `torch.save(state, path)` in a helper: what `state` holds is the caller's business
            yield Finding(call, "checkpoint of the model only, while the module trains with an Adam-family "
                                "optimizer: resuming restarts Adam's moment estimates from zero; save "
                                "`optimizer.state_dict()` in the same checkpoint")
        for call in checkpoints:
            values = list(call.args) + [k.value for k in call.keywords]
            if not any(self._holds_optimizer(facts, value, call) for value in values) and not any(
                    k.arg and "optim" in k.arg.lower() for k in call.keywords):
                yield Finding(call, "tf.train.Checkpoint without the optimizer: resuming restarts Adam's moment "
                                    "estimates from zero; pass `optimizer=optimizer` too")
        keeps_optimizer = any(
            isinstance(c.func, ast.Attribute) and c.func.attr == api.FULL_SAVE_METHOD and index.qualify(c.func) is None
            and not _looks_like_file_api(c) for c in index.calls
        ) or bool(checkpoints)
        if not keeps_optimizer:
            for call in save_weights:
                yield Finding(call, "model.save_weights() is the only checkpoint of an Adam-trained model: the "
                                    "optimizer state is lost on resume; use model.save() or a tf.train.Checkpoint "
                                    "with the optimizer")

    @staticmethod
    def _optimizer_state_taken(facts: ModuleFacts) -> bool:
        """`optimizer.state_dict()` called anywhere in the module: its state goes into some checkpoint
        (built in a dict, filled key by key, handed to a save helper)."""
        for call in facts.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == api.STATE_DICT_METHOD:
                owner = func.value
                scope = facts.index.scope_of(call)
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                if facts.training.optimizer_of(owner, scope) is not None or _OPTIMIZER_NAME.search(name):
                    return True
        return False

    @staticmethod
    def _visibly_model_only(facts: ModuleFacts, value: ast.AST, call: ast.Call) -> bool:
        """A save whose value we can see: `model.state_dict()`, a model, or a dict built right there."""
        if isinstance(value, ast.Name):
            scope = facts.index.scope_of(call)
            if facts.values.is_parameter(value, scope):
                return bool(_MODEL_NAME.search(value.id))  # `def train(model, …): torch.save(model, …)`
            binding, where = facts.values.resolve(value, scope)
            # a module-level model saved from a function counts whatever built it
            return binding is not None and (binding.value is not None or where is not scope)
        return True

    def _holds_optimizer(self, facts: ModuleFacts, value: ast.AST, call: ast.Call) -> bool:
        """Does this checkpoint value include an optimizer (its state_dict, the object, an `optimizer` key)?"""
        scope = facts.index.scope_of(call)
        resolved = facts.values.value(value, scope) if isinstance(value, ast.Name) else value
        for node in ast.walk(resolved if resolved is not None else value):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _OPTIMIZER_NAME.search(node.value):
                return True
            if isinstance(node, (ast.Name, ast.Attribute)):
                if facts.training.optimizer_of(node, scope) is not None:
                    return True
                name = node.id if isinstance(node, ast.Name) else node.attr
                if _OPTIMIZER_NAME.search(name):
                    return True
        return False


def _looks_like_file_api(call: ast.Call) -> bool:
    receiver = call.func.value
    name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
    return bool(re.search(r"fig|plt|img|image|np|df|writer|saver|ckpt|checkpoint|manager", name, re.IGNORECASE))
