"""NN102–NN106: the output activation must match what the loss expects."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import frameworks
from ..analysis.training import head_activation
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks.spec import (
    BOUNDED, LOSS_BINARY_PROBS, LOSS_CATEGORICAL_PROBS, LOSS_LOG_PROBS, LOSS_REGRESSION, LOSS_SIGMOID_LOGITS,
    LOSS_SOFTMAX_LOGITS, RELU_FAMILY,
)
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet


def matched_heads(facts: ModuleFacts):
    """(loss use, activation on the prediction, the op carrying it) for every loss and prediction chain."""
    for use in facts.loss_uses:
        for chain in use.chains:
            act, op = head_activation(chain)
            if op is not None:
                yield use, act, op


@register
class DoubleActivation(Rule):
    """## What it does
    Flags a softmax/sigmoid (or log_softmax's sibling) on a model's output that is then fed to a loss
    that applies the same function again: `nn.CrossEntropyLoss`/`F.cross_entropy` after softmax,
    `BCEWithLogitsLoss` after sigmoid, a Keras loss with `from_logits=True` after a softmax/sigmoid head,
    TF's `*_cross_entropy_with_logits` on activated outputs.

    ## Why it matters
    The loss squashes an already squashed output: gradients shrink, training crawls and the reported loss
    is wrong. The output layer should emit raw logits when the loss applies the activation itself.

    ## Example
    ```python
    logits = self.fc(x)
    return F.softmax(logits, dim=1)   # ... criterion = nn.CrossEntropyLoss()
    ```

    ## Use instead
    ```python
    return self.fc(x)                 # CrossEntropyLoss applies log-softmax itself
    ```
    `LogSoftmax` + `NLLLoss`, `sigmoid` + `BCELoss` and a softmax head with a probability loss are right.

    ## Fix safety
    Unsafe: removing the activation changes the model's outputs — code that reads its predictions as
    probabilities (inference, metrics, an exported model) then gets logits. The loss keeps applying the
    activation, so training is right afterwards; apply it with `--fix --unsafe-fixes` after checking the callers.
    """

    code = "NN102"
    name = "double-activation"
    severity = Severity.ERROR
    summary = "activation applied twice: by the model and by the loss"

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))
            loss_fn = nn.NLLLoss()
            loss = loss_fn(model(x), y)
        """)),
        Valid(dedent("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
        """), at=((2, 40),), fixed="import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 3))\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(x), y)\n"),
        Invalid(dedent("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """), at=((2, 56),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen = set()
        for use, act, op in matched_heads(facts):
            twice = (use.kind == LOSS_SOFTMAX_LOGITS and act == "softmax") or (
                use.kind == LOSS_SIGMOID_LOGITS and act in ("sigmoid",))
            node = op.act_node or op.node
            if twice and id(node) not in seen:
                seen.add(id(node))
                yield Finding(node, f"{act} on the output ({snippet(facts, node)}) feeds a loss that applies {act} "
                                    f"itself ({snippet(facts, use.node)}); remove it and feed the loss raw logits: "
                                    f"applied twice, the activation squashes the gradients",
                              fix=remedies.remove_activation(facts, node, f"Remove the {act}"))


@register
class SingleUnitSoftmax(Rule):
    """## What it does
    Flags a softmax over an output of size 1: `Dense(1, activation="softmax")`, `nn.Linear(h, 1)`
    followed by `nn.Softmax(dim=-1)`.

    ## Why it matters
    Softmax normalises across units; over a single unit it returns the constant 1, whatever the input.
    The model outputs 1.0 forever and nothing trains.

    ## Example
    ```python
    layers.Dense(1, activation="softmax")
    ```

    ## Use instead
    ```python
    layers.Dense(1, activation="sigmoid")   # one unit: a binary probability
    layers.Dense(num_classes, activation="softmax")
    ```
    A softmax over a time axis of a `Dense(1)` attention scorer is fine.
    """

    code = "NN103"
    name = "single-unit-softmax"
    severity = Severity.ERROR
    summary = "softmax over a single unit is always 1"

    valid = [
        Valid(dedent("""
            from tensorflow.keras import layers
            head = layers.Dense(1, activation="sigmoid")
            scores = layers.Dense(1)(h)
            weights = layers.Softmax(axis=1)(scores)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from tensorflow.keras import layers
            head = layers.Dense(1, activation="softmax")
        """), at=((2, 24),)),
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(16, 1), nn.Softmax(dim=-1))
        """), at=((2, 41),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        from ..analysis.single_unit import single_unit_softmaxes

        for node in single_unit_softmaxes(facts):
            yield Finding(node, f"softmax over a single unit ({snippet(facts, node)}); use sigmoid for one unit, or "
                                f"give the layer one unit per class: a one-unit softmax always outputs 1.0, so nothing "
                                f"can be learned")


@register
class LogitsIntoProbabilityLoss(Rule):
    """## What it does
    Flags a loss that expects probabilities fed by a model whose output has no probability activation:
    Keras `categorical_crossentropy`/`sparse_categorical_crossentropy`/`binary_crossentropy` (string,
    class or function) with `from_logits` false or absent, `nn.NLLLoss` without a preceding
    `log_softmax`, `nn.BCELoss` on raw outputs, a hand-written `-sum(y * log(p))` on logits.

    ## Why it matters
    The loss takes the log of values that are not probabilities: negative or >1 logits give NaN or
    nonsense gradients. Either put the activation on the output, or tell the loss it gets logits.

    ## Example
    ```python
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)])
    model.compile(loss="sparse_categorical_crossentropy")
    ```

    ## Use instead
    ```python
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Fix safety
    Safe: setting `from_logits=True` (or using the loss class with it) changes only how the loss is
    computed; the model, its parameters and its outputs stay as they are, so checkpoints load as before.
    """

    code = "NN104"
    name = "logits-into-probability-loss"
    severity = Severity.ERROR
    summary = "raw outputs fed to a loss that expects probabilities"

    valid = [
        Valid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(10)])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        """), at=((3, 33),), fixed='from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])\nmodel.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n'),
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
            criterion = nn.NLLLoss()
            loss = criterion(model(x), y)
        """), at=((3, 13),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen = set()
        for use, act, op in matched_heads(facts):
            raw = act == "logits" or act in RELU_FAMILY
            expects = use.kind in (LOSS_CATEGORICAL_PROBS, LOSS_BINARY_PROBS, LOSS_LOG_PROBS)
            if raw and expects and id(use.node) not in seen:
                seen.add(id(use.node))
                wanted = "log-probabilities (log_softmax)" if use.kind == LOSS_LOG_PROBS else "probabilities"
                fix = _logits_advice(facts, use)
                yield Finding(use.node, f"{snippet(facts, use.node)} expects {wanted} but gets the raw output of "
                                        f"{snippet(facts, op.node)}; {fix}: the log of values that are not "
                                        f"probabilities gives NaN or meaningless gradients",
                              fix=remedies.from_logits(facts, use.node))


@register
class BoundedOutputActivation(Rule):
    """## What it does
    Flags tanh, hardtanh, softsign or softplus on a model's final output, and sigmoid on an output
    trained with a regression loss (MSE/MAE/Huber). Opt-in.

    ## Why it matters
    A bounded output cannot reach targets outside its range. That is right for a GAN generator's [-1, 1]
    images or a positive variance head, and wrong for unbounded regression targets — check which yours is.

    ## Example
    ```python
    model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1), nn.Tanh())  # targets in [0, 500]
    ```

    ## Use instead
    ```python
    model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1))
    ```
    """

    code = "NN105"
    name = "bounded-output-activation"
    severity = Severity.INFO
    summary = "bounded activation on the model's output"
    opt_in = True

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1))
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 1), nn.Tanh())
        """), at=((2, 70),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen = set()
        outputs = [chain for model in facts.models for chain in model.chains]
        outputs += [chain for use in facts.loss_uses for chain in use.chains]  # TF1: what the loss is fed
        for chain in outputs:
            act, op = head_activation(chain)
            if op is not None and act in BOUNDED:
                node = op.act_node or op.node
                if id(node) not in seen:
                    seen.add(id(node))
                    yield Finding(node, f"{act} bounds the model's output ({snippet(facts, node)}): targets "
                                        f"outside its range are unreachable; keep it only if the targets share "
                                        f"that range")
        for use, act, op in matched_heads(facts):
            node = op.act_node or op.node
            if use.kind == LOSS_REGRESSION and act == "sigmoid" and id(node) not in seen:
                seen.add(id(node))
                yield Finding(node, f"sigmoid on an output trained with a regression loss ({snippet(facts, use.node)}): "
                                    f"predictions are confined to (0, 1); remove it unless the targets are")


@register
class MismatchedProbabilityLoss(Rule):
    """## What it does
    Flags a sigmoid output trained with a categorical cross-entropy (Keras `categorical_crossentropy`,
    `CategoricalCrossentropy`, `sparse_…`, TF1 `softmax_cross_entropy` on sigmoid outputs, `NLLLoss` on
    `log(sigmoid)`).

    ## Why it matters
    Per-class sigmoids do not sum to one, so a categorical cross-entropy only pushes the true class up and
    never the others down: every class drifts towards 1.

    ## Example
    ```python
    layers.Dense(10, activation="sigmoid")   # ... loss="categorical_crossentropy"
    ```

    ## Use instead
    ```python
    layers.Dense(10, activation="softmax")   # one label per sample
    # or keep sigmoid with loss="binary_crossentropy" for multi-label targets
    ```
    """

    code = "NN106"
    name = "mismatched-probability-loss"
    severity = Severity.ERROR
    summary = "sigmoid output trained with a categorical cross-entropy"

    valid = [
        Valid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="sigmoid")])
            model.compile(loss="binary_crossentropy")
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="sigmoid")])
            model.compile(loss="categorical_crossentropy")
        """), at=((2, 50),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen = set()
        for use, act, op in matched_heads(facts):
            categorical = use.kind in (LOSS_CATEGORICAL_PROBS, LOSS_SOFTMAX_LOGITS)
            mismatch = (categorical and act == "sigmoid") or (use.kind == LOSS_LOG_PROBS and act == "logsigmoid")
            node = op.act_node or op.node
            if mismatch and id(node) not in seen:
                seen.add(id(node))
                yield Finding(node, f"sigmoid output ({snippet(facts, node)}) trained with a categorical loss "
                                    f"({snippet(facts, use.node)}); use softmax for one label per sample, or a binary "
                                    f"cross-entropy for multi-label targets: per-class sigmoids do not sum to one")


def _logits_advice(facts: ModuleFacts, use) -> str:
    """What to do about logits fed to a probability loss, in the loss's own framework."""
    node = use.node.value if isinstance(use.node, ast.keyword) else use.node
    if isinstance(node, ast.Constant):  # `loss="categorical_crossentropy"`: a Keras loss by name
        return "set from_logits=True on the loss"
    call = node if isinstance(node, ast.Call) else None
    record = frameworks.record_of(facts.index.qualify(call.func)) if call is not None else None
    if record is not None and record.losses_take_from_logits and not use.hand_written:
        return "set from_logits=True on the loss"
    if use.kind == LOSS_LOG_PROBS:
        return "apply log_softmax to the output, or use the loss that takes logits (cross-entropy)"
    activation = "sigmoid" if use.kind == LOSS_BINARY_PROBS else "softmax"
    takes_logits = record.logits_loss_advice.get(activation) if record is not None else None
    if takes_logits:
        return f"apply {activation} to the output first, or compute the loss from the logits with {takes_logits}"
    return f"apply {activation} to the output first, or use a loss that takes logits"
