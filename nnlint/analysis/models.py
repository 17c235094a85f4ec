"""Which things in a file are models, and what their outputs are made of.

Follows the contract's "Which output is the model's": a model is a root — a
module class not used by another module class in the file, or a Sequential /
functional model not used inside another model. Blocks used inside a model are
not models.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import ACT, CONTAINER, LIST, MODEL, PASS
from .flow import ARITH, OUTPUT, UNKNOWN, Flow, Op, flatten_containers
from .module import ClassInfo, ModuleIndex
from .scope import Scope

_BLOCK_NAME = re.compile(r"(Block|Layer|Unit|Cell|Stage|Stem|Bottleneck|ConvBN\w*|DoubleConv|Residual\w*)$")
#: a function nobody in the file calls is a model builder only when its name says so (`build_model`,
#: `make_net`, `mlp`); `make_features`, `conv_bn_relu` and friends build blocks
_MODEL_BUILDER = re.compile(r"model|net|build|classifier|regressor|generator|discriminator|policy|critic|"
                            r"autoencoder|mlp|perceptron", re.IGNORECASE)
#: names followed from a sub-model's application to the functional model it ends up in (a tower's embedding,
#: the merged distance, the normalised distance, the head: a few hops in real siamese and multi-input code)
MAX_FLOW_HOPS = 8
#: methods that train the model they are called on
_TRAINED_BY = api.TRAIN_MODE_METHODS - {"train"}
_BLOCK_HELPER = re.compile(r"block|layer|conv|bn|unit|stage|stem|act|norm", re.IGNORECASE)


@dataclass
class Model:
    kind: str  # "class" | "sequential" | "functional"
    node: ast.AST
    name: str
    framework: str | None
    chains: list[list[Op]] = field(default_factory=list)  # backward chains from each output
    cls: ClassInfo | None = None
    elements: list[Op] | None = None  # Sequential models: their layers in order


class ModelFinder:
    def __init__(self, index: ModuleIndex, flow: Flow):
        self.index = index
        self.flow = flow

    def has_training_code(self) -> bool:
        for call in self.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr in api.TRAINING_METHODS:
                return True
            qual = self.index.qualify(func)
            if qual and qual.startswith(api.TRAINING_PREFIXES):
                return True
        return False

    # -- module classes ---------------------------------------------------------
    def used_classes(self) -> set[str]:
        """Module classes used by another module class, a container, or a functional graph in this file."""
        module_classes = {c.name for c in self.index.module_classes}
        used: set[str] = set()
        # any class counts as a user: `class FasterRCNN(GeneralizedRCNN)` is a module class whose base we
        # cannot see, and the head it builds is still a block, not a model
        for cls in self.index.classes.values():
            for base in cls.base_locals:
                if base in module_classes:
                    used.add(base)  # a base class's forward is the subclass's business
        for name in module_classes:
            for load in self.index.name_loads.get(name, ()):
                owner = self.index.class_of(load)
                if owner is not None and owner.name != name and not _plain_class(owner):
                    used.add(name)
                    break
        for call in self.index.calls:
            qual = self.index.qualify(call.func)
            is_user_class = isinstance(call.func, ast.Name) and call.func.id in module_classes
            if is_user_class or (qual and _is_container_or_model(qual)):
                for arg in list(call.args) + [k.value for k in call.keywords]:
                    for node in ast.walk(arg):
                        if isinstance(node, ast.Name) and node.id in module_classes:
                            if not (is_user_class and node.id == call.func.id):
                                used.add(node.id)
            # `MyLayer(...)(x)`: applied in a functional graph
            if isinstance(call.func, ast.Call) and isinstance(call.func.func, ast.Name):
                if call.func.func.id in module_classes:
                    used.add(call.func.func.id)
        return used

    def class_models(self) -> list[Model]:
        classes = [c for c in self.index.module_classes if c.forward is not None]
        if not classes:
            return []
        used = self.used_classes()
        roots = [c for c in classes if c.name not in used]
        if len(self.index.module_classes) > 1 and not self.has_training_code():
            roots = [c for c in roots if not _BLOCK_NAME.search(c.name)]
        models = []
        for cls in roots:
            chains = self.flow.class_output_chains(cls)
            models.append(Model("class", cls.node, cls.name, cls.framework, chains, cls))
        return models

    # -- Sequential and functional models --------------------------------------
    def graph_models(self) -> list[Model]:
        models = []
        for call in self.index.calls:
            qual = self.index.qualify(call.func)
            if not qual:
                continue
            spec = frameworks.layer_spec(qual)
            if spec is None or spec.kind not in (CONTAINER, MODEL):
                continue
            if self._inside_model(call, set()):
                continue
            scope = self.index.scope_of(call)
            if spec.kind == CONTAINER:
                elements = self.sequential_elements(call, scope)
                if not elements:
                    continue
                elements = flatten_containers(elements)
                chain = _backward_from_elements(elements)
                models.append(Model("sequential", call, _assigned_name(self.index, call), spec.framework,
                                    [chain], elements=elements))
            else:
                outputs = self._functional_outputs(call)
                if outputs is None:
                    continue
                chains = [self.flow.trace_back(out, scope) for out in outputs]
                models.append(Model("functional", call, _assigned_name(self.index, call), spec.framework, chains))
        return models

    def sequential_elements(self, call: ast.Call, scope: Scope) -> list[Op] | None:
        elements = self.flow.container_elements(call, scope)
        if elements is None:
            return None
        added = self._added_layers(call, scope)
        if added is None:
            return None
        return elements + added

    def _added_layers(self, call: ast.Call, scope: Scope) -> list[Op] | None:
        """Layers given by `model.add(...)` after `model = Sequential(...)`; None when added under a branch."""
        parent = self.index.parents.get(call)
        if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
            return []
        binding = self.index.values.binding_of(parent, parent.targets[0].id)
        if binding is None:
            return []
        added = []
        for use in scope.uses_of(binding):
            attr = self.index.parents.get(use)
            if isinstance(attr, ast.Attribute) and attr.attr == "add":
                add_call = self.index.parents.get(attr)
                if isinstance(add_call, ast.Call) and add_call.args:
                    if self.flow._under_branch(add_call, scope):
                        return None
                    added.append(self.flow.element_op(add_call.args[0], scope))
        return added

    def _functional_outputs(self, call: ast.Call) -> list[ast.expr] | None:
        outputs = None
        for kw in call.keywords:
            if kw.arg == "outputs":
                outputs = kw.value
        if outputs is None and len(call.args) >= 2:
            outputs = call.args[1]
        if outputs is None:
            return None
        if isinstance(outputs, (ast.List, ast.Tuple)):
            return list(outputs.elts)
        if isinstance(outputs, ast.Dict):
            return list(outputs.values)
        return [outputs]

    def _inside_model(self, node: ast.AST, seen: set[int]) -> bool:
        """Is this Sequential/Model construction part of a bigger model in this file?"""
        if id(node) in seen:
            return False
        seen.add(id(node))
        index = self.index
        current, child = index.parents.get(node), node
        while current is not None:
            if isinstance(current, ast.ClassDef):
                cls = index.classes.get(current.name)
                if cls is not None and cls.is_module:
                    return True
            if isinstance(current, ast.Call) and child is not current.func:
                qual = index.qualify(current.func)
                if qual and _is_container_or_model(qual):
                    return True
                if isinstance(current.func, ast.Name) and current.func.id in index.classes:
                    return True
            if isinstance(current, ast.Call) and child is current.func:
                return False  # applied: `Sequential(...)(x)` inside a functional graph: checked via its use
            if isinstance(current, ast.Return):
                func = index.enclosing_function(current)
                if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    if func.name not in index.functions:
                        return True  # a method or nested function: part of something bigger
                    return self._helper_inside_model(func, seen)
                return False
            if isinstance(current, (ast.Assign, ast.AnnAssign)):
                targets = current.targets if isinstance(current, ast.Assign) else [current.target]
                if len(targets) == 1 and isinstance(targets[0], ast.Name):
                    scope = index.scope_of(current)
                    binding = self.index.values.binding_of(current, targets[0].id)
                    if binding is not None:
                        for use in scope.uses_of(binding):
                            if self._use_inside_model(use, seen):
                                return True
                    return self._enclosed_by_module_class(current)
            if isinstance(current, ast.stmt):
                return self._enclosed_by_module_class(current)
            child, current = current, index.parents.get(current)
        return False

    def _enclosed_by_module_class(self, node: ast.AST) -> bool:
        cls = self.index.class_of(node)
        return cls is not None and cls.is_module

    def _use_inside_model(self, use: ast.Name, seen: set[int]) -> bool:
        parent = self.index.parents.get(use)
        if isinstance(parent, ast.Call) and parent.func is use:
            # a model applied to a tensor is a sub-model when its result feeds more layers
            scope = self.index.scope_of(parent)
            for path in self.flow.forward_paths(parent, scope):
                if any(op.kind not in (UNKNOWN, OUTPUT, ARITH) for op in path):
                    return True
            # or whatever it computes ends up among another functional model's inputs or outputs (a siamese
            # tower: `merged = Lambda(distance)([embed(a), embed(b)])` … `Model([a, b], head(merged))`)
            return self._flows_into_model(parent, scope, set())
        if isinstance(parent, (ast.List, ast.Tuple, ast.Starred)) or isinstance(parent, ast.Call):
            if self._wrapped_for_inference(use):
                return False
            return self._inside_model(use, seen)
        return False

    def _wrapped_for_inference(self, use: ast.Name) -> bool:
        """`Sequential([model, Softmax()])` / `nn.Sequential(model, nn.Softmax(dim=1))` where `model` is compiled,
        fit or given to an optimizer itself: a wrapper that only adds parameter-free layers for predictions. The
        trained model stays a model (its loss never sees the wrapper's softmax)."""
        holder = self.index.parents.get(use)
        container = self.index.parents.get(holder) if isinstance(holder, (ast.List, ast.Tuple)) else holder
        elements = holder.elts if isinstance(holder, (ast.List, ast.Tuple)) else getattr(holder, "args", None)
        if not isinstance(container, ast.Call) or not elements or elements[0] is not use:
            return False
        spec = frameworks.layer_spec(self.index.qualify(container.func))
        if spec is None or spec.kind != CONTAINER:
            return False
        scope = self.index.scope_of(container)
        if any(self.flow.element_op(e, scope).kind not in (ACT, PASS) for e in elements[1:]):
            return False
        return self._trained_itself(use.id)

    def _trained_itself(self, name: str) -> bool:
        """`name.compile(…)`, `name.fit(…)`, `name.train_on_batch(…)` or `optimizer(name.parameters(), …)`."""
        for load in self.index.name_loads.get(name, ()):
            attr = self.index.parents.get(load)
            if not isinstance(attr, ast.Attribute) or not isinstance(self.index.parents.get(attr), ast.Call):
                continue
            if attr.attr in _TRAINED_BY:
                return True
            if attr.attr in api.PARAMETER_ITERATORS:
                holder = self.index.parents.get(self.index.parents.get(attr))
                while isinstance(holder, (ast.expr, ast.keyword)) and not isinstance(holder, ast.Call):
                    holder = self.index.parents.get(holder)
                qual = self.index.qualify(holder.func) if isinstance(holder, ast.Call) else None
                if qual and qual.startswith(api.TRAINING_PREFIXES):
                    return True
        return False

    def _flows_into_model(self, node: ast.AST, scope: Scope, seen: set[int], depth: int = 0) -> bool:
        """Does this value reach the arguments of a functional `Model(...)` construction, through any expression
        (calls, lists, arithmetic) and the names it is bound to?"""
        if depth > MAX_FLOW_HOPS or id(node) in seen:
            return False
        seen.add(id(node))
        current, parent = node, self.index.parents.get(node)
        while isinstance(parent, ast.expr) or isinstance(parent, ast.keyword):
            if isinstance(parent, ast.Call) and current is not parent.func:
                spec = frameworks.layer_spec(self.index.qualify(parent.func))
                if spec is not None and spec.kind == MODEL:
                    return True
            current, parent = parent, self.index.parents.get(parent)
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is current:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            for target in targets:
                for name in (n for n in ast.walk(target) if isinstance(n, ast.Name)):
                    binding = self.index.values.binding_of(parent, name.id)
                    if binding is None:
                        continue
                    for later in self.index.values.may_uses(binding, scope):
                        if self._flows_into_model(later, scope, seen, depth + 1):
                            return True
        return False

    def _helper_inside_model(self, func: ast.FunctionDef, seen: set[int]) -> bool:
        callers = self.index.values.callers(func)
        if not callers:
            return not _MODEL_BUILDER.search(func.name) or bool(_BLOCK_HELPER.search(func.name))
        return any(self._inside_model(c, seen) for c in callers)

    def models(self) -> list[Model]:
        return self.class_models() + self.graph_models()


def _plain_class(info: ClassInfo) -> bool:
    """`class Agent:` / `class DQN(object):` — visibly not a module: it uses models, it is not one."""
    bases = info.node.bases
    return all(isinstance(b, ast.Name) and b.id == "object" for b in bases) and not info.node.keywords


def _is_container_or_model(qual: str) -> bool:
    from .. import frameworks

    spec = frameworks.layer_spec(qual)
    return spec is not None and spec.kind in (CONTAINER, LIST, MODEL)


def _backward_from_elements(elements: list[Op]) -> list[Op]:
    return list(reversed(elements))


def _assigned_name(index: ModuleIndex, call: ast.Call) -> str:
    parent = index.parents.get(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        if isinstance(target, ast.Name):
            return target.id
        if isinstance(target, ast.Attribute):
            return target.attr
    return "model"
