"""NN2: every layer gets a bias, unless a normalisation layer follows."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import frameworks
from ..analysis.consumers import Consumers
from ..analysis.flow import UNKNOWN, Op, keyword
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks.spec import ACT, BIASED, NORM, PASS
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet

NORM_FOLLOWS, OTHER_FOLLOWS, NOT_SEEN = "norm", "other", "unknown"


def classify(paths: list[list[Op]]) -> set[str]:
    """What each consumer path starts with, skipping parameter-free steps and activations."""
    result = set()
    for path in paths:
        first = next((op for op in path if op.kind not in (PASS, ACT)), None)
        if first is None:
            result.add(NOT_SEEN)
        elif first.is_norm:
            result.add(NORM_FOLLOWS)
        elif first.kind == UNKNOWN:
            result.add(NOT_SEEN)
        else:
            result.add(OTHER_FOLLOWS)
    return result


def norm_nearby(facts: ModuleFacts, node: ast.AST) -> bool:
    """Is there a normalisation layer in the class (or function) that builds this layer?"""
    index = facts.index
    container = index.class_of(node)
    root = container.node if container is not None else index.enclosing_function(node)
    for call in (c for c in ast.walk(root) if isinstance(c, ast.Call)):
        spec = frameworks.layer_spec(index.qualify(call.func))
        if spec is not None and spec.kind == NORM:
            return True
        op = facts.flow.construct_op(call, None)
        if op is not None and op.kind == UNKNOWN and op.is_norm:
            return True
    return False


@register
class BiasDisabled(Rule):
    """## What it does
    Flags `bias=False` (PyTorch) and `use_bias=False` (Keras, TF1, Flax) on dense and convolution layers
    whose output does not go straight into a normalisation layer.

    ## Why it matters
    Every layer needs its bias: y = Wx + b, and without b the fitted plane must pass through the origin, so
    the layer cannot shift its output. A normalisation layer right after (BatchNorm, LayerNorm, GroupNorm,
    InstanceNorm) subtracts the mean and adds its own shift, which is why ResNet's conv→BN drops the bias;
    anywhere else the bias is missing capacity.

    ## Example
    ```python
    head = nn.Sequential(nn.Linear(512, 256, bias=False), nn.ReLU(), nn.Linear(256, 10))
    ```

    ## Use instead
    ```python
    head = nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    ```
    Transformer projections with `bias=False` do fire (it is a warning): silence them per file or per
    project if that is your design.

    ## Fix safety
    Unsafe: dropping `bias=False` adds a bias parameter, so the layer's `state_dict` (Keras: its weights)
    gains an entry and a checkpoint saved before the fix no longer loads strictly
    (`RuntimeError: ... Missing key(s) in state_dict: "fc.bias"`). Retrain, or load with `strict=False`,
    after applying it with `--fix --unsafe-fixes`.
    """

    code = "NN201"
    name = "bias-disabled"
    severity = Severity.WARNING
    summary = "bias disabled on a layer not followed by normalisation"

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            block = nn.Sequential(nn.Conv2d(3, 64, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        """)),
        Valid(dedent("""
            import torch.nn as nn
            import torch.nn.functional as F

            class Stem(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
                    self.bn1 = nn.BatchNorm2d(64)
                def forward(self, x):
                    return F.relu(self.bn1(self.conv1(x)))
        """)),
        Valid(dedent("""
            from tensorflow.keras import layers
            x = layers.Conv2D(32, 3, use_bias=False)(inputs)
            x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
        """)),
        Valid(dedent("""
            import torch.nn as nn
            layer = nn.Linear(4, 4, bias=True)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            model = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))
        """), at=((2, 39),), fixed="import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\n"),
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu", use_bias=False),
                keras.layers.Dense(10),
            ])
        """), at=((3, 47),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        consumers = Consumers(facts.index, facts.flow)
        index = facts.index
        for call in index.calls:
            spec = frameworks.layer_spec(index.qualify(call.func))
            if spec is None or spec.kind not in BIASED or not spec.bias_kw:
                continue
            kw = keyword(call, spec.bias_kw)
            if kw is None or not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                continue
            found = classify(consumers.of_construct(call))
            if NORM_FOLLOWS in found:
                continue
            if OTHER_FOLLOWS not in found and norm_nearby(facts, call):
                continue
            yield Finding(
                kw,
                f"{spec.bias_kw}=False on {snippet(facts, call)}, and no normalisation layer follows it: without a "
                f"bias the layer cannot shift its output (y = Wx + b); drop `{spec.bias_kw}=False`",
                fix=remedies.restore_bias(facts, kw),
            )
