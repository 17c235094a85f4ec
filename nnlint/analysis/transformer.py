"""Transformer-style networks (the contract's decision for NN202 and NN303).

A network is transformer-style when it holds a layer/RMS norm or an attention op: a framework class or
function (`nn.LayerNorm`, `F.scaled_dot_product_attention`, Keras `MultiHeadAttention`, Flax
`MultiHeadDotProductAttention`, …), a norm class of the project (recognised by a name ending in
`LayerNorm`/`RMSNorm` — its own, its base's, or the `self.` attribute it is held in — or by what its forward
computes: a mean over the last axis with a variance, an `rsqrt`, `F.normalize`), an attention class of another
file extended here (`class MistralAttention(LlamaAttention)`), or a softmax over the product of two
projections (hand-written attention, the projections followed through reshapes, unpacking and the arguments a
helper method is called with). BatchNorm alone never makes a network transformer-style.

"The network" of a layer is found through composition within the file. The units are the module's classes,
its top-level functions and its module body ("owners"); an owner composes the classes it instantiates and the
functions it calls (and a subclass its base; `model.apply(init_fn)` makes `init_fn` part of `model`'s class).
Driver code — the module body and functions that train — composes functions only, never classes: a `main()`
that builds a CNN and a ViT does not make the CNN transformer-style. A class composes the instances it is given
(`Seq2Seq(encoder, decoder)`) and the classes of a module-level registry it reads (`ATTENTION_CLASSES[impl]`).
A layer is in a transformer-style network when its owner, or an owner above it, reaches a marked owner. Where the composition cannot
be followed (an owner nothing in the file composes or calls: a block used from another file), the file decides:
any marker anywhere in it counts.

Everything is computed once per module, in one pass over the calls and one over the composition graph.
"""

from __future__ import annotations

import ast
import re

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import ACT, DENSE
from .scope import Scope

#: a norm class named for what it is (`LayerNorm`, `ChanLayerNorm`, `RMSNorm`, `T5RMSNorm`)
_NORM_CLASS_NAME = re.compile(r"(layer_?norm|rms_?norm)$", re.IGNORECASE)
#: an attention module of another file, extended here (`LlamaAttention`, `BertSelfAttention`)
_ATTENTION_CLASS_NAME = re.compile(r"Attention$")
#: how far a softmax's input is followed back to a product, and a product's operands to a projection
_PRODUCT_DEPTH = 8


