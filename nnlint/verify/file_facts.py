"""What the linter's analysis knows about a file, as plain data the child can use.

The linter already finds the models, losses, optimizers and schedules of a file (`ModuleFacts`); the
verifier reuses that instead of finding them again. Each item says how the child can get it: a model
by a top-level name (a class or factory to call, or a module-level value), a loss or optimizer by its
framework name and the literal arguments it was given (so the child can build the user's own loss and
optimizer even when they are made inside a function it never runs).
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass, field

from .. import frameworks
from ..frameworks import methods as api
from .mapping import is_factory

#: calls that only graph-mode TensorFlow 1 code makes
TF1_MARKERS = ("tensorflow.placeholder", "tensorflow.Session", "tensorflow.InteractiveSession",
               "tensorflow.train.Saver", "tensorflow.disable_v2_behavior", "tensorflow.disable_eager_execution",
               "tensorflow.get_variable", "tensorflow.global_variables_initializer", "tensorflow.layers.",
               "tensorflow.contrib.", "tensorflow.variable_scope", "tensorflow.train.AdamOptimizer",
               "tensorflow.train.GradientDescentOptimizer")


@dataclass
class FileFacts:
    framework: str | None
    models: list[dict] = field(default_factory=list)  # {name, call, kind, line}
    losses: list[dict] = field(default_factory=list)
    optimizers: list[dict] = field(default_factory=list)
    schedules: list[dict] = field(default_factory=list)
    epochs: int | None = None
    tf1_layers: bool = False  # uses tf.layers / tf.compat.v1.layers (needs a Keras-2 compatible Keras)

    def to_json(self) -> dict:
        return asdict(self)


def describe(facts) -> FileFacts:
    index = facts.index
    quals = [(call, index.qualify(call.func)) for call in index.calls]
    described = FileFacts(framework_of(facts, quals))
    described.models = model_handles(facts)
    described.tf1_layers = any(q and q.startswith("tensorflow.layers.") for _, q in quals)
    for call, qual in quals:
        if qual is None:
            _compile_loss(facts, call, described)
            continue
        loss = frameworks.loss_spec(qual)
        if loss is not None:
            described.losses.append(dict(_call_info(facts, call, qual), kind=_loss_kind(facts, loss, call),
                                         applies=loss.applies))
        optimizer = frameworks.optimizer_spec(qual)
        if optimizer is not None:
            info = _call_info(facts, call, qual)
            lr = info["kwargs"].get(optimizer.lr[1]) if optimizer.lr[1] else None
            if lr is None and optimizer.lr_alias:
                lr = info["kwargs"].get(optimizer.lr_alias)
            if lr is None and optimizer.lr[0] is not None and optimizer.lr[0] < len(info["args"]):
                lr = info["args"][optimizer.lr[0]]
            described.optimizers.append(dict(info, adam=optimizer.adam_family,
                                             lr=lr if isinstance(lr, (int, float)) else None))
        if frameworks.schedule_spec(qual) is not None:
            described.schedules.append(_call_info(facts, call, qual))
    described.epochs = _epochs(facts)
    return described


def framework_of(facts, quals=None) -> str | None:
    """torch, keras (Keras 3 / tf.keras models), tf1 (graph-mode TensorFlow) or jax, from the names the
    file uses; the models' own framework decides first."""
    quals = quals if quals is not None else [(c, facts.index.qualify(c.func)) for c in facts.index.calls]
    used = [q for _, q in quals if q]
    if any(q.startswith(TF1_MARKERS) for q in used):
        return "tf1"
    found = [m.framework for m in facts.models if m.framework]
    roots = [frameworks.framework_of(q) for q in used] + [
        frameworks.framework_of(frameworks.canonical(v)) for v in facts.index.names.aliases.values()]
    for candidate in found + roots:
        if candidate == "tf1":  # tf.* outside graph mode: TensorFlow 2 with tf.keras
            candidate = "keras"
        if candidate in ("torch", "keras", "jax"):
            return candidate
    return None


def top_level_statement(tree: ast.Module, node: ast.AST) -> ast.stmt | None:
    line = getattr(node, "lineno", None)
    if line is None:
        return None
    for stmt in tree.body:
        start = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
        if start <= line <= (stmt.end_lineno or stmt.lineno):
            return stmt
    return None


def model_handles(facts) -> list[dict]:
    """How the child gets each model the linter found: a top-level class or function to call, or a
    module-level name that holds it."""
    handles, seen = [], set()
    for model in facts.models:
        stmt = top_level_statement(facts.tree, model.node)
        if isinstance(stmt, ast.ClassDef):
            handle = {"name": stmt.name, "call": True}
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            handle = {"name": stmt.name, "call": True}
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            assigned = [t.id for t in targets if isinstance(t, ast.Name)]
            if not assigned:
                continue
            handle = {"name": model.name if model.name in assigned else assigned[0], "call": False}
        else:
            continue
        if handle["name"] not in seen:
            seen.add(handle["name"])
            handles.append(dict(handle, kind=model.kind, line=model.node.lineno))
    for builder in _builders(facts):
        if builder["name"] not in seen:
            seen.add(builder["name"])
            handles.append(builder)
    return _instances_first(facts.tree, handles)


