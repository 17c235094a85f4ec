"""NN1: what sits on a model's output."""

from __future__ import annotations

from typing import Iterator

from ..analysis.flow import ARITH, PARAM, Op
from ..analysis.training import output_head
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks.spec import ACT, RELU_FAMILY
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet


def applied_to_residual(chain: list[Op], op: Op) -> bool:
    """An activation of a residual sum or gate product — or of the module's raw input (an activation
    wrapper such as `class GELU(nn.Module)` is not a model)."""
    position = next(i for i, candidate in enumerate(chain) if candidate is op)
    return position + 1 < len(chain) and chain[position + 1].kind in (ARITH, PARAM)


def _spelled_activation(facts: ModuleFacts, node, act: str) -> str:
    """The activation as the code writes it, with its value when that comes from elsewhere
    (`activation=output_activation`, which is "relu" here)."""
    import ast

    text = snippet(facts, node)
    value = node.value if isinstance(node, ast.keyword) else None
    if value is not None and not isinstance(value, ast.Constant) and act not in text:
        return f"{text}, which is {act} here"
    return text


@register
class OutputActivation(Rule):
    """## What it does
    Flags a ReLU-family activation (ReLU, ReLU6, LeakyReLU, PReLU, ELU, SELU, CELU, GELU, SiLU/Swish, Mish,
    Hardswish) applied to a model's final output: the last element of a `Sequential`, the value returned by
    `forward()`/`call()`, or the last layer of a Keras functional model (its `activation=` or a trailing
    activation layer).

    ## Why it matters
    The output layer should emit raw values (logits or regression targets). A ReLU there clips every
    negative output to zero, so the model cannot represent half of its targets and gradients die for
    those units. It is easy to get wrong when one helper builds every layer: turn the activation off for
    the last one.

    ## Example
    ```python
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.ReLU())
    ```

    ## Use instead
    ```python
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    ```
    Probability heads (softmax, sigmoid) are NN102–NN104's business and bounded heads (tanh) NN105's;
    blocks used inside a model (conv-bn-relu, residual blocks) are not outputs.

    ## Fix safety
    Unsafe: removing the output activation changes what the model predicts, so a model already trained or
    deployed with it gives different outputs (and any code that relied on non-negative outputs changes
    behaviour). Review it with `nnlint --diff --unsafe-fixes`, apply it with `--fix --unsafe-fixes`.
    """

    code = "NN101"
    name = "output-activation"
    severity = Severity.ERROR
    summary = "ReLU-family activation on the model's output"

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        """)),
        Valid(dedent("""
            import torch.nn as nn
            import torch.nn.functional as F

            class Block(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv = nn.Conv2d(8, 8, 3, padding=1)
                def forward(self, x):
                    return F.relu(self.conv(x) + x)

            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.block = Block()
                    self.fc = nn.Linear(8, 10)
                def forward(self, x):
                    return self.fc(self.block(x).mean((2, 3)))
        """)),
        Valid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
        """)),
        Valid(dedent("""
            import torch.nn as nn
            class Linear(nn.Module):
                pass
            def relu(x):
                return x
            head = nn.Sequential(nn.Linear(3, 3), nn.Tanh())
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())
        """), at=((2, 68),), fixed="import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\n"),
        Invalid(dedent("""
            import torch
            from torch import nn
            import torch.nn.functional as F

            class Regressor(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc1 = nn.Linear(16, 32)
                    self.out = nn.Linear(32, 1)
                def forward(self, x):
                    x = F.relu(self.fc1(x))
                    return F.relu(self.out(x))
        """), at=((12, 16),)),
        Invalid(dedent("""
            import tensorflow as tf
            inputs = tf.keras.Input(shape=(8,))
            x = tf.keras.layers.Dense(32, activation="relu")(inputs)
            outputs = tf.keras.layers.Dense(1, activation="relu")(x)
            model = tf.keras.Model(inputs=inputs, outputs=outputs)
        """), at=((4, 36),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen: set[int] = set()
        outputs = [(model, chain) for model in facts.models for chain in model.chains]
        # what a loss is fed is a model's output too (TF1 graphs have no model object)
        outputs += [(None, chain) for use in facts.loss_uses for chain in use.chains]
        for model, chain in outputs:
            op = output_head(chain)
            if op is None or op.act not in RELU_FAMILY:
                continue
            if op.kind == ACT and applied_to_residual(chain, op):
                continue
            if op.kind != ACT and not op.is_learned:
                continue
            node = op.act_node or op.node
            if id(node) in seen:
                continue
            seen.add(id(node))
            if model is None:
                where = "the prediction fed to the loss"
            else:
                where = "the last layer" if model.kind != "class" else f"the output of {model.name}"
            yield Finding(
                node,
                f"{op.act} on the model's output ({_spelled_activation(facts, node, op.act)}, {where}); remove it: "
                f"the model can never predict a negative value and the loss never sees raw logits",
                fix=remedies.remove_activation(facts, node, "Remove the output activation"),
            )
