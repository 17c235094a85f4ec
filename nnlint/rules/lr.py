"""NN5: learning rates for Adam — no decay schedule, a rate near 1e-3."""

from __future__ import annotations

import ast
from typing import Iterator

from ..analysis.flow import argument
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from ..frameworks.spec import SMOOTH_DECAY, STEP_DECAY
from .base import Finding, Invalid, Option, Rule, Valid, dedent
from .describe import snippet
from .registry import register


@register
class DecayWithAdam(Rule):
    """## What it does
    Flags a step or exponential learning-rate decay attached to an Adam-family optimizer: torch `StepLR`,
    `MultiStepLR`, `ExponentialLR`, a decaying `MultiplicativeLR`/`LambdaLR` (`0.95 ** epoch`); Keras
    `ExponentialDecay`/`InverseTimeDecay`/`PiecewiseConstantDecay` or a `LearningRateScheduler` whose function
    visibly decays, on the model it is given to; TF1 `tf.train.exponential_decay`/`piecewise_constant`; optax
    `exponential_decay`; a manual `g["lr"] *= γ` on an Adam optimizer's param groups, or a rate variable decayed
    and written back (`lr /= 3; update_lr(optimizer, lr)`).

    ## Why it matters
    Adam already adapts each weight's step size; stacking a decay schedule on top mostly slows training
    and hides problems. Practitioners found geometric per-step decay hurt and decaying early hurt: keep the
    rate constant, and at most lower it briefly at the very end.

    ## Example
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
    ```

    ## Use instead
    ```python
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)   # no schedule
    ```
    `ReduceLROnPlateau`, warm-up-only schedules, `CyclicLR` and SGD-family optimizers are fine; smooth
    whole-run and warm-up schedules (cosine, linear, one-cycle, `get_*_schedule_with_warmup`) are NN503's.
    """

    code = "NN501"
    name = "decay-with-adam"
    severity = Severity.WARNING
    summary = "step or exponential learning-rate decay on an Adam-family optimizer"

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
            cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
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
        for decay in facts.adam_decays:
            if decay.shape == STEP_DECAY:
                yield Finding(decay.node, _message(facts, decay, "keep Adam's rate constant (at most a short decay "
                              "at the end): Adam adapts its steps already, and step or exponential decay mostly "
                              "slows training"))


@register
class SmoothDecayWithAdam(Rule):
    """## What it does
    Flags a smooth whole-run decay or a warm-up-then-decay schedule on an Adam-family optimizer:
    `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `PolynomialLR`, a decaying `LinearLR`,
    a LambdaLR of `1 - epoch / total` or a cosine, `get_linear_schedule_with_warmup` and the other
    `get_*_schedule_with_warmup`, Keras `CosineDecay`/`CosineDecayRestarts`/`PolynomialDecay`, TF1
    `cosine_decay`/`polynomial_decay`, optax `cosine_decay_schedule`/`warmup_cosine_decay_schedule`/
    `linear_schedule`. Opt-in.

    ## Why it matters
    This is the transformer and fine-tuning recipe (AdamW with warm-up and cosine or linear decay), and it
    works; the tips found a constant Adam rate works about as well, with one knob less. The hint is for those
    who want to check that the schedule earns its keep. Step and exponential decays are NN501.

    ## Example
    ```python
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
    ```

    ## Use instead
    ```python
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)   # a constant rate; try it against the schedule
    ```
    """

    code = "NN503"
    name = "smooth-decay-with-adam"
    severity = Severity.INFO
    summary = "smooth or warm-up learning-rate decay on an Adam-family optimizer"
    opt_in = True

    valid = [
        Valid(dedent("""
            import torch
            optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
            warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=500)
            plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer)
            sgd = torch.optim.SGD(model.parameters(), lr=0.1)
            cosine = torch.optim.lr_scheduler.CosineAnnealingLR(sgd, T_max=100)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
            scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
        """), at=((3, 13),)),
        Invalid(dedent("""
            from transformers import get_linear_schedule_with_warmup
            from torch.optim import AdamW
            optimizer = AdamW(model.parameters(), lr=5e-5)
            scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=10000)
        """), at=((4, 13),)),
        Invalid(dedent("""
            import tensorflow as tf
            schedule = tf.keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10000)
            optimizer = tf.keras.optimizers.Adam(learning_rate=schedule)
        """), at=((2, 12),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for decay in facts.adam_decays:
            if decay.shape == SMOOTH_DECAY:
                yield Finding(decay.node, _message(facts, decay, "the transformer/fine-tuning recipe; a constant "
                              "Adam rate often trains as well, so check the schedule earns its keep"))


def _message(facts: ModuleFacts, decay, advice: str) -> str:
    optimizer = f"`{decay.optimizer}`" if decay.optimizer and not decay.optimizer.startswith("the ") else \
        decay.optimizer or "an Adam-family optimizer"
    if decay.name == "manual decay":
        what = f"manual learning-rate decay ({snippet(facts, decay.node)}) on {optimizer}"
    else:
        what = f"{decay.name} decays the learning rate of {optimizer}"
    if decay.optimizer and not decay.optimizer.startswith("the "):
        what += " (Adam-family)"
    message = f"{what}; {advice}"
    if decay.never_stepped:
        message += "; note that nothing calls `.step()` on it, so as written it never changes the rate"
    return message


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
        """), at=((3, 50),)),
        Invalid(dedent("""
            import optax
            tx = optax.adam(0.1)
        """), at=((2, 17),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        threshold = facts.options[LR_THRESHOLD.name]
        index = facts.index
        for optimizer in facts.training.optimizers:
            if not optimizer.adam_family:
                continue
            scope = index.scope_of(optimizer.call)
            rates = []  # (the rate, where it is written)
            if optimizer.lr is not None:
                rates.append((index.values.literal(optimizer.lr, scope), optimizer.lr_node))
            params = argument(optimizer.call, 0, "params")
            if isinstance(params, (ast.List, ast.Tuple)):
                for group in params.elts:
                    if isinstance(group, ast.Dict):
                        for key, value in zip(group.keys, group.values):
                            if isinstance(key, ast.Constant) and key.value == api.PARAM_GROUP_LR_KEY:
                                rates.append((index.values.literal(value, scope), value))
            high = [(r, node) for r, node in rates
                    if isinstance(r, (int, float)) and not isinstance(r, bool) and r > threshold]
            if high:
                rate, node = high[0]
                # the caret under `lr=0.05` — when it is on the line the optimizer call starts (the contract's line)
                where = node if node is not None and node.lineno == optimizer.call.lineno else optimizer.call
                yield Finding(where, f"learning rate {rate:g} on an Adam-family optimizer (above {threshold:g}); start "
                                     f"near 1e-3: Adam's normalised steps are far too large at this rate and training "
                                     f"oscillates or diverges")