def _builders(facts) -> list[dict]:
    """Top-level functions that build framework layers and return something (`def build_mlp(cfg):` that
    assembles a Sequential in a loop, which the analysis does not follow): the child calls them, filling
    their arguments (config objects) as for a constructor."""
    found = []
    for stmt in facts.tree.body:
        if not isinstance(stmt, ast.FunctionDef) or stmt.name.startswith("_"):
            continue
        if not any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(stmt)):
            continue
        builds = any(isinstance(n, ast.Call) and frameworks.layer_spec(facts.index.qualify(n.func)) is not None
                     for n in ast.walk(stmt))
        if builds:
            found.append({"name": stmt.name, "call": True, "kind": "builder", "line": stmt.lineno})
    return found


def _instances_first(tree: ast.Module, handles: list[dict]) -> list[dict]:
    """`model = Net()` at module level stands for the class Net: the model the file really uses."""
    callable_names = {h["name"] for h in handles if h["call"]}
    instances: dict[str, dict] = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        value = stmt.value
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):  # Net().to(device)
            value = value.func.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in callable_names:
            instances.setdefault(value.func.id, {"name": stmt.targets[0].id, "call": False, "kind": "instance",
                                                 "line": stmt.lineno})
    factories: dict[str, dict] = {}
    for stmt in tree.body:  # `def make_model(): return Net(5000)`: builds the class with its arguments
        if isinstance(stmt, ast.FunctionDef) and is_factory(stmt) and stmt.name not in callable_names:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in callable_names:
                    factories.setdefault(node.func.id, {"name": stmt.name, "call": True, "kind": "factory",
                                                        "line": stmt.lineno})
    result, seen = [], set()
    for handle in handles:
        chosen = [handle] if not handle["call"] else [instances[handle["name"]]] if handle["name"] in instances else \
            [factories[handle["name"]], handle] if handle["name"] in factories else [handle]
        for item in chosen:
            if item["name"] not in seen:
                seen.add(item["name"])
                result.append(item)
    return result


# -- training objects ----------------------------------------------------------------------------

def _literal(facts, expr: ast.AST, scope):
    try:
        return ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    value = facts.values.literal(expr, scope)  # a name bound once to a literal
    return value if isinstance(value, (int, float, str, bool, type(None))) else _SKIP


_SKIP = object()


def _call_info(facts, call: ast.Call, qual: str) -> dict:
    """The framework name, the literal arguments, where it is, and the top-level name it is bound to."""
    scope = facts.index.scope_of(call)
    args = []
    for arg in call.args:
        value = _literal(facts, arg, scope)
        args.append(None if value is _SKIP else value)
    kwargs = {}
    for kw in call.keywords:
        if kw.arg is None:
            continue
        value = _literal(facts, kw.value, scope)
        if value is not _SKIP:
            kwargs[kw.arg] = value
    parent = facts.index.parents.get(call)
    bound = None
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name) \
            and parent in facts.tree.body:
        bound = parent.targets[0].id
    return {"qual": qual, "line": call.lineno, "end_line": call.end_lineno or call.lineno, "args": args,
            "kwargs": kwargs, "bound": bound}


def _loss_kind(facts, spec, call: ast.Call) -> str:
    if spec.logits_kind is None:
        return spec.kind
    for kw in call.keywords:
        if kw.arg == api.FROM_LOGITS_KEYWORD:
            value = _literal(facts, kw.value, facts.index.scope_of(call))
            if value is True:
                return spec.logits_kind
    return spec.kind


def _compile_loss(facts, call: ast.Call, described: FileFacts) -> None:
    """`model.compile(loss="categorical_crossentropy")`: a Keras loss given by its string name."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == api.COMPILE_METHOD):
        return
    for kw in call.keywords:
        if kw.arg == "loss" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            kind = frameworks.LOSS_STRINGS.get(kw.value.value.lower())
            if kind is not None:
                described.losses.append({"qual": None, "string": kw.value.value, "kind": kind, "applies": True,
                                         "line": call.lineno, "end_line": call.end_lineno or call.lineno,
                                         "args": [], "kwargs": {}, "bound": None})


def _epochs(facts) -> int | None:
    """The number of epochs, when the file says it with a literal: `fit(..., epochs=N)` or
    `for epoch in range(N)`."""
    for call in facts.index.calls:
        if isinstance(call.func, ast.Attribute) and call.func.attr in api.FIT_METHODS:
            for kw in call.keywords:
                if kw.arg == "epochs":
                    value = _literal(facts, kw.value, facts.index.scope_of(kw.value))
                    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                        return value
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and "epoch" in node.target.id.lower():
            it = node.iter
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and it.args:
                value = _literal(facts, it.args[-1] if len(it.args) == 1 else it.args[1], facts.index.scope_of(it))
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    return value
    return None
