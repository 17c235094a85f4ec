"""Where a constructed layer's output goes: the paths of ops that consume it.

A path follows parameter-free steps, activations and norms and ends at the first
other op (a learned layer, the output, arithmetic) or at the unknown.
"""

from __future__ import annotations

import ast

from .. import frameworks
from ..frameworks.spec import ACT, CONTAINER, LIST, NORM, PASS
from .budgets import HELPER_DEPTH
from .flow import OUTPUT, Op, flatten_containers
from .scope import Scope

NOT_SEEN_PATH: list[Op] = []

class Consumers:
    """Consumer paths of a layer construction; an empty path means "not statically visible"."""

    def __init__(self, index, flow):
        self.index = index
        self.flow = flow

    def of_construct(self, call: ast.Call, depth: int = 0) -> list[list[Op]]:
        paths = self._of_construct(call, depth)
        if depth >= HELPER_DEPTH or not any(path and path[-1].kind == OUTPUT and path[-1].hint for path in paths):
            return paths
        # the output of a block's forward() goes wherever the block is used in this file
        result = []
        for path in paths:
            block = path[-1].hint if path and path[-1].kind == OUTPUT else ""
            continued = []
            for use in self.index.calls_by_function_name.get(block, ()) if block else ():
                continued.extend(path[:-1] + rest for rest in self.of_construct(use, depth + 1) if rest)
            # a model used nowhere visible keeps its output as the end of the path
            result.extend(continued or [path])
        return result

    def _of_construct(self, call: ast.Call, depth: int = 0) -> list[list[Op]]:
        index, flow = self.index, self.flow
        scope = index.scope_of(call)
        parent = index.parents.get(call)
        spec = frameworks.layer_spec(index.qualify(call.func))
        if spec is not None and spec.applies:
            return (flow.forward_paths(call, scope))
        if isinstance(parent, ast.Call) and parent.func is call:
            return (flow.forward_paths(parent, scope))
        return self._of_value(call, parent, scope, depth)

    def _of_value(self, node: ast.AST, parent: ast.AST, scope: Scope, depth: int) -> list[list[Op]]:
        index, flow = self.index, self.flow
        sibling = self._next_sibling(node, parent, scope, depth)
        if sibling is not None:
            return sibling
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) != 1:
                return [NOT_SEEN_PATH]
            target = targets[0]
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                cls = index.class_of(parent)
                if cls is None:
                    return [NOT_SEEN_PATH]
                uses = flow.applications_of_attr(cls, target.attr)
                result: list[list[Op]] = []
                for call, use_scope in uses:
                    result += (flow.forward_paths(call, use_scope))
                return result or [NOT_SEEN_PATH]
            if isinstance(target, ast.Name):
                binding = index.values.binding_of(parent, target.id)
                result: list[list[Op]] = []
                for use in scope.uses_of(binding) if binding else ():
                    use_parent = index.parents.get(use)
                    if isinstance(use_parent, ast.Call) and use_parent.func is use:
                        result += (flow.forward_paths(use_parent, scope))
                    else:
                        result += self._of_value(use, use_parent, scope, depth)
                return result or [NOT_SEEN_PATH]
        if isinstance(parent, ast.Return) and depth < HELPER_DEPTH:
            func = index.enclosing_function(parent)
            if isinstance(func, ast.FunctionDef):
                result: list[list[Op]] = []
                for caller in index.values.callers(func):
                    caller_parent = index.parents.get(caller)
                    if isinstance(caller_parent, ast.Call) and caller_parent.func is caller:
                        result += (flow.forward_paths(caller_parent, index.scope_of(caller)))
                    else:
                        result += self._of_value(caller, caller_parent, index.scope_of(caller), depth + 1)
                return result or [NOT_SEEN_PATH]
        return [NOT_SEEN_PATH]

    def _next_sibling(self, node: ast.AST, parent: ast.AST, scope: Scope, depth: int = 0) -> list[list[Op]] | None:
        """For an element of a Sequential, list or `.append` chain: what the next element is."""
        flow, index = self.flow, self.index
        elements: list[ast.expr] | None = None
        pairs = index.parents.get(parent)
        if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and node is parent.elts[1] \
                and isinstance(pairs, (ast.List, ast.Tuple)) and all(
                    isinstance(p, ast.Tuple) and len(p.elts) == 2 for p in pairs.elts):
            # `OrderedDict([("conv", nn.Conv2d(...)), ("bn", nn.BatchNorm2d(...))])`: the next pair's layer
            elements = [p.elts[1] for p in pairs.elts]
            parent = pairs
        elif isinstance(parent, (ast.List, ast.Tuple)):
            elements = parent.elts
        elif isinstance(parent, ast.Call) and node in parent.args:
            spec = frameworks.layer_spec(index.qualify(parent.func))
            if spec is not None and spec.kind in (CONTAINER, LIST):
                elements = parent.args
            elif isinstance(parent.func, ast.Attribute) and parent.func.attr in ("append", "add"):
                return self._next_appended(parent, scope)
        if elements is None:
            return None
        position = next(i for i, e in enumerate(elements) if e is node)
        path = _until_effective([flow.element_op(e, scope) for e in elements[position + 1:]])
        if path and path[-1].kind not in (PASS, ACT, NORM):
            return [path]
        # the rest of the container is parameter-free: what consumes the container consumes this layer
        container = index.parents.get(parent) if isinstance(parent, (ast.List, ast.Tuple)) else parent
        if isinstance(container, ast.Call) and depth < HELPER_DEPTH:
            spec = frameworks.layer_spec(index.qualify(container.func))
            if spec is not None and spec.kind == CONTAINER:
                return [path + rest for rest in self.of_construct(container, depth + 1)]
        return [path + NOT_SEEN_PATH]

    def _next_appended(self, append_call: ast.Call, scope: Scope) -> list[list[Op]]:
        statement = self.index.parents.get(append_call)
        block = self.index.parents.get(statement)
        body = None
        for field_name in ("body", "orelse", "finalbody"):
            candidate = getattr(block, field_name, None)
            if isinstance(candidate, list) and statement in candidate:
                body = candidate
        if body is None:
            return [NOT_SEEN_PATH]
        receiver = ast.dump(append_call.func.value)
        following = []
        for later in body[body.index(statement) + 1:]:
            call = later.value if isinstance(later, ast.Expr) else None
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in ("append", "add") and ast.dump(call.func.value) == receiver and call.args):
                break
            following.append(self.flow.element_op(call.args[0], scope))
        if not following:
            return [NOT_SEEN_PATH]
        return [_until_effective(following)]


def _until_effective(ops: list[Op]) -> list[Op]:
    path = []
    for op in flatten_containers(ops):
        path.append(op)
        if op.kind not in (PASS, ACT, NORM):
            break
    return path

