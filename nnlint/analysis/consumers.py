"""Where a constructed layer's output goes: the paths of ops that consume it.

A path follows parameter-free steps, activations and norms and ends at the first
other op (a learned layer, the output, arithmetic) or at the unknown.
"""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

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
        #: id of a list (a container's elements, a block's statements) -> (the list, {id of an item: position})
        self._positions: dict[int, tuple[list, dict[int, int]]] = {}
        self._pairs: dict[int, tuple[ast.AST, list[ast.expr] | None]] = {}

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
        """The consumer paths of a value. A name bound to it (`a1 = a0`) is followed to that name's uses, and
        theirs in turn — with an explicit stack, so that an alias chain thousands of names long neither
        overflows Python's recursion limit nor loses the file's findings; the paths come out in the order a
        depth-first walk of the uses gives."""
        found = self._value_step(node, parent, scope, depth)
        if not isinstance(found, _Aliases):
            return found
        index, flow = self.index, self.flow
        stack: list[tuple[Iterator[ast.Name], list[list[Op]]]] = [(iter(found.uses), [])]
        while True:
            uses, result = stack[-1]
            use = next(uses, None)
            if use is None:  # this name's uses are done
                stack.pop()
                finished = result or [NOT_SEEN_PATH]
                if not stack:
                    return finished
                stack[-1][1].extend(finished)
                continue
            use_parent = index.parents.get(use)
            if isinstance(use_parent, ast.Call) and use_parent.func is use:
                result += flow.forward_paths(use_parent, scope)
                continue
            found = self._value_step(use, use_parent, scope, depth)
            if isinstance(found, _Aliases):
                stack.append((iter(found.uses), []))
            else:
                result += found

    def _value_step(self, node: ast.AST, parent: ast.AST, scope: Scope, depth: int) -> "list[list[Op]] | _Aliases":
        """One step of `_of_value`: the paths, or (for a value bound to a plain name) the uses of that name."""
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
                return _Aliases(scope.uses_of(binding) if binding else [])
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
                and isinstance(pairs, (ast.List, ast.Tuple)) and self._pair_values(pairs) is not None:
            # `OrderedDict([("conv", nn.Conv2d(...)), ("bn", nn.BatchNorm2d(...))])`: the next pair's layer
            elements = self._pair_values(pairs)
            parent = pairs
        elif isinstance(parent, (ast.List, ast.Tuple)):
            elements = parent.elts
        elif isinstance(parent, ast.Call) and self._position(parent.args, node) is not None:
            spec = frameworks.layer_spec(index.qualify(parent.func))
            if spec is not None and spec.kind in (CONTAINER, LIST):
                elements = parent.args
            elif isinstance(parent.func, ast.Attribute) and parent.func.attr in ("append", "add"):
                return self._next_appended(parent, scope)
        if elements is None:
            return None
        position = self._position(elements, node)
        # one element at a time, up to the first effective one: a long Sequential stays linear
        path = _until_effective(flow.element_op(e, scope) for e in _after(elements, position))
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
        body, position = None, None
        for field_name in ("body", "orelse", "finalbody"):
            candidate = getattr(block, field_name, None)
            if isinstance(candidate, list):
                found = self._position(candidate, statement)
                if found is not None:
                    body, position = candidate, found
        if body is None:
            return [NOT_SEEN_PATH]
        receiver = ast.dump(append_call.func.value)

        def following():
            for later in _after(body, position):
                call = later.value if isinstance(later, ast.Expr) else None
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr in ("append", "add") and ast.dump(call.func.value) == receiver
                        and call.args):
                    return
                yield self.flow.element_op(call.args[0], scope)

        path = _until_effective(following())
        if not path:
            return [NOT_SEEN_PATH]
        return [path]

    def _pair_values(self, pairs: ast.List | ast.Tuple) -> list[ast.expr] | None:
        """The second items of a list of 2-tuples (an OrderedDict's layers), or None; once per list."""
        if id(pairs) not in self._pairs:
            values = None
            if all(isinstance(p, ast.Tuple) and len(p.elts) == 2 for p in pairs.elts):
                values = [p.elts[1] for p in pairs.elts]
            self._pairs[id(pairs)] = (pairs, values)
        return self._pairs[id(pairs)][1]

    def _position(self, items: list, node: ast.AST) -> int | None:
        """Where `node` is in a list of the tree (a container's elements, a block's statements), by identity;
        each list is indexed once, so that asking for every element of a long list stays linear."""
        held = self._positions.get(id(items))
        if held is None:  # the list is held with its index, so that its id is not reused while cached
            held = self._positions[id(items)] = (items, {id(item): i for i, item in enumerate(items)})
        return held[1].get(id(node))


class _Aliases:
    """The loads of a name bound to the value being followed: `_of_value` goes on from each of them."""

    __slots__ = ("uses",)

    def __init__(self, uses: list[ast.Name]):
        self.uses = uses


def _after(items: list, position: int):
    """The items after `position`, without copying the rest of the list."""
    for i in range(position + 1, len(items)):
        yield items[i]


def _until_effective(ops: Iterable[Op]) -> list[Op]:
    """The ops in order (a Sequential element flattened into its elements) up to the first that is not a
    parameter-free step, an activation or a norm; `ops` is consumed only that far."""
    path = []
    for op in ops:
        for flat in flatten_containers([op]):
            path.append(flat)
            if flat.kind not in (PASS, ACT, NORM):
                return path
    return path

