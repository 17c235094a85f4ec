"""Weight initialisers: what family an initialiser is, whether its std is fixed, and what it initialises."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .. import frameworks
from ..frameworks import methods as api
from ..frameworks.spec import EMBEDDING, FIXED, NORM, OpSpec
from .flow import argument
from .module import ModuleIndex
from .values import NOT_LITERAL
from .scope import Scope

_WEIGHT_NAME = re.compile(r"^(w|W)(_|\d|$)|weight|kernel|^filter", re.IGNORECASE)
_BIAS_NAME = re.compile(r"(^|_)b(ias)?(_|\d|$)|bias", re.IGNORECASE)
_NORM_OR_EMBEDDING_TEXT = re.compile(r"norm|embed|bn", re.IGNORECASE)


@dataclass
class InitRef:
    family: str
    spec: OpSpec | None
    call: ast.Call | None  # the initialiser call, when it is one
    name: str  # how the code spells it, for messages
    #: the initialiser's own expression when the code reached it through a name (`kernel_init = RandomNormal(...)`
    #: at module level, used by many layers): one finding there, not one per layer
    bound: ast.AST | None = None
    qual: str | None = None  # its qualified name (None for a string)
    string: str | None = None  # a Keras-style name given as a string


def initializer(index: ModuleIndex, expr: ast.AST | None, scope: Scope | None) -> InitRef | None:
    """Classify an initialiser value: a keras string, a class/function call, or a reference to one (a name
    bound in the function, or once at module level: then `bound` is the initialiser's own expression)."""
    if expr is None:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        family = frameworks.INITIALIZER_STRINGS.get(expr.value.lower())
        return InitRef(family, None, None, repr(expr.value), string=expr.value.lower()) if family else None
    if isinstance(expr, ast.Call):
        qual = index.qualify(expr.func)
        spec = frameworks.init_spec(qual)
        if spec is not None:
            return InitRef(spec.init_family, spec, expr, qual.rsplit(".", 1)[-1], qual=qual)
        return None
    qual = index.qualify(expr)
    spec = frameworks.init_spec(qual)
    if spec is not None:
        return InitRef(spec.init_family, spec, None, qual.rsplit(".", 1)[-1], qual=qual)
    if isinstance(expr, ast.Name):
        found = index.values.value_in(expr, scope)  # `init = nn.init.xavier_uniform_` … `init(w)`
        if found is not None and found.expr is not expr:
            ref = initializer(index, found.expr, found.scope)
            if ref is not None and ref.bound is None:
                ref.bound = found.expr
            return ref
    return None


def init_scale(index: ModuleIndex, ref: InitRef, scope: Scope | None) -> float | None:
    """The std (or the largest range bound) of a fixed-scale initialiser, with the framework's defaults for what
    is not given; None when some argument is not a literal."""
    if ref.string is not None:
        return frameworks.INITIALIZER_STRING_SCALES.get(ref.string)
    if ref.spec is None:
        return None
    values = []
    for (position, name), default in zip(ref.spec.init_std, ref.spec.init_std_defaults or (None,) * 9):
        value = argument(ref.call, position, name) if ref.call is not None else None
        literal = index.values.literal(value, scope) if value is not None else default
        if literal is None or literal is NOT_LITERAL or isinstance(literal, bool) \
                or not isinstance(literal, (int, float)):
            return None
        values.append(abs(literal))
    return max(values) if values else None


def has_fixed_scale(index: ModuleIndex, ref: InitRef, scope: Scope | None) -> bool:
    """True when every std/range argument is a literal or left at its default (not derived from fan-in)."""
    if ref.family != FIXED:
        return False
    if ref.call is None or ref.spec is None:
        return True
    for position, name in ref.spec.init_std:
        value = argument(ref.call, position, name)
        if value is None:
            continue
        literal = index.values.literal(value, scope)
        if literal is NOT_LITERAL or isinstance(literal, bool) or not isinstance(literal, (int, float)):
            return False
    return True


def weight_target(expr: ast.AST) -> tuple[bool, ast.AST | None]:
    """(is it a weight?, the owning layer expression) for an initialised tensor like `self.fc.weight.data`."""
    node = expr
    while isinstance(node, ast.Attribute) and node.attr == "data":
        node = node.value
    if isinstance(node, ast.Attribute):
        if _BIAS_NAME.search(node.attr):
            return False, None
        return node.attr.startswith("weight") or node.attr in ("kernel",), node.value
    if isinstance(node, ast.Name):
        return bool(_WEIGHT_NAME.search(node.id)) and not _BIAS_NAME.search(node.id), None
    if isinstance(node, ast.Subscript):
        return False, None
    return False, None


def guarded_kinds(index: ModuleIndex, node: ast.AST) -> tuple[set[str], bool, list]:
    """What `isinstance`/class-name guards around `node` say: the framework layer kinds they name,
    whether they name a norm or embedding, and the classes of this file they name."""
    kinds: set[str] = set()
    excluded = False
    local_classes = []
    child, current = node, index.parents.get(node)
    while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        if isinstance(current, ast.If) and _within(child, current.body):
            for part in ast.walk(current.test):
                qual = index.qualify(part) if isinstance(part, (ast.Name, ast.Attribute)) else None
                spec = frameworks.layer_spec(qual)
                if spec is not None:
                    kinds.add(spec.kind)
                    if spec.kind in (NORM, EMBEDDING):
                        excluded = True
                elif isinstance(part, ast.Name) and part.id in index.classes:
                    local_classes.append(index.classes[part.id])
                elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                    if _NORM_OR_EMBEDDING_TEXT.search(part.value):
                        excluded = True
        child, current = current, index.parents.get(current)
    return kinds, excluded, local_classes


def iterates_parameters(index: ModuleIndex, target: ast.AST, call: ast.AST) -> bool:
    """`for p in m.parameters(): init(p)` touches biases and embeddings alike: not a weight we can name."""
    if not isinstance(target, ast.Name):
        return False
    current = index.parents.get(call)
    while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        if isinstance(current, ast.For) and any(isinstance(n, ast.Name) and n.id == target.id
                                                for n in ast.walk(current.target)):
            iterable = current.iter
            return isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) \
                and iterable.func.attr in api.PARAMETER_ITERATORS
        current = index.parents.get(current)
    return False


