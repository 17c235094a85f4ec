"""NN3: weight initialisation should scale with each layer's fan-in."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import frameworks
from ..analysis.flow import keyword
from ..analysis.inits import is_bias_variable
from ..analysis.weight_inits import FIXED_SCALE, BadInit
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from . import remedies
from .base import Finding, Invalid, Rule, Valid, dedent
from .describe import snippet
from .registry import register


@register
class NonVarianceScalingInit(Rule):
    """## What it does
    Flags weight initialisers whose scale ignores the layer's fan-in: a fixed-std normal, uniform or
    truncated-normal (`nn.init.normal_(w, std=0.01)`, `m.weight.data.normal_(0, 0.02)`, Keras
    `RandomNormal`, `"random_normal"`, TF1 `tf.truncated_normal_initializer`,
    `tf.Variable(tf.truncated_normal(shape, stddev=0.1))`), and Xavier/Glorot on layers of a ReLU network.

    ## Why it matters
    Variance-scaling initialisation (He/Kaiming, TF's `variance_scaling_initializer`) sets each layer's
    weight variance from its fan-in, so the signal keeps its scale through depth. A fixed std makes deep
    stacks vanish or explode; Xavier's variance suits tanh/linear units, and halves the signal at every
    ReLU. Practitioners found variance scaling trained and generalised better than both.

    ## Example
    ```python
    nn.init.xavier_uniform_(self.fc1.weight)   # fc1 feeds a ReLU
    nn.init.normal_(m.weight, std=0.01)
    ```

    ## Use instead
    ```python
    nn.init.kaiming_normal_(self.fc1.weight, nonlinearity="relu")
    ```
    Biases, norm-layer parameters, embedding tables and fan-derived stds
    (`std=1 / math.sqrt(fan_in)`) are fine; so is Xavier in a tanh/sigmoid network.

    ## Fix safety
    Safe: the initializer only decides the weights a new training run starts from; weights loaded from a
    checkpoint replace them, so a trained model computes exactly what it did. (Runs with a fixed seed start
    from different weights, as intended.)
    """

    code = "NN301"
    name = "non-variance-scaling-init"
    severity = Severity.WARNING
    summary = "weight initialiser that does not scale with fan-in"

    valid = [
        Valid(dedent("""
            import math
            import torch.nn as nn
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(10, 10)
                    self.emb = nn.Embedding(100, 10)
                    self.bn = nn.BatchNorm1d(10)
                    nn.init.kaiming_normal_(self.fc.weight, nonlinearity="relu")
                    nn.init.normal_(self.emb.weight, std=0.02)
                    nn.init.normal_(self.fc.bias, std=0.01)
                    nn.init.normal_(self.bn.weight, 1.0, 0.02)
                    nn.init.normal_(self.fc.weight, std=1 / math.sqrt(10))
                def forward(self, x):
                    return self.fc(x)
        """)),
        Valid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([
                keras.layers.Dense(64, activation="tanh", kernel_initializer="glorot_uniform"),
                keras.layers.Dense(1, kernel_initializer="glorot_uniform"),
            ])
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            def init_weights(m):
                if isinstance(m, nn.Linear):
                    nn.init.normal_(m.weight, std=0.01)
        """), at=((4, 9),), fixed='import torch.nn as nn\ndef init_weights(m):\n    if isinstance(m, nn.Linear):\n        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")\n'),
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu", kernel_initializer="glorot_uniform"),
                keras.layers.Dense(64, activation="relu", kernel_initializer=keras.initializers.RandomNormal(stddev=0.01)),
                keras.layers.Dense(1),
            ])
        """), at=((3, 47), (4, 47))),
        Invalid(dedent("""
            import tensorflow as tf
            def weight_variable(shape):
                initial = tf.truncated_normal(shape, stddev=0.1)
                return tf.Variable(initial)
        """), at=((3, 15),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for site in facts.weight_inits:
            if not site.transformer_convention:  # NN303's
                yield site_finding(facts, site)


def site_finding(facts: ModuleFacts, site: BadInit) -> Finding:
    """The finding for a bad initialisation: what it is and what to use, in its framework; the why after."""
    advice = variance_scaling_advice(site)
    if site.problem == FIXED_SCALE:
        message = (f"fixed-scale initialiser {_spelled(facts, site)} on a weight; use {advice}: a fixed std ignores "
                   f"the layer's fan-in, so the signal shrinks or grows with depth")
    else:
        message = (f"Xavier/Glorot initialiser {_spelled(facts, site)} on a layer of a ReLU network; use {advice}: "
                   f"Xavier's variance suits tanh/linear units and halves the signal at every ReLU")
    if site.transformer_convention:
        message += " (a transformer convention: GPT-2/BERT/ViT use it)"
    return Finding(site.node, message, fix=remedies.scale_initializer(facts, site.node, site.nonlinearity))


def variance_scaling_advice(site: BadInit) -> str:
    """The variance-scaling initialiser for the site's nonlinearity, spelled in the site's framework."""
    record = frameworks.record_named(site.framework)
    family = "saturating" if site.nonlinearity in ("tanh", "sigmoid") else "relu"
    template = record.init_advice.get(family) if record is not None else None
    if template is None:
        return "variance scaling (He/Kaiming for ReLU layers)"
    dist = "uniform" if "uniform" in site.ref.name.lower() else "normal"
    return template.format(act=site.nonlinearity, dist=dist, Dist=dist.capitalize())


def _spelled(facts: ModuleFacts, site: BadInit) -> str:
    node = site.ref.call if site.ref.call is not None else site.node
    if isinstance(node, ast.keyword):
        node = node.value
    return snippet(facts, node)


@register
class InitInTransformer(Rule):
    """## What it does
    Flags, in a transformer-style network (one with a LayerNorm/RMSNorm or an attention op), what NN301 would
    flag when it is Xavier/Glorot or a fixed std of at most 0.02 — `nn.init.trunc_normal_(w, std=0.02)`,
    `normal_(0, 0.02)` in an `apply` hook, `xavier_uniform_` on every weight. Opt-in.

    ## Why it matters
    GPT-2, BERT and ViT initialise with N(0, 0.02) (or Xavier) and train well: the residual stream and the
    norms keep the scale under control, so practitioners follow the published recipe. The tips still prefer an
    initialiser that scales with fan-in; this hint is for those who want it. A larger fixed std stays NN301.

    ## Example
    ```python
    def _init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=0.02)   # in a ViT
    ```

    ## Use instead
    ```python
    def _init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    ```

    ## Fix safety
    Safe: the initializer only decides the weights a new training run starts from; weights loaded from a
    checkpoint replace them, so a trained model computes exactly what it did. (Runs with a fixed seed start
    from different weights, as intended.)
    """

    code = "NN303"
    name = "init-in-transformer"
    severity = Severity.INFO
    summary = "fixed-std or Xavier initialiser in a transformer-style network"
    opt_in = True

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            class Block(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.fc = nn.Linear(dim, dim)
                    nn.init.kaiming_normal_(self.fc.weight, nonlinearity="relu")
                def forward(self, x):
                    return x + self.fc(self.norm(x))
        """)),
        Valid(dedent("""
            import torch.nn as nn
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc1 = nn.Linear(10, 10)
                    self.out = nn.Linear(10, 2)
                    self.bn = nn.BatchNorm1d(10)
                    self.apply(self._init)
                def _init(self, m):
                    if isinstance(m, nn.Linear):
                        nn.init.normal_(m.weight, std=0.02)
                def forward(self, x):
                    return self.out(self.bn(self.fc1(x)).relu())
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            class Block(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.fc1 = nn.Linear(dim, 4 * dim)
                    self.fc2 = nn.Linear(4 * dim, dim)
                    self.apply(self._init)
                def _init(self, m):
                    if isinstance(m, nn.Linear):
                        nn.init.trunc_normal_(m.weight, std=0.02)
                def forward(self, x):
                    return x + self.fc2(nn.functional.gelu(self.fc1(self.norm(x))))
        """), at=((11, 13),), fixed=dedent("""
            import torch.nn as nn
            class Block(nn.Module):
                def __init__(self, dim):
                    super().__init__()
                    self.norm = nn.LayerNorm(dim)
                    self.fc1 = nn.Linear(dim, 4 * dim)
                    self.fc2 = nn.Linear(4 * dim, dim)
                    self.apply(self._init)
                def _init(self, m):
                    if isinstance(m, nn.Linear):
                        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                def forward(self, x):
                    return x + self.fc2(nn.functional.gelu(self.fc1(self.norm(x))))
        """)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for site in facts.weight_inits:
            if site.transformer_convention:
                yield site_finding(facts, site)


@register
class ImplicitGlorotDefault(Rule):
    """## What it does
    Flags a Keras `Dense`/`Conv1D/2D/3D`/`Conv*Transpose`/`SeparableConv*`, a TF1
    `tf.layers.dense/conv*d`, or a `tf.get_variable` weight that relies on the default `glorot_uniform`
    kernel initializer. Opt-in.

    ## Why it matters
    Keras and TF1 silently initialise kernels with Glorot, whose variance suits tanh/linear units, not
    ReLU. Saying which initializer you want makes the choice visible; for ReLU layers, pick He.

    ## Example
    ```python
    layers.Dense(64, activation="relu")
    ```

    ## Use instead
    ```python
    layers.Dense(64, activation="relu", kernel_initializer="he_normal")
    ```
    Flax is out (its default, lecun_normal, is variance scaling); so are LSTM, Embedding and Depthwise
    layers.
    """

    code = "NN302"
    name = "implicit-glorot-default"
    severity = Severity.INFO
    summary = "layer relies on the default Glorot kernel initializer"
    opt_in = True

    valid = [
        Valid(dedent("""
            from tensorflow.keras import layers
            dense = layers.Dense(64, activation="relu", kernel_initializer="he_normal")
            lstm = layers.LSTM(32)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from tensorflow.keras import layers
            dense = layers.Dense(64, activation="relu")
        """), at=((2, 9),)),
        Invalid(dedent("""
            import tensorflow as tf
            w = tf.get_variable("w", [784, 10])
        """), at=((2, 5),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        index = facts.index
        for call in index.calls:
            qual = index.qualify(call.func)
            spec = frameworks.layer_spec(qual)
            record = frameworks.spec_record(spec)
            if spec is not None and record.default_kernel_initializer and spec.init_kws \
                    and not qual.startswith(api.CONTRIB_PREFIX):
                if not any(keyword(call, name) is not None for name in spec.init_kws):
                    yield Finding(call, f"{qual.rsplit('.', 1)[-1]} relies on the default glorot_uniform kernel "
                                        f"initializer; name one explicitly (he_normal for ReLU layers)")
            elif qual == api.GET_VARIABLE and keyword(call, api.VARIABLE_INITIALIZER_KEYWORD) is None \
                    and len(call.args) < 4 and not is_bias_variable(index, call, None):
                yield Finding(call, "tf.get_variable() without an initializer uses glorot_uniform; pass "
                                    "initializer=tf.variance_scaling_initializer() for ReLU layers")
