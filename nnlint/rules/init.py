"""NN3: weight initialisation should scale with each layer's fan-in."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import frameworks
from ..analysis.consumers import Consumers
from ..analysis.flow import UNKNOWN, keyword
from ..analysis.inits import (
    InitRef, guarded_kinds, has_fixed_scale, initializer, is_bias_variable, is_embedding_variable, iterates_parameters,
    weight_target,
)
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from ..frameworks.spec import ACT, EMBEDDING, FIXED, NORM, PASS, RELU_FAMILY, SATURATING, XAVIER
from . import remedies
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent

RELU_FOLLOWS, NO_RELU, NOT_SEEN = "relu", "no-relu", "unknown"


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
        self.facts = facts
        self.consumers = Consumers(facts.index, facts.flow)
        index = facts.index
        for call in index.calls:
            qual = index.qualify(call.func)
            spec = frameworks.layer_spec(qual)
            if spec is not None and spec.init_kws:
                yield from self._layer_keyword(call, spec)
                continue
            init = frameworks.init_spec(qual)
            if init is not None and init.init_target_pos is not None:
                yield from self._torch_function(call, InitRef(init.init_family, init, call, qual.rsplit(".", 1)[-1]))
            elif qual in frameworks.VARIABLE_FACTORIES:
                yield from self._tf_variable(call)
            elif qual is None and isinstance(call.func, ast.Attribute) and call.func.attr in frameworks.TENSOR_INIT_METHODS:
                method = frameworks.TENSOR_INIT_METHODS[call.func.attr]
                ref = InitRef(method.init_family, method, call, call.func.attr)
                yield from self._torch_target(call, call.func.value, ref)

    # -- keras / tf.layers / flax: kernel_initializer= ----------------------------------
    def _layer_keyword(self, call: ast.Call, spec) -> Iterator[Finding]:
        index = self.facts.index
        kw = next((keyword(call, name) for name in spec.init_kws if keyword(call, name) is not None), None)
        if kw is None:
            return
        scope = index.scope_of(call)
        ref = initializer(index, kw.value, scope)
        if ref is None:
            return
        if ref.family == FIXED and has_fixed_scale(index, ref, scope):
            yield self._fixed(kw, ref)
        elif ref.family == XAVIER:
            op = self.facts.flow.construct_op(call, scope)
            if op is not None and op.act in RELU_FAMILY:
                yield self._xavier(kw, ref)
            elif op is not None and op.act is None and self._feeds_relu(call, call) :
                yield self._xavier(kw, ref)

    # -- torch.nn.init.*(tensor) and tensor.normal_() ---------------------------------
    def _torch_function(self, call: ast.Call, ref: InitRef) -> Iterator[Finding]:
        target = argument_or_kw(call, 0, "tensor")
        if target is not None:
            yield from self._torch_target(call, target, ref)

    def _torch_target(self, call: ast.Call, target: ast.AST, ref: InitRef) -> Iterator[Finding]:
        index, flow = self.facts.index, self.facts.flow
        if ref.family not in (FIXED, XAVIER):
            return
        is_weight, owner = weight_target(target)
        if not is_weight or iterates_parameters(index, target, call):
            return
        kinds, excluded, guard_classes = guarded_kinds(index, call)
        if excluded:
            return
        scope = index.scope_of(call)
        # the layer that owns the weight: `self.fc.weight`, or `module.k_linear.weight` under
        # `isinstance(module, AttentionMap)` where AttentionMap is a class of this file
        owner_class, owner_attr = None, None
        if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name):
            if owner.value.id == "self" and scope.class_info is not None:
                owner_class, owner_attr = scope.class_info, owner.attr
            elif len(guard_classes) == 1:
                owner_class, owner_attr = guard_classes[0], owner.attr
        elif isinstance(owner, ast.Name) and guard_classes:
            return  # the weight of a custom module we cannot see into (a positional encoding, say)
        owner_op = flow.attr_op(owner_class, owner_attr) if owner_class is not None else None
        if owner_op is not None and (owner_op.kind in (NORM, EMBEDDING) or owner_op.is_norm):
            return
        if ref.family == FIXED:
            if has_fixed_scale(index, ref, scope):
                yield self._fixed(call, ref)
            return
        # Xavier: a layer we can follow is judged by what consumes it; an initialiser applied to every
        # layer (a modules()/apply loop) by the network's activations
        if owner_class is not None:
            if self._attr_feeds_relu(owner_class, owner_attr) == RELU_FOLLOWS:
                yield self._xavier(call, ref)
        elif (owner is None or isinstance(owner, ast.Name)) and self._network_is_relu(call):
            # `m.weight` in a modules()/apply loop: every layer gets it. `module.proj.weight` is one
            # specific layer we cannot follow: silent.
            yield self._xavier(call, ref)

    # -- TF1 variables ---------------------------------------------------------------
    def _tf_variable(self, call: ast.Call) -> Iterator[Finding]:
        index = self.facts.index
        scope = index.scope_of(call)
        init_kw = keyword(call, api.VARIABLE_INITIALIZER_KEYWORD)
        if init_kw is not None:
            ref = initializer(index, init_kw.value, scope)
            if ref is None or is_bias_variable(index, call, None) or is_embedding_variable(index, call):
                return
            if ref.family == FIXED and has_fixed_scale(index, ref, scope):
                yield self._fixed(init_kw, ref)
            elif ref.family == XAVIER and self._network_is_relu(call):
                yield self._xavier(init_kw, ref)
            return
        initial = argument_or_kw(call, 0, "initial_value")
        if isinstance(initial, ast.Name):
            binding = scope.reaching(initial)
            initial = binding.value if binding is not None else None
        if not isinstance(initial, ast.Call):
            return
        random = frameworks.RANDOM_TENSORS.get(index.qualify(initial.func))
        if random is None or is_bias_variable(index, call, initial) or is_embedding_variable(index, call):
            return
        ref = InitRef(FIXED, random, initial, index.qualify(initial.func).rsplit(".", 1)[-1])
        if has_fixed_scale(index, ref, scope):
            yield self._fixed(initial, ref)

    # -- what a layer feeds --------------------------------------------------------------
    def _feeds_relu(self, construct: ast.Call, anchor: ast.AST) -> bool:
        if self._is_output_layer(construct):
            return False
        verdict = relu_verdict(self.consumers.of_construct(construct))
        return verdict == RELU_FOLLOWS or verdict == NOT_SEEN and self._network_is_relu(anchor)

    def _is_output_layer(self, construct: ast.Call) -> bool:
        """A separately initialised linear output layer: the head of some model's output."""
        for model in self.facts.models:
            for chain in model.chains:
                head = next((op for op in chain if op.kind != PASS), None)
                if head is not None and head.construct is construct:
                    return True
        return False

    def _attr_feeds_relu(self, cls, attr: str) -> str:
        paths = []
        for app, scope in self.facts.flow.applications_of_attr(cls, attr):
            paths += self.facts.flow.forward_paths(app, scope)
        return relu_verdict(paths)

    def _network_is_relu(self, node: ast.AST) -> bool:
        cls = self.facts.index.class_of(node)
        scope_node = cls.node if cls is not None else None
        return bool(self.facts.activations_in(scope_node) & RELU_FAMILY) or (
            scope_node is not None and bool(self.facts.activations_in() & RELU_FAMILY)
            and not self.facts.activations_in(scope_node)
        )

    def _nonlinearity(self, node: ast.AST, xavier: bool) -> str:
        """`relu`, `leaky_relu`, `tanh` or `sigmoid`: what the initialised layer (or else its network) feeds —
        the nonlinearity the variance-scaling replacement is for. Xavier is only flagged in ReLU networks."""
        layer = self.facts.index.parents.get(node) if isinstance(node, ast.keyword) else None
        if isinstance(layer, ast.Call):
            op = self.facts.flow.construct_op(layer, self.facts.index.scope_of(layer))
            if op is not None and op.act in RELU_FAMILY:
                return "leaky_relu" if op.act == "leaky_relu" else "relu"
            if op is not None and op.act in SATURATING and not xavier:
                return op.act
        cls = self.facts.index.class_of(node)
        acts = self.facts.activations_in(cls.node if cls is not None else None) or self.facts.activations_in()
        relus = acts & RELU_FAMILY
        if relus or xavier:
            return "leaky_relu" if relus == {"leaky_relu"} else "relu"
        return next((act for act in ("tanh", "sigmoid") if act in acts), "relu")

    # -- messages ----------------------------------------------------------------------
    def _fixed(self, node: ast.AST, ref: InitRef) -> Finding:
        return Finding(
            node,
            f"fixed-scale initialiser `{ref.name}` on a weight: its variance ignores the layer's fan-in, so the "
            f"signal shrinks or grows with depth; use variance scaling (He/Kaiming, `variance_scaling_initializer`)",
            fix=remedies.scale_initializer(self.facts, node, self._nonlinearity(node, xavier=False)),
        )

    def _xavier(self, node: ast.AST, ref: InitRef) -> Finding:
        return Finding(
            node,
            f"Xavier/Glorot initialiser `{ref.name}` on a layer of a ReLU network: its variance suits tanh/linear "
            f"units and halves the signal at every ReLU; use He/Kaiming (variance scaling for ReLU)",
            fix=remedies.scale_initializer(self.facts, node, self._nonlinearity(node, xavier=True)),
        )


def relu_verdict(paths) -> str:
    verdicts = set()
    for path in paths:
        if not path:
            verdicts.add(NOT_SEEN)
            continue
        verdict = NOT_SEEN
        for op in path:
            if op.kind == ACT:
                verdict = RELU_FOLLOWS if op.act in RELU_FAMILY else NO_RELU
                break
            if op.kind in (PASS, NORM):
                continue
            verdict = NOT_SEEN if op.kind == UNKNOWN else NO_RELU
            break
        verdicts.add(verdict)
    if RELU_FOLLOWS in verdicts:
        return RELU_FOLLOWS
    if NOT_SEEN in verdicts:
        return NOT_SEEN
    return NO_RELU


def argument_or_kw(call: ast.Call, position: int, name: str) -> ast.AST | None:
    kw = keyword(call, name)
    if kw is not None:
        return kw.value
    return call.args[position] if len(call.args) > position else None


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