def _within(node: ast.AST, body: list[ast.stmt]) -> bool:
    return any(node is stmt for stmt in body)


def is_bias_variable(index: ModuleIndex, variable_call: ast.Call, initial: ast.AST) -> bool:
    """For TF1 `tf.Variable(...)`/`tf.get_variable(...)`: does its shape (rank 1: a bias, whatever it is called) or
    its name (the variable's, the name or dict key it is stored under, the dict's name, its helper's) say bias?"""
    shape = initial.args[0] if isinstance(initial, ast.Call) and initial.args else None
    if shape is None:
        shape = next((kw.value for kw in variable_call.keywords if kw.arg == "shape"), None)
        if shape is None and len(variable_call.args) > 1 and \
                isinstance(variable_call.args[0], ast.Constant) and isinstance(variable_call.args[0].value, str):
            shape = variable_call.args[1]  # tf.get_variable("b", [n])
    if isinstance(shape, (ast.List, ast.Tuple)) and len(shape.elts) == 1:
        return True
    for kw in variable_call.keywords:
        if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return bool(_BIAS_NAME.search(kw.value.value))
    if variable_call.args and isinstance(variable_call.args[0], ast.Constant) and isinstance(variable_call.args[0].value, str):
        return bool(_BIAS_NAME.search(variable_call.args[0].value))
    holder = index.parents.get(variable_call)
    if isinstance(holder, ast.Assign) and len(holder.targets) == 1 and isinstance(holder.targets[0], ast.Name):
        if _BIAS_NAME.search(holder.targets[0].id):
            return True
    if isinstance(holder, ast.Dict):
        for key, value in zip(holder.keys, holder.values):
            if value is variable_call and isinstance(key, ast.Constant) and isinstance(key.value, str) \
                    and _BIAS_NAME.search(key.value):
                return True
        owner = index.parents.get(holder)  # `biases = {'out': tf.Variable(...)}`
        if isinstance(owner, ast.Assign) and len(owner.targets) == 1 and isinstance(owner.targets[0], ast.Name) \
                and _BIAS_NAME.search(owner.targets[0].id):
            return True
    func = index.enclosing_function(variable_call)
    if isinstance(func, ast.FunctionDef) and _BIAS_NAME.search(func.name):
        return True
    return False


_EMBEDDING_NAME = re.compile(r"embed", re.IGNORECASE)


def is_embedding_variable(index: ModuleIndex, variable_call: ast.Call) -> bool:
    """A TF1 variable that is an embedding table: named so, or looked up with `embedding_lookup`."""
    name_kw = next((k.value for k in variable_call.keywords if k.arg == "name"), None)
    name = name_kw if name_kw is not None else (variable_call.args[0] if variable_call.args else None)
    if isinstance(name, ast.Constant) and isinstance(name.value, str) and _EMBEDDING_NAME.search(name.value):
        return True
    holder = index.parents.get(variable_call)
    if not (isinstance(holder, ast.Assign) and len(holder.targets) == 1):
        return False
    target = ast.unparse(holder.targets[0])
    if _EMBEDDING_NAME.search(target):
        return True
    return target in _looked_up(index)  # `tf.nn.embedding_lookup(embeddings, ids)`


def _looked_up(index: ModuleIndex) -> set[str]:
    """What the module's embedding lookups read from, as spelled (one pass, kept on the index)."""
    found = index.__dict__.get("_embedding_tables")
    if found is None:
        found = index.__dict__["_embedding_tables"] = {
            ast.unparse(call.args[0]) for call in index.calls
            if call.args and index.qualify(call.func) in api.EMBEDDING_LOOKUPS}
    return found
