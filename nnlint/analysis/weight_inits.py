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
from .builders import builder_output
from .consumers import Consumers
from .flow import OUTPUT, UNKNOWN, argument, keyword
from .inits import (
    InitRef, guarded_kinds, has_fixed_scale, init_scale, initializer, is_bias_variable, is_embedding_variable,
    iterates_parameters, weight_target,
)

RELU_FOLLOWS, NO_RELU, NOT_SEEN = "relu", "no-relu", "unknown"
#: the two problems: a scale fixed regardless of fan-in, or Xavier's tanh-sized variance before a ReLU
FIXED_SCALE, XAVIER_IN_RELU_NETWORK = "fixed-scale", "xavier-in-relu-network"
#: the output layer alone may start small: a fixed std up to this (or a range up to ±this) is silent there
OUTPUT_LAYER_SCALE = 0.1
#: the GPT-2/BERT/ViT convention: in a transformer-style network a std up to this is NN303's (opt-in)
TRANSFORMER_SCALE = 0.02


@dataclass
class BadInit:
    node: ast.AST  # where the finding points: the keyword, the init call, the random tensor, or the bound initialiser
    ref: InitRef
    problem: str  # FIXED_SCALE or XAVIER_IN_RELU_NETWORK
    #: the nonlinearity the initialised layer (or its network) feeds: relu, leaky_relu, tanh or sigmoid
    nonlinearity: str
    #: the framework whose initialiser it is ("torch", "keras", "tf1", "jax"): the advice is given in its terms
    framework: str | None = None
    #: Xavier, or a std ≤ 0.02, in a transformer-style network: the convention NN303 (opt-in) reports
    transformer_convention: bool = False


