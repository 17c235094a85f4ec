"""Weight initialisations that ignore fan-in (NN301's analysis): fixed-std and fixed-range initialisers on
weights, and Xavier/Glorot on layers of ReLU networks — with what each initialised layer feeds, so the
rule can name the variance-scaling replacement for that nonlinearity.

Covers Keras/TF1/Flax `kernel_initializer=`-style keywords, `torch.nn.init.*(tensor)` and tensor methods
(`w.data.normal_(0, 0.02)`), and TF1 variables (`tf.Variable(tf.truncated_normal(...))`,
`tf.get_variable(initializer=...)`). Biases, norm-layer and embedding weights, fan-derived stds and
initialisers applied to `parameters()` are not weights of a layer and stay out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import ACT, EMBEDDING, FIXED, NORM, PASS, RELU_FAMILY, SATURATING, XAVIER
from .consumers import Consumers
from .flow import UNKNOWN, argument, keyword
from .inits import (
    InitRef, guarded_kinds, has_fixed_scale, initializer, is_bias_variable, is_embedding_variable, iterates_parameters,
    weight_target,
)

RELU_FOLLOWS, NO_RELU, NOT_SEEN = "relu", "no-relu", "unknown"
#: the two problems: a scale fixed regardless of fan-in, or Xavier's tanh-sized variance before a ReLU
FIXED_SCALE, XAVIER_IN_RELU_NETWORK = "fixed-scale", "xavier-in-relu-network"


@dataclass
class BadInit:
    node: ast.AST  # where the finding points: the keyword, the init call, or the random tensor
    ref: InitRef
    problem: str  # FIXED_SCALE or XAVIER_IN_RELU_NETWORK
    #: the nonlinearity the initialised layer (or its network) feeds: relu, leaky_relu, tanh or sigmoid
    nonlinearity: str


class WeightInits:
    def __init__(self, facts) -> None:
        self.facts = facts
        self.consumers = Consumers(facts.index, facts.flow)

    def sites(self) -> Iterator[BadInit]:
        """Every weight initialisation that does not scale with fan-in for its nonlinearity."""
        index = self.facts.index
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
    def _layer_keyword(self, call: ast.Call, spec) -> Iterator[BadInit]:
        index = self.facts.index
        kw = next((keyword(call, name) for name in spec.init_kws if keyword(call, name) is not None), None)
        if kw is None:
            return
        scope = index.scope_of(call)
        ref = initializer(index, kw.value, scope)
        if ref is None:
            return
        if ref.family == FIXED and has_fixed_scale(index, ref, scope):
            yield self._bad(FIXED_SCALE, kw, ref)
        elif ref.family == XAVIER:
            op = self.facts.flow.construct_op(call, scope)
            if op is not None and op.act in RELU_FAMILY:
                yield self._bad(XAVIER_IN_RELU_NETWORK, kw, ref)
            elif op is not None and op.act is None and self._feeds_relu(call, call):
                yield self._bad(XAVIER_IN_RELU_NETWORK, kw, ref)

    # -- torch.nn.init.*(tensor) and tensor.normal_() ---------------------------------
    def _torch_function(self, call: ast.Call, ref: InitRef) -> Iterator[BadInit]:
        target = argument(call, 0, "tensor")
        if target is not None:
            yield from self._torch_target(call, target, ref)

    def _torch_target(self, call: ast.Call, target: ast.AST, ref: InitRef) -> Iterator[BadInit]:
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
                yield self._bad(FIXED_SCALE, call, ref)
            return
        # Xavier: a layer we can follow is judged by what consumes it; an initialiser applied to every
        # layer (a modules()/apply loop) by the network's activations
        if owner_class is not None:
            if self._attr_feeds_relu(owner_class, owner_attr) == RELU_FOLLOWS:
                yield self._bad(XAVIER_IN_RELU_NETWORK, call, ref)
        elif (owner is None or isinstance(owner, ast.Name)) and self._network_is_relu(call):
            # `m.weight` in a modules()/apply loop: every layer gets it. `module.proj.weight` is one
            # specific layer we cannot follow: silent.
            yield self._bad(XAVIER_IN_RELU_NETWORK, call, ref)

    # -- TF1 variables ---------------------------------------------------------------
    def _tf_variable(self, call: ast.Call) -> Iterator[BadInit]:
        index = self.facts.index
        scope = index.scope_of(call)
        init_kw = keyword(call, api.VARIABLE_INITIALIZER_KEYWORD)
        if init_kw is not None:
            ref = initializer(index, init_kw.value, scope)
            if ref is None or is_bias_variable(index, call, None) or is_embedding_variable(index, call):
                return
            if ref.family == FIXED and has_fixed_scale(index, ref, scope):
                yield self._bad(FIXED_SCALE, init_kw, ref)
            elif ref.family == XAVIER and self._network_is_relu(call):
                yield self._bad(XAVIER_IN_RELU_NETWORK, init_kw, ref)
            return
        initial = argument(call, 0, "initial_value")
        if isinstance(initial, ast.Name):
            initial = index.values.value(initial, scope)
        if not isinstance(initial, ast.Call):
            return
        random = frameworks.RANDOM_TENSORS.get(index.qualify(initial.func))
        if random is None or is_bias_variable(index, call, initial) or is_embedding_variable(index, call):
            return
        ref = InitRef(FIXED, random, initial, index.qualify(initial.func).rsplit(".", 1)[-1])
        if has_fixed_scale(index, ref, scope):
            yield self._bad(FIXED_SCALE, initial, ref)

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

    def _bad(self, problem: str, node: ast.AST, ref: InitRef) -> BadInit:
        return BadInit(node, ref, problem, self._nonlinearity(node, xavier=problem == XAVIER_IN_RELU_NETWORK))

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
