"""NN2: every layer gets a bias, unless a normalisation layer follows."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Severity
from ..facts import ModuleFacts
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet

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
    Dense/linear projections of a transformer-style network (one with a LayerNorm/RMSNorm or attention) are
    NN202's (opt-in); convolutions there stay here. A one-unit scorer feeding a softmax (additive attention's
    `v`) needs no bias: the softmax cancels it.

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
        for layer in facts.bias_free_layers:
            if layer.transformer_projection:
                continue  # NN202's
            kw = layer.keyword
            yield Finding(
                kw,
                f"{kw.arg}=False on {snippet(facts, layer.call)} with no normalisation after it; drop `{kw.arg}=False`: "
                f"without a bias the layer cannot shift its output (y = Wx + b)",
                fix=remedies.restore_bias(facts, kw),
            )


@register
class BiasDisabledInTransformer(Rule):
    """## What it does
    Flags `bias=False` / `use_bias=False` on a dense/linear projection (`nn.Linear`, Keras `Dense`, Flax
    `Dense`/`DenseGeneral`) of a transformer-style network — one that holds a LayerNorm/RMSNorm or an attention
    op — when no normalisation layer follows it: what NN201 would say there. Opt-in.

    ## Why it matters
    Bias-free attention, MLP and output projections are the convention of PaLM, LLaMA, GPT-style and Swin
    models: the surrounding norms re-centre activations and the missing biases cost little. The tips still say
    every layer needs its bias (y = Wx + b), so the hint is here for those who want it; convolutions in these
    networks (a conv stem) stay NN201.

    ## Example
    ```python
    self.norm = nn.LayerNorm(dim)
    self.to_out = nn.Linear(inner_dim, dim, bias=False)
    ```

    ## Use instead
    ```python
    self.to_out = nn.Linear(inner_dim, dim)
    ```

    ## Fix safety
    Unsafe: dropping `bias=False` adds a bias parameter, so the layer's `state_dict` (Keras and Flax: its
    weights) gains an entry and a checkpoint saved before the fix no longer loads strictly. Retrain, or load
    with `strict=False`, after applying it with `--fix --unsafe-fixes`.
    """

    code = "NN202"
    name = "bias-disabled-in-transformer"
    severity = Severity.INFO
    summary = "bias disabled on a projection of a transformer-style network"
    opt_in = True

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            class Attention(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.to_qkv = nn.Linear(dim, dim * 3)
                def forward(self, x):
                    return self.to_qkv(self.norm(x))
        """)),
        Valid(dedent("""
            import torch.nn as nn
            head = nn.Sequential(nn.Linear(512, 256, bias=False), nn.BatchNorm1d(256), nn.ReLU())
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            import torch.nn.functional as F
            class Attention(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.to_qkv = nn.Linear(dim, dim * 3, bias=False)
                    self.to_out = nn.Linear(dim, dim, bias=False)
                def forward(self, x):
                    q, k, v = self.to_qkv(self.norm(x)).chunk(3, dim=-1)
                    return self.to_out(F.scaled_dot_product_attention(q, k, v))
        """), at=((7, 47), (8, 43)), fixed=dedent("""
            import torch.nn as nn
            import torch.nn.functional as F
            class Attention(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.to_qkv = nn.Linear(dim, dim * 3)
                    self.to_out = nn.Linear(dim, dim)
                def forward(self, x):
                    q, k, v = self.to_qkv(self.norm(x)).chunk(3, dim=-1)
                    return self.to_out(F.scaled_dot_product_attention(q, k, v))
        """)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for layer in facts.bias_free_layers:
            if not layer.transformer_projection:
                continue
            kw = layer.keyword
            yield Finding(
                kw,
                f"{kw.arg}=False on {snippet(facts, layer.call)} in a transformer-style network; drop `{kw.arg}=False` "
                f"for the tips' default: without a bias the layer cannot shift its output (y = Wx + b), though "
                f"bias-free projections are that architecture's convention",
                fix=remedies.restore_bias(facts, kw),
            )