class TransformerStyle:
    """`in_transformer(node)`: is the layer (or initialiser) at `node` part of a transformer-style network?"""

    def __init__(self, facts) -> None:
        self.facts = facts
        self.index = facts.index
        self.flow = facts.flow
        self._owner_cache: dict[ast.AST, ast.AST] = {}
        self._verdicts: dict[ast.AST, bool] = {}
        self.marked: set[ast.AST] = set()
        self.children: dict[ast.AST, set[ast.AST]] = {}
        self.parents: dict[ast.AST, set[ast.AST]] = {}
        self._build()

    # -- the graph ----------------------------------------------------------------------------------
    def _build(self) -> None:
        index = self.index
        drivers = self._drivers()
        for call in index.calls:
            if self._is_marker(call):
                self.marked.add(self.owner_of(call))
        for info in index.classes.values():
            if self._computes_norm(info):
                self.marked.add(info.node)
            for base in info.base_locals:
                parent = index.classes.get(base)
                if parent is not None:
                    self._edge(info.node, parent.node)
        for name, loads in index.name_loads.items():
            target = index.classes.get(name)
            target_node = target.node if target is not None else index.functions.get(name)
            if target_node is None:
                continue
            for load in loads:
                applier = self._applied_by(load)
                owner = applier or self.owner_of(load)
                if owner is target_node or owner in drivers and target is not None and applier is None:
                    continue
                self._edge(owner, target_node)
        self._passed_in()
        self._registries()

    def _passed_in(self) -> None:
        """`Seq2Seq(encoder, decoder)` with `encoder = Encoder(...)`: a class composes the instances it is given."""
        index = self.index
        for info in index.classes.values():
            if not info.is_module:
                continue
            for call in index.calls_by_function_name.get(info.name, ()):
                scope = index.scope_of(call)
                for value in list(call.args) + [k.value for k in call.keywords]:
                    part = self._instance_of(value, scope)
                    if part is not None and part is not info:
                        self._edge(info.node, part.node)

    def _registries(self) -> None:
        """`ATTENTION_CLASSES = {"eager": SelfAttention, "flash": FlashAttention}` at module level, then
        `ATTENTION_CLASSES[impl](config)` in a class: that class composes every class of the registry."""
        index, values = self.index, self.index.values
        module = values.module_scope
        for name, binding in ((n, module.single_binding(n)) for n in list(module.bindings)):
            if binding is None or not isinstance(binding.value, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                continue
            members = [index.classes[n.id].node for n in ast.walk(binding.value)
                       if isinstance(n, ast.Name) and n.id in index.classes]
            if not members:
                continue
            for load in index.name_loads.get(name, ()):
                owner = self.owner_of(load)
                if owner is not index.tree:
                    for member in members:
                        if member is not owner:
                            self._edge(owner, member)

    def _edge(self, parent: ast.AST, child: ast.AST) -> None:
        self.children.setdefault(parent, set()).add(child)
        self.parents.setdefault(child, set()).add(parent)

    def _drivers(self) -> set[ast.AST]:
        """The module body, classes that are not modules (a `Trainer`, a DQN agent) and the top-level functions
        that train: they use models, they do not compose them."""
        drivers: set[ast.AST] = {self.index.tree}
        # a class with an unknown base (`class DecoderLayer(GradientCheckpointingLayer)`) may well be a module: it
        # composes; only a visibly plain class (`class Agent:`, `class DQN(object):`) uses models
        drivers.update(info.node for info in self.index.classes.values() if not info.is_module and _plain(info))
        for call in self.index.calls:
            func = call.func
            qual = self.index.qualify(func)
            if isinstance(func, ast.Attribute) and func.attr in api.TRAINING_METHODS \
                    or qual and qual.startswith(api.TRAINING_PREFIXES):
                owner = self.owner_of(call)
                if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    drivers.add(owner)
        return drivers

    def _applied_by(self, load: ast.Name) -> ast.AST | None:
        """`model.apply(init_fn)` with `model` an instance of a class of this file: that class."""
        call = self.index.parents.get(load)
        if not (isinstance(call, ast.Call) and load in call.args and isinstance(call.func, ast.Attribute)
                and call.func.attr == "apply"):
            return None
        cls = self._instance_of(call.func.value, self.index.scope_of(call))
        return cls.node if cls is not None else None

    def _instance_of(self, expr: ast.AST, scope: Scope):
        """The class of this file an expression is an instance of (`Seq2Seq(...).to(device)` through a name)."""
        for _ in range(4):
            value = self.index.values.value(expr, scope) if isinstance(expr, ast.Name) else expr
            if not isinstance(value, ast.Call):
                return None
            func = value.func
            if isinstance(func, ast.Name):
                return self.index.classes.get(func.id)
            if isinstance(func, ast.Attribute) and func.attr in frameworks.TENSOR_PASS_METHODS:
                expr = func.value  # `.to(device)`, `.cuda()`: the same module
                continue
            return None
        return None

    def owner_of(self, node: ast.AST) -> ast.AST:
        """The class, top-level function or module body a node belongs to."""
        cached = self._owner_cache.get(node)
        if cached is not None:
            return cached
        owner: ast.AST = self.index.tree
        current = self.index.parents.get(node)
        while current is not None:
            if isinstance(current, ast.ClassDef):
                info = self.index.classes.get(current.name)
                owner = info.node if info is not None else current
                break
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    self.index.parents.get(current) is self.index.tree:
                owner = current
                break
            current = self.index.parents.get(current)
        self._owner_cache[node] = owner
        return owner

    # -- markers ------------------------------------------------------------------------------------
    def _is_marker(self, call: ast.Call) -> bool:
        qual = self.index.qualify(call.func)
        if qual in frameworks.TRANSFORMER_MARKERS:
            return True
        name = qual.rsplit(".", 1)[-1] if qual else self._spelled(call.func)
        if name and _NORM_CLASS_NAME.search(name) and (qual is not None or self._imported(name)):
            return True
        func = call.func  # `self.post_attention_layernorm(h)`: a layer norm the class holds, named for what it is
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" \
                and _NORM_CLASS_NAME.search(func.attr):
            return True
        return self._attention_softmax(call)

    @staticmethod
    def _spelled(func: ast.AST) -> str | None:
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
        return None

    def _imported(self, name: str) -> bool:
        """A name bound by an import of any kind (relative imports included: `from .norms import RMSNorm`)."""
        imported = getattr(self, "_imported_names", None)
        if imported is None:
            imported = set()
            for node in self.index.tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    imported.update((a.asname or a.name).split(".")[-1] for a in node.names)
            self._imported_names = imported
        return name in imported

    def _computes_norm(self, info) -> bool:
        """A module class whose forward normalises over the last axis (a hand-written LayerNorm/RMSNorm)."""
        bases = [q.rsplit(".", 1)[-1] for q in info.base_quals] + list(info.base_locals) + [
            b.attr for b in info.node.bases if isinstance(b, ast.Attribute)]
        if _NORM_CLASS_NAME.search(info.name) or any(_NORM_CLASS_NAME.search(b) for b in bases):
            return True  # named for what it is (`class Qwen2RMSNorm(LlamaRMSNorm)`), whatever its base
        imported = [b for b in bases if b not in self.index.classes]
        if any(_ATTENTION_CLASS_NAME.search(b) for b in imported):
            return True  # `class MistralAttention(LlamaAttention)`: an attention module defined elsewhere, extended
        forward = info.forward
        if not info.is_module or forward is None:
            return False
        names: set[str] = set()
        last_axis_mean = False
        # the forward's calls are a slice of the index's (its decorators' are not in its span)
        decorators = [n for d in forward.decorator_list for n in ast.walk(d) if isinstance(n, ast.Call)]
        for node in decorators + self.index.calls_in(forward):
            qual = self.index.qualify(node.func) or ""
            leaf = qual.rsplit(".", 1)[-1] if qual else self._spelled(node.func) or ""
            names.add(leaf)
            if leaf == "mean" and _last_axis(node):
                last_axis_mean = True
        if "rsqrt" in names or "normalize" in names:
            return True
        if not last_axis_mean:
            return False
        if any(isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) for node in ast.walk(forward)):
            names.add("pow")
        return bool(names & {"var", "std", "pow", "square"})

    # -- hand-written attention: softmax(q · k) -------------------------------------------------------
    def _attention_softmax(self, call: ast.Call) -> bool:
        func = call.func
        qual = self.index.qualify(func)
        spec = frameworks.layer_spec(qual)
        maybe = spec is not None and spec.act == "softmax" or isinstance(func, ast.Attribute) and (
            func.attr == "softmax" or isinstance(func.value, ast.Name) and func.value.id == "self")
        if not maybe:
            return False
        scope = self.index.scope_of(call)
        op = self.flow.application(call, scope)
        if op is None or op.kind != ACT or op.act != "softmax" or op.input is None:
            return False
        return self._is_product(op.input, scope, 0)

    def _is_product(self, expr: ast.AST, scope: Scope, depth: int) -> bool:
        if depth > _PRODUCT_DEPTH:
            return False
        if isinstance(expr, ast.Name):
            binding = scope.reaching(expr)
            return binding is not None and binding.value is not None and \
                self._is_product(binding.value, scope, depth + 1)
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.MatMult):
                return self._projections(expr.left, expr.right, scope=scope)
            return self._is_product(expr.left, scope, depth + 1) or self._is_product(expr.right, scope, depth + 1)
        if isinstance(expr, ast.Call):
            qual = self.index.qualify(expr.func)
            if qual in frameworks.PRODUCT_FUNCTIONS:
                operands = [a for a in expr.args if not (isinstance(a, ast.Constant) and isinstance(a.value, str))]
                return len(operands) >= 2 and self._projections(operands[0], operands[1], scope=scope)
            func = expr.func
            if isinstance(func, ast.Attribute) and qual is None:
                if func.attr in api.PRODUCT_METHODS and expr.args:
                    return self._projections(func.value, expr.args[0], scope=scope)
                return self._is_product(func.value, scope, depth + 1)  # `.masked_fill(...)`, `.float()`
        return False

    def _projections(self, *operands: ast.AST, scope: Scope) -> bool:
        return all(self._from_projection(operand, scope, 0) for operand in operands)

    def _from_projection(self, expr: ast.AST, scope: Scope, depth: int) -> bool:
        """Does this operand come from a learned projection (`self.to_q(x)`, through chunk/rearrange/transpose)?"""
        if depth > _PRODUCT_DEPTH:
            return False
        if isinstance(expr, ast.Name):
            binding = scope.reaching(expr)
            if binding is None and self.index.values.is_parameter(expr, scope):
                # `def _attn(self, query, key, value)`: what its callers pass
                return any(given is not None and self._from_projection(given, given_scope, depth + 1)
                           for given, given_scope in self.index.values.parameter_arguments(
                               scope.node, expr.id, defaults=False))
            if binding is None:
                return False
            if binding.value is not None:
                return self._from_projection(binding.value, scope, depth + 1)
            statement = binding.stmt  # `q, k, v = self.to_qkv(x).chunk(3, dim=-1)` or `map(..., qkv)`
            value = getattr(statement, "value", None)
            return isinstance(statement, ast.Assign) and value is not None and \
                self._from_projection(value, scope, depth + 1)
        if isinstance(expr, (ast.Attribute, ast.Subscript, ast.Starred)):  # `k.T`, `qkv[0]`
            return self._from_projection(expr.value, scope, depth + 1)
        if isinstance(expr, ast.BinOp):
            return self._from_projection(expr.left, scope, depth + 1) or \
                self._from_projection(expr.right, scope, depth + 1)
        if isinstance(expr, ast.Call):
            qual = self.index.qualify(expr.func)
            if qual in frameworks.PRODUCT_FUNCTIONS:
                return False
            op = self.flow.application(expr, scope)
            if op is not None and op.kind == DENSE:
                return True
            func = expr.func
            if isinstance(func, ast.Attribute) and qual is None and func.attr in api.RESHAPING_METHODS:
                return self._from_projection(func.value, scope, depth + 1)
            if expr.args:  # `rearrange(t, "b n (h d) -> b h n d")`, `self.split_heads(q)`, `map(fn, qkv)`
                return any(self._from_projection(a, scope, depth + 1) for a in expr.args[:2])
        return False

    # -- verdicts -----------------------------------------------------------------------------------
    def in_transformer(self, node: ast.AST) -> bool:
        owner = self.owner_of(node)
        verdict = self._verdicts.get(owner)
        if verdict is None:
            verdict = self._verdicts[owner] = self._decide(owner)
        return verdict

    def _decide(self, owner: ast.AST) -> bool:
        # some network above the owner holds a marker: equivalently (and cycles aside — a subclass composes its
        # base, the base may name the subclass) some owner at or above it reaches one
        if any(above in self._reaching for above in self._above(owner)):
            return True
        if not self.parents.get(owner) and not self._called(owner):
            return bool(self.marked)  # used from another file: the file decides
        return False

    def _above(self, owner: ast.AST) -> set[ast.AST]:
        """The owner and every owner that composes it, directly or not."""
        seen, stack = {owner}, [owner]
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    @property
    def _reaching(self) -> set[ast.AST]:
        """Owners that are or compose (transitively) a marked owner."""
        reaching = self.__dict__.get("_reaching_set")
        if reaching is None:
            reaching, stack = set(self.marked), list(self.marked)
            while stack:
                for parent in self.parents.get(stack.pop(), ()):
                    if parent not in reaching:
                        reaching.add(parent)
                        stack.append(parent)
            self.__dict__["_reaching_set"] = reaching
        return reaching

    def _called(self, owner: ast.AST) -> bool:
        """Is the owner instantiated or called anywhere in the file (so that its composition can be followed)?"""
        if owner is self.index.tree:
            return True
        name = getattr(owner, "name", None)
        return bool(name and self.index.calls_by_function_name.get(name))


def _plain(info) -> bool:
    return all(isinstance(b, ast.Name) and b.id == "object" for b in info.node.bases) and not info.node.keywords


def _last_axis(call: ast.Call) -> bool:
    """`x.mean(-1, keepdim=True)`, `mean(dim=-1)`, `reduce_mean(x, axis=-1)`."""
    values = list(call.args) + [k.value for k in call.keywords if k.arg in ("dim", "axis")]
    return any(isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub) and isinstance(v.operand, ast.Constant)
               and v.operand.value == 1 for v in values)
