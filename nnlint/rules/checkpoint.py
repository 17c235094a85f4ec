"""NN4: checkpoints must carry the optimizer's state."""

from __future__ import annotations

import re

import ast
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
from .describe import snippet

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
                            yield Finding(saver, "tf.train.Saver() built before the optimizer's minimize()/"
                                                 "apply_gradients() creates its slot variables; build the train op "
                                                 "first, then the Saver: Adam's moments are otherwise never saved and a "
                                                 "restored run restarts the optimizer cold",
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
    Flags a checkpoint to resume from that holds the model only, in a script that trains with an Adam-family
    optimizer: `torch.save(model.state_dict(), …)`, `torch.save(model, …)` or a dict checkpoint without the
    optimizer's state, `tf.train.Checkpoint(model=…)` without the optimizer, Keras `model.save_weights(…)` or
    `ModelCheckpoint(save_weights_only=True)` — made periodically inside the training loop, or anywhere in a
    script that resumes training from its checkpoints (loads one into the model, then trains).

    ## Why it matters
    Adam keeps per-weight moment estimates. Resuming from a model-only checkpoint restarts them at zero,
    and the first steps after a restart take oversized updates that can undo hours of training.

    ## Example
    ```python
    for epoch in range(epochs):
        train_one_epoch(model, optimizer, loader)
        torch.save(model.state_dict(), f"ckpt_{epoch}.pt")
    ```

    ## Use instead
    ```python
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, f"ckpt_{epoch}.pt")
    ```
    A single export after training, a best-model save in a script that never resumes, saves before training
    and saves of anything but the trained model (vocabularies, embedding caches) are not checkpoints to resume
    from, and are fine.
    """

    code = "NN402"
    name = "checkpoint-without-optimizer-state"
    severity = Severity.WARNING
    summary = "checkpoint of an Adam-trained model without the optimizer state"

    valid = [
        Valid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters())
            for epoch in range(10):
                train_one_epoch(model, optimizer)
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, "ckpt.pt")
        """)),
        Valid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters())
            for epoch in range(10):
                loss = model(x).sum()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            torch.save(model.state_dict(), "export.pt")
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            for epoch in range(10):
                loss = model(x).sum()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                torch.save(model.state_dict(), "ckpt.pt")
        """), at=((8, 5),)),
        Invalid(dedent("""
            import tensorflow as tf
            optimizer = tf.keras.optimizers.Adam()
            ckpt = tf.train.Checkpoint(model=model, step=step)
            for step in range(1000):
                with tf.GradientTape() as tape:
                    loss = loss_fn(model(x))
                optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
                ckpt.save("ckpt")
        """), at=((3, 8),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        if not any(o.adam_family for o in facts.training.optimizers):
            return
        from ..analysis.checkpoints import CHECKPOINT_OBJECT, KERAS_CALLBACK, Checkpoints

        checkpoints = Checkpoints(facts)
        for save in checkpoints.model_only_saves():
            optimizer = checkpoints.optimizer_for(save.model)
            when = "made in the training loop" if save.periodic else "in a script that resumes from its checkpoints"
            state = f"`{optimizer}.state_dict()`" if optimizer else "the optimizer's `state_dict()`"
            if save.kind == CHECKPOINT_OBJECT:
                what, advice = "tf.train.Checkpoint without the optimizer", \
                    f"pass `optimizer={optimizer or 'optimizer'}` too"
            elif save.kind == KERAS_CALLBACK:
                when = "saving every epoch" if save.periodic else when
                what, advice = "ModelCheckpoint(save_weights_only=True)", \
                    "drop `save_weights_only=True` (a full save keeps the optimizer)"
            elif save.kind == "save_weights":
                what, advice = "model.save_weights()", "use model.save() or a tf.train.Checkpoint with the optimizer"
            else:
                what, advice = f"model-only checkpoint {snippet(facts, save.call)}", f"save {state} in it too"
            yield Finding(save.call, f"{what} {when}, of an Adam-trained model; {advice}: resuming from it restarts "
                                     f"Adam's moment estimates from zero")
