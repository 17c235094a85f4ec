"""NN3: weight initialisation should scale with each layer's fan-in."""

from __future__ import annotations

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
                keras.layers.Dense(1, kernel_initializer=keras.initializers.RandomNormal(stddev=0.01)),
            ])
        """), at=((3, 47), (4, 27))),
        Invalid(dedent("""
            import tensorflow as tf
            def weight_variable(shape):
                initial = tf.truncated_normal(shape, stddev=0.1)
                return tf.Variable(initial)
        """), at=((3, 15),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for site in facts.weight_inits:
            yield self._fixed(facts, site) if site.problem == FIXED_SCALE else self._xavier(facts, site)

    # -- messages ----------------------------------------------------------------------
    @staticmethod
    def _fixed(facts: ModuleFacts, site: BadInit) -> Finding:
        return Finding(
            site.node,
            f"fixed-scale initialiser `{site.ref.name}` on a weight: its variance ignores the layer's fan-in, so "
            f"the signal shrinks or grows with depth; use variance scaling (He/Kaiming, `variance_scaling_initializer`)",
            fix=remedies.scale_initializer(facts, site.node, site.nonlinearity),
        )

    @staticmethod
    def _xavier(facts: ModuleFacts, site: BadInit) -> Finding:
        return Finding(
            site.node,
            f"Xavier/Glorot initialiser `{site.ref.name}` on a layer of a ReLU network: its variance suits "
            f"tanh/linear units and halves the signal at every ReLU; use He/Kaiming (variance scaling for ReLU)",
            fix=remedies.scale_initializer(facts, site.node, site.nonlinearity),
        )


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