class WeightInits:
    def __init__(self, facts) -> None:
        self.facts = facts
        self.consumers = Consumers(facts.index, facts.flow)
        self._products: dict[str, list[ast.Call]] | None = None

    def sites(self) -> Iterator[BadInit]:
        """Every weight initialisation that does not scale with fan-in for its nonlinearity (one per place)."""
        index = self.facts.index
        seen: set[int] = set()
        for call in index.calls:
            for site in self._sites_of(call):
                if site is not None and id(site.node) not in seen:
                    seen.add(id(site.node))
                    yield site

    def _sites_of(self, call: ast.Call) -> Iterator[BadInit | None]:
        index = self.facts.index
        qual = index.qualify(call.func)
        spec = frameworks.layer_spec(qual)
        if spec is not None and spec.init_kws:
            yield from self._layer_keyword(call, spec)
            return
        init = frameworks.init_spec(qual)
        if init is not None and init.init_target_pos is not None:
            yield from self._torch_function(call, InitRef(init.init_family, init, call, qual.rsplit(".", 1)[-1],
                                                          qual=qual))
        elif qual in frameworks.VARIABLE_FACTORIES:
            yield from self._tf_variable(call)
        elif qual is None and isinstance(call.func, ast.Attribute):
            if call.func.attr in frameworks.TENSOR_INIT_METHODS:
                method = frameworks.TENSOR_INIT_METHODS[call.func.attr]
                ref = InitRef(method.init_family, method, call, call.func.attr)
                yield from self._torch_target(call, call.func.value, ref)
            elif call.func.attr in api.ADD_WEIGHT_METHODS:
                yield from self._add_weight(call)

    # -- keras / tf.layers / flax: kernel_initializer= ----------------------------------
    def _layer_keyword(self, call: ast.Call, spec) -> Iterator[BadInit | None]:
        index = self.facts.index
        kw = next((keyword(call, name) for name in spec.init_kws if keyword(call, name) is not None), None)
        if kw is None:
            return
        scope = index.scope_of(call)
        ref = initializer(index, kw.value, scope)
        if ref is None:
            return
        node = ref.bound if ref.bound is not None else kw  # a shared initialiser object: one finding, there
        if ref.family == FIXED and has_fixed_scale(index, ref, scope):
            # the initialiser is this layer's alone: written in place, or a name bound to it read only here
            alone = ref.bound is None or isinstance(kw.value, ast.Name) \
                and len(index.name_loads.get(kw.value.id, ())) == 1
            output = alone and self._is_output_layer(call) and not self._in_shared_helper(call)
            yield self._bad(FIXED_SCALE, node, ref, call, output=output)
        elif ref.family == XAVIER:
            op = self.facts.flow.construct_op(call, scope)
            if op is not None and op.act in RELU_FAMILY:
                yield self._bad(XAVIER_IN_RELU_NETWORK, node, ref, call)
            elif op is not None and op.act is None and self._feeds_relu(call, call):
                yield self._bad(XAVIER_IN_RELU_NETWORK, node, ref, call)

    # -- keras custom layers: self.add_weight(shape, initializer=...) -----------------------
    def _add_weight(self, call: ast.Call) -> Iterator[BadInit | None]:
        index = self.facts.index
        kw = keyword(call, api.ADD_WEIGHT_INITIALIZER)
        if kw is None or not _is_kernel(index, call):
            return
        scope = index.scope_of(call)
        ref = initializer(index, kw.value, scope)
        if ref is None:
            return
        node = ref.bound if ref.bound is not None else kw
        if ref.family == FIXED and has_fixed_scale(index, ref, scope):
            yield self._bad(FIXED_SCALE, node, ref, call)
        elif ref.family == XAVIER and self._network_is_relu(call):
            yield self._bad(XAVIER_IN_RELU_NETWORK, node, ref, call)

    # -- torch.nn.init.*(tensor) and tensor.normal_() ---------------------------------
    def _torch_function(self, call: ast.Call, ref: InitRef) -> Iterator[BadInit | None]:
        target = argument(call, 0, "tensor")
        if target is not None:
            yield from self._torch_target(call, target, ref)

    def _torch_target(self, call: ast.Call, target: ast.AST, ref: InitRef) -> Iterator[BadInit | None]:
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
                # one layer initialised on its own (`self.out.weight`), and it is the model's output layer
                output = owner_op is not None and owner_op.construct is not None \
                    and self._is_output_layer(owner_op.construct)
                yield self._bad(FIXED_SCALE, call, ref, call, output=output)
            return
        # Xavier: a layer we can follow is judged by what consumes it; an initialiser applied to every
        # layer (a modules()/apply loop) by the network's activations
        if owner_class is not None:
            if self._attr_feeds_relu(owner_class, owner_attr) == RELU_FOLLOWS:
                yield self._bad(XAVIER_IN_RELU_NETWORK, call, ref, call)
        elif (construct := self._named_layer(owner, scope)) is not None:
            # `linear3 = nn.Linear(256, 10)` … `xavier_uniform_(linear3.weight)`: that one layer, judged by
            # what it feeds (a linear output layer is silent)
            if self._feeds_relu(construct, call):
                yield self._bad(XAVIER_IN_RELU_NETWORK, call, ref, call)
        elif (owner is None or isinstance(owner, ast.Name)) and self._network_is_relu(call):
            # `m.weight` in a modules()/apply loop: every layer gets it. `module.proj.weight` is one
            # specific layer we cannot follow: silent.
            yield self._bad(XAVIER_IN_RELU_NETWORK, call, ref, call)

    def _named_layer(self, owner: ast.AST | None, scope) -> ast.Call | None:
        """The layer construction a plain name is bound to (`linear3 = nn.Linear(256, 10)`), if it is one."""
        if not isinstance(owner, ast.Name):
            return None
        value = self.facts.index.values.value(owner, scope)
        if isinstance(value, ast.Call) and frameworks.layer_spec(self.facts.index.qualify(value.func)) is not None:
            return value
        return None

    # -- TF1 variables ---------------------------------------------------------------
    def _tf_variable(self, call: ast.Call) -> Iterator[BadInit | None]:
        index = self.facts.index
        scope = index.scope_of(call)
        init_kw = keyword(call, api.VARIABLE_INITIALIZER_KEYWORD)
        if init_kw is not None:
            ref = initializer(index, init_kw.value, scope)
            if ref is None or is_bias_variable(index, call, None) or is_embedding_variable(index, call):
                return
            node = ref.bound if ref.bound is not None else init_kw
            if ref.family == FIXED and has_fixed_scale(index, ref, scope):
                yield self._bad(FIXED_SCALE, node, ref, call, output=self._tf_output_weight(call))
            elif ref.family == XAVIER and self._network_is_relu(call) and not self._tf_output_weight(call):
                yield self._bad(XAVIER_IN_RELU_NETWORK, node, ref, call)
            return
        initial = argument(call, 0, "initial_value")
        if isinstance(initial, ast.Name):
            initial = index.values.value(initial, scope)
        if not isinstance(initial, ast.Call):
            return
        qual = index.qualify(initial.func)
        random = frameworks.RANDOM_TENSORS.get(qual)
        if random is None or is_bias_variable(index, call, initial) or is_embedding_variable(index, call):
            return
        ref = InitRef(FIXED, random, initial, qual.rsplit(".", 1)[-1], qual=qual)
        if has_fixed_scale(index, ref, scope):
            yield self._bad(FIXED_SCALE, initial, ref, call, output=self._tf_output_weight(call))

    # -- what a layer feeds --------------------------------------------------------------
    def _feeds_relu(self, construct: ast.Call, anchor: ast.AST) -> bool:
        if self._is_output_layer(construct):
            return False
        verdict = relu_verdict(self.consumers.of_construct(construct))
        return verdict == RELU_FOLLOWS or verdict == NOT_SEEN and self._network_is_relu(anchor)

    def _is_output_layer(self, construct: ast.AST) -> bool:
        """The last layer of some model's output, or of what a loss is fed (TF1 graphs have no model object)."""
        return self.facts.is_output_layer(construct)

    def _products_by_weight(self) -> dict[str, list[ast.Call]]:
        """`tf.matmul(x, W)` calls by how their weight operand is spelled (one pass over the module)."""
        if self._products is None:
            index = self.facts.index
            self._products = {}
            for call in index.calls:
                if len(call.args) > 1 and index.qualify(call.func) in frameworks.PRODUCT_FUNCTIONS:
                    self._products.setdefault(ast.unparse(call.args[1]), []).append(call)
        return self._products

    def _in_shared_helper(self, construct: ast.Call) -> bool:
        """A layer built in a helper that several calls use: its initialiser is not the output layer's alone."""
        func = self.facts.index.enclosing_function(construct)
        name = getattr(func, "name", None)
        return bool(name) and len(self.facts.index.calls_by_function_name.get(name, ())) > 1

    def _tf_output_weight(self, variable: ast.Call) -> bool:
        """A TF1 weight variable used (once) by the graph's last dense op: `logits = tf.matmul(h, W) + b` fed to the
        loss, returned as the prediction, or never consumed by another layer."""
        index, flow = self.facts.index, self.facts.flow
        holder = index.parents.get(variable)
        if isinstance(holder, ast.Assign) and len(holder.targets) == 1:
            spelled = ast.unparse(holder.targets[0])
        elif isinstance(holder, ast.Dict):
            owner = index.parents.get(holder)
            key = next((k for k, v in zip(holder.keys, holder.values) if v is variable), None)
            if not (isinstance(owner, ast.Assign) and len(owner.targets) == 1 and isinstance(key, ast.Constant)):
                return False
            spelled = f"{ast.unparse(owner.targets[0])}[{key.value!r}]"
        else:
            return False
        uses = self._products_by_weight().get(spelled, [])
        if len(uses) != 1:
            return False
        top = uses[0]
        while True:  # through the bias add: `matmul + b`, `tf.add(matmul, b)`, `tf.nn.bias_add(matmul, b)`
            parent = index.parents.get(top)
            if isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Add, ast.Sub)):
                top = parent
                continue
            if isinstance(parent, ast.Call) and top in parent.args:
                qual = index.qualify(parent.func)
                spec = frameworks.layer_spec(qual)
                if qual in frameworks.ADD_FUNCTIONS or spec is not None and spec.kind == PASS and spec.applies:
                    top = parent
                    continue
            break
        if self._is_output_layer(top) or self._is_output_layer(uses[0]) or builder_output(self.facts, top):
            return True
        scope = index.scope_of(top)
        paths = flow.forward_paths(top, scope)
        if any(op.is_learned for path in paths for op in path):
            return False
        if all(path and path[-1].kind == OUTPUT for path in paths):
            return True
        parent = index.parents.get(top)
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            binding = next((b for b in scope.bindings.get(parent.targets[0].id, ()) if b.stmt is parent), None)
            return binding is not None and not scope.may_use(binding)  # the last value of the graph
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

    def _bad(self, problem: str, node: ast.AST, ref: InitRef, anchor: ast.AST, output: bool = False) -> BadInit | None:
        """The finding, or None where the contract exempts it: a fixed init of std ≤ 0.1 on the output layer
        alone. `anchor` is the layer (or the init call) whose network decides the transformer convention."""
        index = self.facts.index
        scope = index.scope_of(ref.call) if ref.call is not None else None
        scale = init_scale(index, ref, scope) if problem == FIXED_SCALE else None
        if output and scale is not None and scale <= OUTPUT_LAYER_SCALE:
            return None
        convention = (problem == XAVIER_IN_RELU_NETWORK or scale is not None and scale <= TRANSFORMER_SCALE) \
            and self.facts.transformer_style.in_transformer(anchor)
        layer = anchor if isinstance(anchor, ast.Call) and frameworks.layer_spec(index.qualify(anchor.func)) else None
        nonlinearity = self._nonlinearity(node, layer, xavier=problem == XAVIER_IN_RELU_NETWORK)
        return BadInit(node, ref, problem, nonlinearity, _framework(ref), convention)

    def _nonlinearity(self, node: ast.AST, layer: ast.Call | None, xavier: bool) -> str:
        """`relu`, `leaky_relu`, `tanh` or `sigmoid`: what the initialised layer (or else its network) feeds —
        the nonlinearity the variance-scaling replacement is for. Xavier is only flagged in ReLU networks."""
        if layer is None and isinstance(node, ast.keyword):
            layer = self.facts.index.parents.get(node)
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


def _framework(ref: InitRef) -> str | None:
    if ref.string is not None:
        return "keras"
    if ref.qual is not None:
        record = frameworks.record_of(ref.qual)
        return record.name if record is not None else None
    return frameworks.spec_record(ref.spec).name if frameworks.spec_record(ref.spec) is not None else None


def _is_kernel(index, call: ast.Call) -> bool:
    """`self.add_weight(name="kernel", shape=(n_in, units), ...)`: a weight matrix, not a bias or a scale."""
    # Keras 2 takes (name, shape, ...), Keras 3 (shape, initializer, ...): a string is the name
    first = call.args[0] if call.args else None
    named = first if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    name = argument(call, None, "name") or named
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        is_weight, _ = weight_target(ast.Name(id=name.value))
        if not is_weight and name.value:
            return False
    shape = argument(call, None, "shape")
    if shape is None and call.args:
        shape = call.args[1] if named is not None and len(call.args) > 1 else call.args[0] if named is None else None
    if isinstance(shape, (ast.Tuple, ast.List)):
        return len(shape.elts) >= 2
    parent = index.parents.get(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Attribute):
        return weight_target(ast.Name(id=parent.targets[0].attr))[0]
    return False
