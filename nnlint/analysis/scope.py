"""Local bindings of one function (or of the module body) and the straight-line flow between them.

Only straight-line flow is followed: a use sees the last binding before it when
that binding's block encloses the use. A name rebound inside a branch or loop
that does not enclose the use makes the use ambiguous, and ambiguity means
"unknown" — rules stay silent rather than guess.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .walk import _FIELDS, child_fields, children

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def position(node: ast.AST) -> tuple[int, int]:
    return (node.lineno, node.col_offset)


def end_position(node: ast.AST) -> tuple[int, int]:
    return (node.end_lineno, node.end_col_offset)


#: a step of `Binding.path` meaning "one element of the iterable" (`for x in xs` binds an element of xs)
ELEMENT = "[]"


@dataclass(eq=False)
class Binding:
    name: str
    value: ast.expr | None  # None: bound by something we do not follow (tuple unpacking, for, with, aug-assign)
    stmt: ast.stmt
    container: ast.AST  # the node whose body holds `stmt`
    effective: tuple[int, int] = (0, 0)  # where the binding takes effect
    #: what the bound value is taken from, and the steps into it: `(x, y), z = load()` binds x to
    #: `load()` at (0, 0); `for a, b in pairs` binds a to `pairs` at (ELEMENT, 0); None: not followed
    source: ast.expr | None = None
    path: tuple = ()

    def __post_init__(self) -> None:
        if self.effective == (0, 0):
            node = self.stmt
            if isinstance(node, (ast.For, ast.AsyncFor)):
                node = node.iter
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                node = node.items[-1].context_expr
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                node = node  # defined where the statement ends
            self.effective = end_position(node)


@dataclass(eq=False)
class Store:
    """A write into part of a named value: `x[i] = v`, `obj.attr = v`, `x[:, 0] /= 255`."""

    name: str  # the root name written into
    target: ast.expr  # the attribute or subscript written
    value: ast.expr | None  # None for an augmented assignment
    stmt: ast.stmt


class Scope:
    """Bindings and loads of plain names inside one function body (nested functions excluded)."""

    def __init__(self, node: ast.AST, parents: dict[ast.AST, ast.AST], class_info=None,
                 bound_names: "set[str] | frozenset[str] | None" = None):
        self.node = node
        self.parents = parents
        self.class_info = class_info
        #: a superset of the names this scope binds (None: unknown); a name outside it is bound nowhere here
        self._bound_names = bound_names
        self.params: set[str] = set()
        self._bindings: dict[str, list[Binding]] | None = None
        self._loads: dict[str, list[ast.Name]] = {}
        self._stores: dict[str, list[Store]] = {}
        self._reaching: dict[ast.Name, Binding | None] = {}
        self._enclosing: dict[ast.Name, Binding | None] = {}
        self._order: dict[str, tuple[list[tuple[int, int]], list[Binding]]] = {}
        self._uses: dict[str, dict[Binding, list[ast.Name]]] = {}
        self._by_stmt: dict[str, dict[int, Binding]] = {}
        self._load_order: dict[str, tuple[list[tuple[int, int]], list[ast.Name]]] = {}
        self._top_level: dict[str, list[tuple[int, int]]] = {}
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in args.posonlyargs + args.args + args.kwonlyargs:
                self.params.add(arg.arg)
            for arg in (args.vararg, args.kwarg):
                if arg:
                    self.params.add(arg.arg)

    # bindings and loads are collected on first use: most scopes are only asked for their class
    @property
    def bindings(self) -> dict[str, list[Binding]]:
        if self._bindings is None:
            self._bindings = {}
            for stmt in self.node.body:
                self._collect(stmt, self.node)
        return self._bindings

    @property
    def loads(self) -> dict[str, list[ast.Name]]:
        self.bindings  # noqa: B018 - collects loads too
        return self._loads

    @property
    def stores(self) -> dict[str, list[Store]]:
        """Writes into attributes and subscripts of local names, by the name written into."""
        self.bindings  # noqa: B018 - collects stores too
        return self._stores

    # -- collection -------------------------------------------------------
    def _collect(self, node: ast.AST, container: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind_target(target, node.value, node, container, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._bind_target(node.target, node.value, node, container, node.value)
        elif isinstance(node, ast.AugAssign):
            self._bind_target(node.target, None, node, container)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._bind_target(node.target, None, node, container, node.iter, (ELEMENT,))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_target(item.optional_vars, None, node, container)
        elif isinstance(node, _NESTED_SCOPES):
            if not isinstance(node, ast.Lambda):
                self._bindings.setdefault(node.name, []).append(Binding(node.name, None, node, container))
            return
        # a `with` body always runs: what it binds reaches the code after it, as straight-line code does
        inner = container if isinstance(node, (ast.With, ast.AsyncWith)) else node
        for child in children(node):
            if isinstance(child, ast.stmt):
                self._collect(child, inner)
            else:
                self._collect_expr(child)

    def _collect_expr(self, node: ast.AST) -> None:
        loads = self._loads
        stack = [node]
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind is ast.Name:
                if type(current.ctx) is ast.Load:
                    loads.setdefault(current.id, []).append(current)
                continue
            if kind is ast.Constant:
                continue
            if kind is ast.NamedExpr and isinstance(current.target, ast.Name):
                stmt = self.statement_of(current)
                self._bindings.setdefault(current.target.id, []).append(
                    Binding(current.target.id, current.value, stmt, self.parents.get(stmt, self.node))
                )
            elif kind is ast.Lambda:
                continue
            # inline `children`: this loop visits every expression node of every function analysed
            for name in _FIELDS.get(kind) or child_fields(kind):
                value = getattr(current, name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            stack.append(item)
                elif isinstance(value, ast.AST):
                    stack.append(value)

    def _bind_target(self, target: ast.AST, value: ast.expr | None, stmt: ast.stmt, container: ast.AST,
                     source: ast.expr | None = None, path: tuple | None = ()) -> None:
        if isinstance(target, ast.Name):
            if value is not None:
                source, path = value, ()
            binding = Binding(target.id, value, stmt, container,
                              source=source if path is not None else None, path=path or ())
            self._bindings.setdefault(target.id, []).append(binding)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) else None
            starred = any(isinstance(element, ast.Starred) for element in target.elts)
            for index, element in enumerate(target.elts):
                # after a starred target the index is not known from the left: not followed
                step = None if path is None or starred else path + (index,)
                self._bind_target(element, values[index] if values else None, stmt, container, source, step)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, stmt, container, None, None)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            root = target.value
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            if isinstance(root, ast.Name):
                self._stores.setdefault(root.id, []).append(Store(root.id, target, value, stmt))

    # -- queries ------------------------------------------------------------
    def statement_of(self, node: ast.AST) -> ast.AST:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(node)
        return node

    def encloses(self, container: ast.AST, node: ast.AST) -> bool:
        current = node
        while current is not None:
            if current is container:
                return True
            current = self.parents.get(current)
        return False

    def _ordered(self, name: str) -> tuple[list[tuple[int, int]], list[Binding]]:
        """A name's bindings sorted by where they take effect (ties keep source order), with their positions."""
        ordered = self._order.get(name)
        if ordered is None:
            bindings = sorted(self.bindings.get(name, ()), key=lambda b: b.effective)
            ordered = self._order[name] = ([b.effective for b in bindings], bindings)
        return ordered

    def reaching(self, use: ast.Name) -> Binding | None:
        """The binding a load of a name sees, or None when unknown or ambiguous (memoised per load)."""
        if use in self._reaching:
            return self._reaching[use]
        if not self.may_bind(use.id):  # `len`, a module-level helper read here: no collection needed
            self._reaching[use] = None
            return None
        effectives, bindings = self._ordered(use.id)
        last = bisect_right(effectives, position(use)) - 1
        binding = None
        if last >= 0:
            first = bisect_left(effectives, effectives[last])  # of equal positions, the first bound wins
            binding = bindings[first]
            if not self.encloses(binding.container, use):
                binding = None
        self._reaching[use] = binding
        return binding

    def may_bind(self, name: str) -> bool:
        """Can this scope bind `name`? False is certain (the scope's body stores that name nowhere) and costs
        no collection of the scope's bindings; True means "look at `bindings`"."""
        return self._bound_names is None or name in self._bound_names

    def single_binding(self, name: str) -> Binding | None:
        """The only binding of a name in this scope (for "a name bound once to a literal")."""
        bindings = self.bindings.get(name, ())
        return bindings[0] if len(bindings) == 1 else None

    def binding_of(self, stmt: ast.AST, name: str) -> Binding | None:
        """The binding of `name` that the statement `stmt` makes (the first, when it makes several)."""
        by_stmt = self._by_stmt.get(name)
        if by_stmt is None:
            by_stmt = self._by_stmt[name] = {}
            for binding in self.bindings.get(name, ()):
                by_stmt.setdefault(id(binding.stmt), binding)
        return by_stmt.get(id(stmt))

    def uses_of(self, binding: Binding) -> list[ast.Name]:
        """Loads that see this binding, in source order."""
        uses = self._uses.get(binding.name)
        if uses is None:
            uses = self._uses[binding.name] = {}
            for load in sorted(self.loads.get(binding.name, ()), key=position):
                seen = self.reaching(load)
                if seen is not None:
                    uses.setdefault(seen, []).append(load)
        return list(uses.get(binding, ()))

    def _last_enclosing(self, load: ast.Name) -> Binding | None:
        """The latest binding before a load whose block encloses it: what certainly replaced earlier ones."""
        if load in self._enclosing:
            return self._enclosing[load]
        effectives, bindings = self._ordered(load.id)
        found = None
        for i in range(bisect_right(effectives, position(load)) - 1, -1, -1):
            if self.encloses(bindings[i].container, load):
                found = bindings[i]
                break
        self._enclosing[load] = found
        return found

    def may_use(self, binding: Binding) -> list[ast.Name]:
        """Loads this binding may reach: like `uses_of`, but a binding made under a branch still reaches the
        code after the branch (`if …: y = f(x)  else: y = g(x)` then `h(y)`), unless a later binding that
        encloses the load replaces it. For following a value forward, where "might" is what matters."""
        positions, loads = self._loads_in_order(binding.name)
        start = bisect_left(positions, binding.effective)
        # a later binding at the top of the scope replaces this one for every load after it: stop there
        # (only the loads in between are judged one by one, so following every rebinding of `x` is linear)
        replaced_at = self._top_level_after(binding.name, binding.effective)
        end = bisect_left(positions, replaced_at) if replaced_at is not None else len(loads)
        found = []
        for load in loads[start:end]:
            replaced_by = self._last_enclosing(load)
            if replaced_by is not None and replaced_by.effective > binding.effective:
                continue
            found.append(load)
        return found

    def _loads_in_order(self, name: str) -> tuple[list[tuple[int, int]], list[ast.Name]]:
        """A name's loads sorted by position (ties keep collection order), with their positions."""
        ordered = self._load_order.get(name)
        if ordered is None:
            loads = sorted(self.loads.get(name, ()), key=position)
            ordered = self._load_order[name] = ([position(load) for load in loads], loads)
        return ordered

    def _top_level_after(self, name: str, effective: tuple[int, int]) -> tuple[int, int] | None:
        """Where the first binding of `name` made directly in the scope's body (not under a branch or loop) after
        `effective` takes effect, or None."""
        top = self._top_level.get(name)
        if top is None:
            top = self._top_level[name] = [b.effective for b in self._ordered(name)[1] if b.container is self.node]
        i = bisect_right(top, effective)
        return top[i] if i < len(top) else None
