"""The value model: what a name, a `self.` attribute or a subscript holds, how a call's arguments bind to a
function's parameters, and which constant a name stands for.

Every analysis that asks "what is this?" of an expression goes through here: the model rules following
tensors through layers, the training facts finding the optimizer a name refers to, the data rules
following arrays from a loader to `fit()`. Names follow Python's own scoping: a name bound anywhere in a
function is local to it; a name the function never binds (and that is not a parameter) is the module's.
Only straight-line flow is followed (see `scope.py`): a use that several bindings may reach is ambiguous,
and ambiguous means unknown — callers stay silent rather than guess.

One `Values` per file, built lazily and memoised: each load is resolved once, each function's callers
and return value are looked up once, so asking costs no re-walk of the module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cached_property

from .scope import ELEMENT, Binding, Scope, Store, end_position, position

__all__ = ["ELEMENT", "NOT_LITERAL", "Arguments", "Value", "Values", "argument", "constant_index", "keyword"]

#: How many names and attributes one resolution follows: chains of renames (`a = b`, `b = self.c`) are
#: short in real code; the cap only stops a cycle (`self.x = self.y`, `self.y = self.x`) from spinning.
MAX_FOLLOW = 8
#: How deep constant folding goes (`1.0 / (2 * 255)`): deeper arithmetic is not what "a literal" means.
MAX_FOLD_DEPTH = 4


class _NotLiteral:
    def __repr__(self) -> str:
        return "<not a literal>"

    def __bool__(self) -> bool:
        return False


#: what `Values.literal` returns for an expression that is not a (bound) literal
NOT_LITERAL = _NotLiteral()

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Value:
    """Where a value comes from: the expression that produced it, the scope that expression is evaluated in,
    and the steps into it (`(x, y), _ = load()` gives x = Value(`load()`, path=(0, 0)); ELEMENT is one
    element of an iterable)."""

    expr: ast.expr
    scope: Scope
    path: tuple = ()


class Arguments:
    """How one call's arguments bind to a function's parameters, by Python's rules: positional arguments
    fill the positional-only and positional parameters in order, extra ones go to `*args`; keywords bind
    by name (never to a positional-only parameter; unknown names go to `**kwargs`); unfilled parameters
    take their defaults. A `*seq` or `**mapping` argument makes the parameters it may fill uncertain."""

    def __init__(self, func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, call: ast.Call,
                 skip_first: bool = False):
        args = func.args
        positional = list(args.posonlyargs) + list(args.args)
        if skip_first and positional:
            positional = positional[1:]  # `self`/`cls`, bound to the receiver
        posonly = {a.arg for a in args.posonlyargs}
        self.func = func
        self.names = [a.arg for a in positional] + [a.arg for a in args.kwonlyargs]
        self.passed: dict[str, ast.expr] = {}
        self.defaults: dict[str, ast.expr] = {}
        self.var_positional: list[ast.expr] = []
        self.var_keyword: dict[str, ast.expr] = {}
        self.uncertain: set[str] = set()
        self.var_positional_name = args.vararg.arg if args.vararg else None
        self.var_keyword_name = args.kwarg.arg if args.kwarg else None

        all_positional = list(args.posonlyargs) + list(args.args)
        for arg, default in zip(all_positional[len(all_positional) - len(args.defaults):], args.defaults):
            self.defaults[arg.arg] = default
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                self.defaults[arg.arg] = default

        starred_at = None
        for index, value in enumerate(call.args):
            if isinstance(value, ast.Starred):
                starred_at = index
                break
            if index < len(positional):
                self.passed[positional[index].arg] = value
            else:
                self.var_positional.append(value)
        if starred_at is not None:
            self.uncertain.update(a.arg for a in positional[starred_at:])
        for keyword in call.keywords:
            if keyword.arg is None:  # `**mapping`: any parameter that can be named may come from it
                self.uncertain.update(name for name in self.names if name not in posonly and name not in self.passed)
                continue
            if keyword.arg in self.names and keyword.arg not in posonly:
                self.passed[keyword.arg] = keyword.value
                self.uncertain.discard(keyword.arg)
            else:
                self.var_keyword[keyword.arg] = keyword.value

    def given(self, name: str) -> ast.expr | None:
        """The argument the call passes for a parameter, or None (not passed, or not knowable)."""
        return None if name in self.uncertain else self.passed.get(name)

    def value(self, name: str) -> ast.expr | None:
        """The argument passed for a parameter, else its default; None when neither is known."""
        if name in self.uncertain:
            return None
        if name in self.passed:
            return self.passed[name]
        return self.defaults.get(name)

    def is_known(self, name: str) -> bool:
        return name not in self.uncertain and (name in self.passed or name in self.defaults)


class Values:
    """The value model of one file (see the module docstring)."""

    def __init__(self, index):
        self.index = index
        self._returns: dict[ast.AST, ast.expr | None] = {}
        self._attribute_reads: dict[ast.AST, dict[str, list[ast.Attribute]]] = {}

    @cached_property
    def module_scope(self) -> Scope:
        return self.index.scope(self.index.tree)

    # -- names -----------------------------------------------------------------------------------
    def is_local(self, name: str, scope: Scope) -> bool:
        """Is `name` a local of this scope (a parameter, or bound anywhere in it)?"""
        return name in scope.params or scope.may_bind(name) and name in scope.bindings

    def is_parameter(self, name: ast.Name, scope: Scope) -> bool:
        """Does this load read the function's parameter (no local binding reaches it first)?"""
        return name.id in scope.params and scope.reaching(name) is None

    def resolve(self, name: ast.Name, scope: Scope | None) -> tuple[Binding | None, Scope | None]:
        """The binding a load of a name sees, and the scope it lives in: a local binding (None when the
        local flow is ambiguous, or for a parameter), or — for a name the function never binds — the
        module-level binding, when the module binds it exactly once (`model` defined at the top, used in
        `train()`)."""
        if scope is None:
            return None, None
        binding = scope.reaching(name)
        if binding is not None or scope is self.module_scope or self.is_local(name.id, scope):
            return binding, scope
        module_binding = self.module_scope.single_binding(name.id)
        if module_binding is not None:
            return module_binding, self.module_scope
        return None, scope

    def definition(self, name: ast.Name, scope: Scope | None) -> Value | None:
        """One step back from a name: the expression its binding takes the value from (with the steps into
        it for a tuple unpacking or a loop variable), or None when unknown."""
        binding, where = self.resolve(name, scope)
        if binding is None or binding.source is None:
            return None
        return Value(binding.source, where, tuple(binding.path))

    def binding_of(self, stmt: ast.AST, name: str) -> Binding | None:
        """The binding of `name` the statement `stmt` makes."""
        return self.index.scope_of(stmt).binding_of(stmt, name)

    def uses(self, binding: Binding, scope: Scope) -> list[ast.Name]:
        """Loads that certainly see this binding, in source order."""
        return scope.uses_of(binding)

    def may_uses(self, binding: Binding, scope: Scope) -> list[ast.Name]:
        """Loads this binding may reach (a binding under a branch reaches past it)."""
        return scope.may_use(binding)

    def stores_between(self, binding: Binding, use: ast.AST, scope: Scope) -> list[Store]:
        """Writes into the bound value's attributes or subscripts (`x[:, 0] /= 255`, `df["a"] = …`) after the
        binding and before `use`: the value reaching `use` is not just what the binding made."""
        start, end = binding.effective, position(use)
        # a store takes effect when its statement ends: its own right-hand side still reads the old value
        return [store for store in scope.stores.get(binding.name, ())
                if start <= end_position(store.stmt) <= end]

    # -- attributes and subscripts ------------------------------------------------------------------
    def self_attribute(self, expr: ast.Attribute, scope: Scope | None) -> Value | None:
        """`self.attr` assigned exactly once in its class (in any method): that assignment's value."""
        if scope is None or scope.class_info is None or not _is_self_attr(expr):
            return None
        values = scope.class_info.attrs.get(expr.attr, [])
        if len(values) != 1:
            return None
        value, method = values[0]
        return Value(value, self.index.scope(method))

    def self_attribute_reads(self, cls, attr: str) -> list[ast.Attribute]:
        """Reads of `self.<attr>` as a value anywhere in a class (not `self.<attr>(...)`, a call of it), in
        source order; one walk of the class answers every attribute."""
        reads = self._attribute_reads.get(cls.node)
        if reads is None:
            reads = self._attribute_reads[cls.node] = {}
            for node in ast.walk(cls.node):
                if type(node) is ast.Attribute and type(node.ctx) is ast.Load and _is_self_attr(node):
                    parent = self.index.parents.get(node)
                    if not (isinstance(parent, ast.Call) and parent.func is node):
                        reads.setdefault(node.attr, []).append(node)
            for found in reads.values():
                found.sort(key=position)
        return list(reads.get(attr, ()))

    def step(self, expr: ast.expr, scope: Scope | None, path: tuple = ()) -> Value | None:
        """One step towards where a value comes from: a name to its binding's value, `self.attr` to its one
        assignment, a constant subscript to the element it selects (`pair[0]` of `pair = (a, b)` is `a`,
        of `pair = load()` is `load()` at (0,)), a tuple literal at a path to its element. None: not a
        step the model can take (a call, arithmetic, an unknown)."""
        if isinstance(expr, ast.Name):
            found = self.definition(expr, scope)
            return Value(found.expr, found.scope, found.path + path) if found is not None else None
        if isinstance(expr, ast.Attribute):
            found = self.self_attribute(expr, scope)
            return Value(found.expr, found.scope, path) if found is not None else None
        if isinstance(expr, ast.Subscript):
            index = constant_index(expr.slice)
            if index is None:
                return None
            return Value(expr.value, scope, (index,) + path)
        if isinstance(expr, ast.Dict) and path and path[0] != ELEMENT:
            for key, item in zip(expr.keys, expr.values):
                if key is None:
                    return None  # `{**other}`: the key may come from there
                if isinstance(key, ast.Constant) and key.value == path[0] and type(key.value) is type(path[0]):
                    return Value(item, scope, path[1:])
            return None
        if isinstance(expr, (ast.Tuple, ast.List)) and path and isinstance(path[0], int):
            elements = expr.elts
            if any(isinstance(e, ast.Starred) for e in elements) or not -len(elements) <= path[0] < len(elements):
                return None
            return Value(elements[path[0]], scope, path[1:])
        return None

    def value(self, expr: ast.AST | None, scope: Scope | None) -> ast.AST | None:
        """The expression a value comes from, following names, `self.` attributes assigned once, constant
        subscripts and tuples as far as they go. None for a name or attribute that cannot be followed (a
        parameter, an ambiguous binding) and for a selection left inside a call's result (`x` of
        `x, y = f()`); a subscript that cannot be followed further is its own value."""
        found = self.value_in(expr, scope)
        return found.expr if found is not None else None

    def value_in(self, expr: ast.AST | None, scope: Scope | None) -> Value | None:
        """Like `value`, with the scope the result lives in."""
        if expr is None:
            return None
        current, anchor = Value(expr, scope, ()), None
        for _ in range(MAX_FOLLOW):
            if not current.path and not _is_reference(current.expr):
                anchor = current
            following = self.step(current.expr, current.scope, current.path)
            if following is None:
                break
            current = following
        else:
            return None
        if not current.path and not _is_reference(current.expr):
            return current
        return anchor if anchor is not None and isinstance(anchor.expr, ast.Subscript) else None

    # -- constants ----------------------------------------------------------------------------------
    def bound_once(self, name: str, scope: Scope | None) -> Binding | None:
        """The contract's "Bound names": the binding of a name bound exactly once in the function (or, for a
        name the function does not bind, in the module). A parameter is never bound once (callers may
        override its default)."""
        for candidate in (scope, self.module_scope):
            if candidate is None:
                continue
            if name in candidate.params:
                return None
            bindings = candidate.bindings.get(name, ())
            if len(bindings) == 1:
                return bindings[0]
            if bindings:
                return None
        return None

    def literal(self, expr: ast.AST | None, scope: Scope | None = None):
        """The literal an expression is: a constant, a negated number, or a name bound once to one;
        NOT_LITERAL otherwise."""
        if expr is None:
            return NOT_LITERAL
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            value = self.literal(expr.operand, scope)
            return -value if _is_number(value) else NOT_LITERAL
        if isinstance(expr, ast.Name):
            binding = self.bound_once(expr.id, scope)
            if binding is not None and isinstance(binding.value, (ast.Constant, ast.UnaryOp)):
                return self.literal(binding.value, None)
        return NOT_LITERAL

    def number(self, expr: ast.AST | None, scope: Scope | None = None, depth: int = 0):
        """A numeric constant, folding arithmetic of literals (`1. / 255`, `2 ** 8 - 1`) and names bound
        once to such; NOT_LITERAL otherwise."""
        if expr is None or depth > MAX_FOLD_DEPTH:
            return NOT_LITERAL
        if isinstance(expr, ast.Name):
            binding = self.bound_once(expr.id, scope)
            return self.number(binding.value, None, depth + 1) if binding is not None else NOT_LITERAL
        if isinstance(expr, ast.BinOp):
            left, right = self.number(expr.left, scope, depth + 1), self.number(expr.right, scope, depth + 1)
            if not (_is_number(left) and _is_number(right)):
                return NOT_LITERAL
            try:
                return _ARITHMETIC[type(expr.op)](left, right)
            except (KeyError, ArithmeticError, ValueError, OverflowError):
                return NOT_LITERAL
        value = self.literal(expr, scope)
        return value if _is_number(value) else NOT_LITERAL

    # -- functions and calls ------------------------------------------------------------------------
    def returned(self, func: ast.AST) -> ast.expr | None:
        """The value a function returns, when it has exactly one `return <value>` (nested functions aside)."""
        if func not in self._returns:
            returns = [node for node in _own_nodes(func) if isinstance(node, ast.Return) and node.value is not None]
            self._returns[func] = returns[0].value if len(returns) == 1 else None
        return self._returns[func]

    def returns(self, func: ast.AST) -> list[ast.expr]:
        """Every value a function returns (`return <value>`; nested functions aside), in source order."""
        found = [node.value for node in _own_nodes(func) if isinstance(node, ast.Return) and node.value is not None]
        return sorted(found, key=position)

    def module_function(self, func: ast.AST) -> bool:
        """Is this a function defined at the module's top level (callable by its plain name)?"""
        return isinstance(func, _FUNCTIONS) and self.index.functions.get(func.name) is func

    def callers(self, func: ast.AST) -> list[ast.Call]:
        """Calls of a module-level function by its name, or of a method through `self.` in its class."""
        if self.module_function(func):
            return list(self.index.calls_by_function_name.get(func.name, ()))
        owner = self.index.parents.get(func)
        if isinstance(func, _FUNCTIONS) and isinstance(owner, ast.ClassDef):
            cls = self.index.classes.get(owner.name)
            return [call for call in self.index.calls_by_self_method.get(func.name, ())
                    if cls is not None and self.index.class_of(call) is cls]
        return []

    def called_function(self, call: ast.Call) -> ast.FunctionDef | None:
        """The module-level function a call of a plain name runs (`helper(x)`), or None."""
        if isinstance(call.func, ast.Name):
            return self.index.functions.get(call.func.id)
        return None

    def arguments(self, func: ast.AST, call: ast.Call) -> Arguments:
        """How `call`'s arguments bind to `func`'s parameters (a method called through an object or a
        class's `__init__` has its first parameter bound to the receiver)."""
        return Arguments(func, call, skip_first=self._bound_method(func, call))

    def _bound_method(self, func: ast.AST, call: ast.Call) -> bool:
        if not isinstance(func, _FUNCTIONS) or not isinstance(self.index.parents.get(func), ast.ClassDef):
            return False
        if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list):
            return False
        return True

    def parameter_arguments(self, func: ast.AST, name: str, defaults: bool = True) -> list[tuple[ast.expr | None, Scope]]:
        """For each call of `func` in the module: the argument its parameter `name` takes there (with
        `defaults`, the default where none is passed) and the scope that expression is evaluated in (the
        caller's; the defining scope's for a default). None where that call's binding is not knowable."""
        found = []
        for call in self.callers(func):
            arguments = self.arguments(func, call)
            given = arguments.given(name)
            if given is not None:
                found.append((given, self.index.scope_of(call)))
            elif defaults and arguments.value(name) is not None:
                found.append((arguments.value(name), self.index.scope_of(func)))
            else:
                found.append((None, self.index.scope_of(call)))
        return found


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """The keyword argument `name=` of a call."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def argument(call: ast.Call, position: int | None, name: str | None) -> ast.expr | None:
    """The argument a call passes at a known (position, keyword) of a function whose signature is data
    (a framework API): the keyword when given, else the positional argument, unless a `*args` before it
    hides where it is."""
    if name:
        kw = keyword(call, name)
        if kw is not None:
            return kw.value
    if position is not None and len(call.args) > position and not any(
        isinstance(a, ast.Starred) for a in call.args[: position + 1]
    ):
        return call.args[position]
    return None


_ARITHMETIC = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Pow: lambda a, b: a ** b if abs(b) < 64 else 1 / 0,
}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_reference(node: ast.AST) -> bool:
    """A name or `self.` attribute: something that stands for a value rather than computing it."""
    return isinstance(node, ast.Name) or _is_self_attr(node)


def _is_self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def constant_index(node: ast.AST):
    """The key of a constant subscript (`x[0]`, `d["image"]`, `x[-1]`), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str, bytes)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and isinstance(node.operand.value, int):
        return -node.operand.value
    return None


def _own_nodes(func: ast.AST):
    """The nodes of a function's body, not descending into nested functions, classes or lambdas."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
