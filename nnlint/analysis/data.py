"""Where an input array comes from: followed back from where it is used to a raw source (NN701–NN703).

`DataFlow.origins(expr, scope)` walks back from a value the way `Flow.trace_back` walks back from a
model's output: through names, tuple unpacking, subscripts and helper functions with the value model
(`values.py`), and through the data libraries' steps with their records (`frameworks/data.py`). Each
branch of the walk (a list filled in a loop, a helper's several callers, `np.concatenate` of several
arrays) ends in an `Origin`: a raw source (MNIST pixels, CSV columns, cv2 images) or not, with the
scaling steps met on the way, nearest the use first.

A step the walk does not know ends the branch as unseen — never as "no scaling": an unknown helper, a
loader class, a value changed in place (`x[:, 0] /= 255`, `normalize_(x)`) stay silent.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from ..frameworks import data as records
from ..frameworks.data import FITTED, OTHER, RANGE, STANDARDIZE
from .budgets import DATA_BRANCHES, DATA_HELPER_DEPTH, DATA_TRACE_DEPTH
from .scope import ELEMENT, Binding, Scope
from .values import argument, constant_index, keyword

#: how close to 1/255 a multiplier must be to count as the fixed 0–255 → 0–1 scaling
RANGE_TOLERANCE = 1e-3

TRAIN, TEST = "train", "test"


@dataclass(frozen=True)
class ScaleStep:
    """A step that changes the values on the way: `/ 255`, `scaler.transform(x)`, `Normalize(...)`."""

    kind: str  # RANGE, STANDARDIZE, FITTED or OTHER (frameworks/data.py)
    node: ast.AST  # where it is: the arithmetic, the call, the keyword, the transform
    #: for FITTED: the scaler's construction (the same object fitted on the training data?)
    scaler: ast.AST | None = None
    #: arithmetic by a small constant (`- 0.5`, `* 2`, `-x`): the values keep their order of magnitude
    keeps_magnitude: bool = False

    @property
    def after_range_keeps_it(self) -> bool:
        """Applied after a fixed-range scaling, are the values still about that size (standardization, a
        shift or a small factor)? Then a second fixed-range scaling after it still scales them twice."""
        return self.kind == STANDARDIZE or self.keeps_magnitude


@dataclass(frozen=True)
class Origin:
    """One branch of the walk back from a value."""

    #: the branch ended at a raw source (and it is the raw part of it: images, not labels)
    raw: bool = False
    source: ast.Call | None = None
    #: the source's qualified name: "the same raw source" for NN702
    source_name: str = ""
    #: how messages name the raw values
    what: str = ""
    #: scaling steps met on the way back, nearest the use first
    steps: tuple[ScaleStep, ...] = ()
    #: which part of a split the value is (a splitter's or a bundled dataset's test part)
    split: str | None = None
    #: the argument of the dataset construction nearest the source (`TensorDataset(x, …)`'s x)
    through: ast.AST | None = None
    #: an image object never turned into an array: a transform will handle it, not raw pixels
    needs_array: bool = False
    #: for an unpickled object: the key selected from it (`batch[b"data"]`)
    pickled_key: object = None
    #: inside a function mapped over a dataset: the branch reached its parameter number `parameter`
    #: (and the steps into it); `_map` continues from the dataset's element there
    parameter: int | None = None
    parameter_path: tuple = ()

    @property
    def unscaled_raw(self) -> bool:
        return self.raw and not self.steps and not self.needs_array


UNSEEN = Origin()


@dataclass(frozen=True, eq=False)
class _Context:
    """Tracing inside a helper reached from one call: its parameters are that call's arguments."""

    func: ast.AST
    arguments: object  # values.Arguments; None for a function mapped over a dataset (see `_map`)
    caller_scope: Scope
    outer: "_Context | None"
    depth: int


class DataFlow:
    def __init__(self, index, flow=None):
        self.index = index
        self.values = index.values
        self.flow = flow
        self._memo: dict[tuple, tuple[Origin, ...]] = {}
        self._objects: dict[ast.AST, tuple[str, ast.Call] | None] = {}
        self._modified: dict[tuple, bool] = {}

    # -- names through local aliases ----------------------------------------------------------------------
    def qualify(self, expr: ast.AST, scope: Scope | None) -> str | None:
        """The qualified name of a callee, also through a local alias (`mnist = tf.keras.datasets.mnist`)."""
        qual = self.index.qualify(expr)
        if qual is not None or scope is None:
            return qual
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            value = self.values.value(expr.value, scope)
            if isinstance(value, (ast.Attribute, ast.Name)) and value is not expr.value:
                base = self.index.qualify(value)
                return f"{base}.{expr.attr}" if base else None
        return None

    def construction(self, expr: ast.AST | None, scope: Scope | None) -> tuple[str, ast.Call] | None:
        """(qualified name, call) of the library object an expression holds: `scaler` → `StandardScaler()`."""
        if expr is None:
            return None
        if expr in self._objects:
            return self._objects[expr]
        value = expr if isinstance(expr, ast.Call) else self.values.value(expr, scope)
        # scikit-learn's `fit` returns the estimator: `StandardScaler().fit(x_train)` is the scaler
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                and value.func.attr == records.SCALER_FIT_METHOD and isinstance(value.func.value, (ast.Call, ast.Name)):
            inner = value.func.value
            value = inner if isinstance(inner, ast.Call) else self.values.value(inner, scope)
        found = None
        if isinstance(value, ast.Call):
            qual = self.qualify(value.func, scope)
            if qual is not None:
                found = (qual, value)
        self._objects[expr] = found
        return found

    def range_steps(self) -> list[tuple[ast.AST, Scope]]:
        """Every fixed-range scaling written as arithmetic in the file (`x / 255`, `x * (1 / 255)`,
        `x.div(255)`, `np.divide(x, 255)`), with its scope: where a second scaling may be."""
        found = []
        for node in self.index.products:
            if not (_may_be_number(node.left) or _may_be_number(node.right)):
                continue
            scope = self.index.scope_of(node)
            left, right = _number(self.values, node.left, scope), _number(self.values, node.right, scope)
            if (left is None) == (right is None):
                continue
            other = node.right if right is not None else node.left
            if self._arithmetic_step(node.op, other, scope, node, data_on_left=left is None).kind == RANGE:
                found.append((node, scope))
        for node in self.index.calls:
            if not node.args:
                continue
            func = node.func
            method = func.attr if isinstance(func, ast.Attribute) else None
            if method in _ARITHMETIC_METHODS and self.index.qualify(func) is None:
                operator, other = _ARITHMETIC_METHODS[method], node.args[0]
            else:
                name = records.ARITHMETIC_FUNCTIONS.get(self.index.qualify(func) or "")
                if name is None or len(node.args) < 2:
                    continue
                operator, other = _OPERATORS[name], node.args[1]
            scope = self.index.scope_of(node)
            if self._arithmetic_step(operator, other, scope, node).kind == RANGE:
                found.append((node, scope))
        found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
        return found

    # -- the walk ----------------------------------------------------------------------------------------------
    def origins(self, expr: ast.AST | None, scope: Scope | None, path: tuple = ()) -> tuple[Origin, ...]:
        """Where the value of `expr` comes from, one `Origin` per branch (`path`: the steps into it, as in
        `values.Value`; empty for "the value itself" — for a dataset, the model's input part)."""
        return self._trace(expr, scope, path, None, 0)

    def _trace(self, expr, scope, path: tuple, ctx: _Context | None, depth: int) -> tuple[Origin, ...]:
        if expr is None or scope is None or depth > DATA_TRACE_DEPTH:
            return (UNSEEN,)
        key = (expr, path, ctx)
        found = self._memo.get(key)
        if found is not None:
            return found
        self._memo[key] = (UNSEEN,)  # a cycle is unseen
        result = self._step(expr, scope, path, ctx, depth + 1)[:DATA_BRANCHES] or (UNSEEN,)
        self._memo[key] = result
        return result

    def _step(self, expr, scope, path, ctx, depth) -> tuple[Origin, ...]:
        if isinstance(expr, ast.Name):
            return self._name(expr, scope, path, ctx, depth)
        if isinstance(expr, ast.Attribute):
            assigned = self.values.self_attribute(expr, scope)
            if assigned is not None:
                return self._trace(assigned.expr, assigned.scope, path, None, depth)
            if expr.attr in records.PASS_ATTRIBUTES:
                return self._trace(expr.value, scope, path, ctx, depth)
            return (UNSEEN,)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, scope, path, ctx, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, path, ctx, depth)
        if isinstance(expr, ast.BinOp):
            return self._arithmetic(expr, scope, path, ctx, depth)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            return _after(ScaleStep(OTHER, expr, keeps_magnitude=True),
                          self._trace(expr.operand, scope, path, ctx, depth))
        if isinstance(expr, ast.IfExp):
            return self._trace(expr.body, scope, path, ctx, depth) + self._trace(expr.orelse, scope, path, ctx, depth)
        if isinstance(expr, (ast.Tuple, ast.List)):
            if path and isinstance(path[0], int) and -len(expr.elts) <= path[0] < len(expr.elts) \
                    and not any(isinstance(e, ast.Starred) for e in expr.elts):
                return self._trace(expr.elts[path[0]], scope, path[1:], ctx, depth)
            if isinstance(expr, ast.List) and (not path or path[0] == ELEMENT):
                return self._each(expr.elts, scope, path[1:], ctx, depth)
            return (UNSEEN,)
        if isinstance(expr, ast.Dict) and path:
            for dict_key, item in zip(expr.keys, expr.values):
                if isinstance(dict_key, ast.Constant) and dict_key.value == path[0]:
                    return self._trace(item, scope, path[1:], ctx, depth)
            return (UNSEEN,)
        if isinstance(expr, (ast.ListComp, ast.GeneratorExp)) and (not path or path[0] == ELEMENT):
            return self._trace(expr.elt, scope, path[1:], ctx, depth)
        return (UNSEEN,)

    def _each(self, exprs, scope, path, ctx, depth) -> tuple[Origin, ...]:
        found: tuple[Origin, ...] = ()
        for expr in exprs:
            if isinstance(expr, ast.Starred):
                return (UNSEEN,)
            found += self._trace(expr, scope, path, ctx, depth)
            if len(found) >= DATA_BRANCHES:
                break
        return found or (UNSEEN,)

    # -- names ------------------------------------------------------------------------------------------------
    def _name(self, name: ast.Name, scope, path, ctx, depth) -> tuple[Origin, ...]:
        if ctx is not None and ctx.arguments is None:  # inside a mapped function: its parameters
            position = _parameter_position(self.index, name, ctx.func)
            if position is not None:
                return (Origin(parameter=position, parameter_path=path),)
        comprehension = _comprehension_target(self.index, name, scope)
        if comprehension is not None:
            iterable, steps = comprehension
            return self._trace(iterable, scope, steps + path, ctx, depth)
        if self.values.is_parameter(name, scope):
            return self._parameter(name, scope, path, ctx, depth)
        binding, where = self.values.resolve(name, scope)
        if binding is None:
            return (UNSEEN,)
        return self._binding(binding, where, name, path, ctx, depth)

    def _parameter(self, name: ast.Name, scope, path, ctx, depth) -> tuple[Origin, ...]:
        func = scope.node
        if ctx is not None and ctx.func is func and ctx.arguments is not None:
            given = ctx.arguments.given(name.id)
            if given is not None:
                return self._trace(given, ctx.caller_scope, path, ctx.outer, depth)
            default = ctx.arguments.value(name.id)
            return self._trace(default, self.index.scope_of(func), path, None, depth) if default is not None \
                else (UNSEEN,)
        arguments = self.values.parameter_arguments(func, name.id)
        if not arguments:
            return (UNSEEN,)
        found: tuple[Origin, ...] = ()
        for value, value_scope in arguments[:DATA_BRANCHES]:
            found += self._trace(value, value_scope, path, None, depth) if value is not None else (UNSEEN,)
        return found

    def _binding(self, binding: Binding, where: Scope, use: ast.AST, path, ctx, depth) -> tuple[Origin, ...]:
        if self.modified(binding, where, use):
            return (UNSEEN,)
        stmt = binding.stmt
        if isinstance(stmt, ast.AugAssign):  # `x /= 255`: a step, then what x was before
            step = self._arithmetic_step(stmt.op, stmt.value, where, stmt)
            previous = where.reaching(stmt.target) if isinstance(stmt.target, ast.Name) else None
            if previous is None:
                return (UNSEEN,)
            return _after(step, self._binding(previous, where, stmt.target, path, ctx, depth))
        if isinstance(binding.value, (ast.List, ast.Tuple)) and (not path or path[0] == ELEMENT) \
                and binding.path == ():
            return self._list(binding, where, use, path[1:], ctx, depth)
        if binding.source is None:
            return (UNSEEN,)
        return self._trace(binding.source, where, tuple(binding.path) + path, ctx, depth)

    def _list(self, binding: Binding, where: Scope, use: ast.AST, path, ctx, depth) -> tuple[Origin, ...]:
        """A list filled in straight-line code or a loop (`data = []` … `data.append(img)`): its elements."""
        elements = list(binding.value.elts)
        for load in self.values.uses(binding, where):
            if (load.lineno, load.col_offset) >= (use.lineno, use.col_offset):
                break
            attribute = self.index.parents.get(load)
            call = self.index.parents.get(attribute)
            if isinstance(attribute, ast.Attribute) and isinstance(call, ast.Call) and call.func is attribute:
                if attribute.attr == "append" and len(call.args) == 1:
                    elements.append(call.args[0])
                elif attribute.attr in ("extend", "insert"):
                    return (UNSEEN,)
        if not elements:
            return (UNSEEN,)
        return self._each(elements, where, path, ctx, depth)

    def modified(self, binding: Binding, scope: Scope, use: ast.AST) -> bool:
        """Is the bound value changed in place between its binding and `use` (a store into it, an in-place
        method, a call that may change it)? Then what reaches `use` is not what the binding made."""
        key = (binding, use)
        if key in self._modified:
            return self._modified[key]
        self._modified[key] = True  # while deciding: a store that reads the value back is a change
        result = any(not self._keeps_values(store, scope) for store in self.values.stores_between(binding, use, scope))
        if not result:
            end = (use.lineno, use.col_offset)
            for load in self.values.uses(binding, scope):
                if (load.lineno, load.col_offset) >= end:
                    break
                if self._changes_in_place(load, scope):
                    result = True
                    break
        self._modified[key] = result
        return result

    def _keeps_values(self, store, scope: Scope) -> bool:
        """A write into a table that does not scale it: a constant (`df.loc[mask, "Sex"] = 0`), an encoding of a
        column (`df["Sex"] = df["Sex"].map({"male": 0, "female": 1})`), or the same raw values tidied
        (`df["Age"] = df["Age"].fillna(df["Age"].median())`)."""
        value = store.value
        if value is None:
            return False  # `x[:, 0] /= 255`
        if _number(self.values, value, scope) is not None or isinstance(value, ast.Constant):
            return True
        if _encodes(value):
            return True
        found = self._trace(value, scope, (), None, 0)
        return bool(found) and all(o.raw and not o.steps for o in found)

    def _changes_in_place(self, load: ast.Name, scope: Scope) -> bool:
        parent = self.index.parents.get(load)
        # `x.div_(255)`, `df.clip(0, 1, inplace=True)`: a method changing its receiver
        if isinstance(parent, ast.Attribute) and parent.value is load:
            call = self.index.parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                if parent.attr.endswith("_") and not parent.attr.startswith("_"):
                    return True
                if any(k.arg in records.IN_PLACE_KEYWORDS for k in call.keywords):
                    return parent.attr not in records.PASS_METHODS
            return False
        if not isinstance(parent, (ast.Call, ast.keyword)):
            return False
        call = parent if isinstance(parent, ast.Call) else self.index.parents.get(parent)
        if not isinstance(call, ast.Call) or not isinstance(self.index.parents.get(call), ast.Expr):
            return False  # its result is used: a function returning a new value
        if any(k.arg in records.IN_PLACE_KEYWORDS for k in call.keywords):
            return True
        func = call.func
        if isinstance(func, ast.Name) and func.id in records.HARMLESS_BUILTINS:
            return False
        local = self.values.called_function(call)
        if local is not None:  # `augment(x)`: does the helper write into that parameter?
            return self._writes_parameter(local, call, load)
        qual = self.qualify(func, scope)
        if qual is not None:
            return not qual.startswith(records.HARMLESS_CONSUMERS) and qual.split(".", 1)[0] not in _LIBRARY_ROOTS
        return isinstance(func, ast.Name)  # an unknown function given the array: it may change it

    def _writes_parameter(self, func, call: ast.Call, load: ast.Name) -> bool:
        arguments = self.values.arguments(func, call)
        names = [n for n in arguments.names if arguments.given(n) is load]
        func_scope = self.index.scope(func)
        for name in names:
            if func_scope.stores.get(name):
                return True
            for binding in func_scope.bindings.get(name, ()):
                if isinstance(binding.stmt, ast.AugAssign):
                    return True
        return not names and bool(arguments.var_positional or arguments.var_keyword)

    # -- subscripts ------------------------------------------------------------------------------------------
    def _subscript(self, expr: ast.Subscript, scope, path, ctx, depth) -> tuple[Origin, ...]:
        base = expr.value
        if isinstance(base, ast.Attribute) and base.attr in records.INDEXERS:  # `df.iloc[:, :-1]`
            return self._trace(base.value, scope, path, ctx, depth)
        index = constant_index(expr.slice)
        if index is not None:
            return self._trace(base, scope, (index,) + path, ctx, depth)
        return self._trace(base, scope, path, ctx, depth)  # slices, masks, index arrays: the same data

    # -- arithmetic -----------------------------------------------------------------------------------------------
    def _arithmetic(self, expr: ast.BinOp, scope, path, ctx, depth) -> tuple[Origin, ...]:
        if isinstance(expr.op, ast.MatMult):
            return (UNSEEN,)
        left, right = _number(self.values, expr.left, scope), _number(self.values, expr.right, scope)
        if left is not None and right is not None:
            return (UNSEEN,)  # a constant, not data
        data = expr.right if left is not None else expr.left
        other = expr.left if left is not None else expr.right
        step = self._arithmetic_step(expr.op, other, scope, expr, data_on_left=left is None)
        return _after(step, self._trace(data, scope, path, ctx, depth))

    def _arithmetic_step(self, op: ast.operator, other: ast.expr, scope, node: ast.AST,
                         data_on_left: bool = True) -> ScaleStep:
        number = _number(self.values, other, scope)
        if number is not None:
            if isinstance(op, ast.Div) and data_on_left and _is_range_divisor(number):
                return ScaleStep(RANGE, node)
            if isinstance(op, ast.Mult) and number and _is_range_divisor(1 / number):
                return ScaleStep(RANGE, node)
            return ScaleStep(OTHER, node, keeps_magnitude=_small_constant(op, number))
        if isinstance(op, (ast.Sub, ast.Div)):
            return ScaleStep(STANDARDIZE, node)
        return ScaleStep(OTHER, node)

    # -- calls -------------------------------------------------------------------------------------------------------
    def _call(self, call: ast.Call, scope, path, ctx, depth) -> tuple[Origin, ...]:
        func = call.func
        iterated = self._iteration(call, scope, path, ctx, depth)
        if iterated is not None:
            return iterated
        qual = self.qualify(func, scope)
        if qual is not None:
            return self._library_call(call, qual, scope, path, ctx, depth)
        if isinstance(func, ast.Attribute):
            method = self._method_call(call, func, scope, path, ctx, depth)
            if method is not None:
                return method
        applied = self._applied_object(call, scope, path, ctx, depth)
        if applied is not None:
            return applied
        return self._helper(call, scope, path, ctx, depth)

    def _iteration(self, call: ast.Call, scope, path, ctx, depth) -> tuple[Origin, ...] | None:
        """`enumerate(loader)`, `zip(xs, ys)`, `iter(loader)`, `next(it)`, `tqdm(loader)`: where the elements are."""
        func = call.func
        name = func.id if isinstance(func, ast.Name) and not self.values.is_local(func.id, scope) \
            and func.id not in self.index.functions else self.index.qualify(func)
        if name is None or not call.args or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if name == records.NEXT:
            return self._trace(call.args[0], scope, (ELEMENT,) + path, ctx, depth)
        if name in records.SAME_ELEMENTS:
            return self._trace(call.args[0], scope, path, ctx, depth)
        if not path or path[0] != ELEMENT:
            return None
        if name == records.ENUMERATE:  # (index, element)
            if len(path) > 1 and path[1] == 1:
                return self._trace(call.args[0], scope, (ELEMENT,) + path[2:], ctx, depth)
            return (UNSEEN,)
        if name == records.ZIP and len(path) > 1 and isinstance(path[1], int) and 0 <= path[1] < len(call.args):
            return self._trace(call.args[path[1]], scope, (ELEMENT,) + path[2:], ctx, depth)
        return None

    def _library_call(self, call: ast.Call, qual: str, scope, path, ctx, depth) -> tuple[Origin, ...]:
        source = records.RAW_SOURCES.get(qual)
        if source is not None:
            return (self._raw(call, qual, source, scope, path),)
        column_encoder = records.COLUMN_ENCODERS.get(qual)
        if column_encoder is not None and keyword(call, column_encoder[1]) is not None:
            # `pd.get_dummies(df, columns=["city"])`: the other columns are the table's, as they were
            return self._trace(argument(call, *column_encoder[0]), scope, path, ctx, depth)
        if qual in records.ENCODERS:
            return (UNSEEN,)
        operator = records.ARITHMETIC_FUNCTIONS.get(qual)
        if operator is not None and len(call.args) >= 2:  # `torch.div(x, 255)`, `np.subtract(x, mean)`
            step = self._arithmetic_step(_OPERATORS[operator], call.args[1], scope, call)
            return _after(step, self._trace(call.args[0], scope, path, ctx, depth))
        scaling = records.SCALINGS.get(qual)
        if scaling is not None:
            step = ScaleStep(self._condition(scaling, call, scope), call)
            return _after(step, self._trace(argument(call, *scaling.data), scope, path, ctx, depth))
        if qual in records.PASS_FUNCTIONS:
            found = self._trace(argument(call, records.PASS_FUNCTIONS[qual], None), scope, path, ctx, depth)
            if qual in records.ARRAY_CONVERSIONS:
                found = tuple(replace(o, needs_array=False) for o in found)
            return found
        if qual in records.GATHER_FUNCTIONS:
            arrays = argument(call, 0, None)
            if isinstance(arrays, (ast.List, ast.Tuple)):
                return self._each(arrays.elts, scope, path, ctx, depth)
            return self._trace(arrays, scope, (ELEMENT,) + path, ctx, depth)
        if qual in records.SPLITTERS:
            return self._split(call, records.SPLITTERS[qual], scope, path, ctx, depth)
        dataset = records.dataset_spec(qual)
        if dataset is not None:
            return self._dataset(call, dataset, scope, path, ctx, depth)
        return (UNSEEN,)

    def _condition(self, scaling: records.Scaling, call: ast.Call, scope) -> str:
        """The kind a conditional scaling has at this call (OTHER when the condition is not met)."""
        if scaling.condition == "float-dtype":
            dtype = argument(call, *records.DTYPE_ARGUMENT)
            return scaling.kind if dtype is not None and _names_float(dtype) else OTHER
        if scaling.condition == "scale-keyword":
            scale = keyword(call, records.SCALE_KEYWORD)
            return scaling.kind if scale is not None and self.values.literal(scale.value, scope) is True else OTHER
        if scaling.condition == "scale-argument":
            factor = _number(self.values, argument(call, *scaling.data), scope)
            return scaling.kind if factor and _is_range_divisor(1 / factor) else OTHER
        return scaling.kind

    def _split(self, call: ast.Call, parts: int, scope, path, ctx, depth) -> tuple[Origin, ...]:
        """`train_test_split(X, y)` → (X_train, X_test, y_train, y_test): output i comes from array i // parts."""
        arrays = [a for a in call.args]
        if any(isinstance(a, ast.Starred) for a in arrays) or not path or not isinstance(path[0], int):
            return (UNSEEN,)
        position = path[0] % (len(arrays) * parts) if path[0] < 0 and arrays else path[0]
        if position // parts >= len(arrays):
            return (UNSEEN,)
        found = self._trace(arrays[position // parts], scope, path[1:], ctx, depth)
        if parts == 2:
            split = TEST if position % parts else TRAIN
            found = tuple(replace(o, split=o.split or split) for o in found)
        return found

    def _dataset(self, call: ast.Call, spec: records.DatasetSpec, scope, path, ctx, depth) -> tuple[Origin, ...]:
        rest = path[1:] if path and path[0] == ELEMENT else path
        if spec.how == records.COMPONENTS:  # `TensorDataset(x, y)`: component i of an element is from arg i
            component = rest[0] if rest and isinstance(rest[0], int) else 0
            arrays = call.args
            if component >= len(arrays) or any(isinstance(a, ast.Starred) for a in arrays[:component + 1]):
                return (UNSEEN,)
            given = arrays[component]
            return _through(given, self._trace(given, scope, rest[1:], ctx, depth))
        given = argument(call, *spec.data)
        if spec.how == records.SLICES:  # `from_tensor_slices((x, y))`: an element has the argument's structure
            inner = rest if rest else (0,)
            return _through(given, self._trace(given, scope, inner, ctx, depth))
        if spec.how == records.PARTS:  # `train_set, val_set = random_split(full, [n, m])`
            if not path or not isinstance(path[0], int):
                return (UNSEEN,)
            return self._trace(given, scope, path[1:], ctx, depth)
        if spec.how == records.TRANSFORMED:  # its elements; `dataset.data` is the stored pixels, untransformed
            return self._transformed(given, scope, rest) if path and path[0] == ELEMENT else (UNSEEN,)
        return self._trace(given, scope, path, ctx, depth)  # BATCHES: the same elements, batched

    def _transformed(self, transform: ast.AST | None, scope, rest: tuple) -> tuple[Origin, ...]:
        """Images a dataset reads itself, through its `transform=`: not raw arrays (the transform is given
        images, not pixels to scale), but the steps the transform applies are on their path (NN703)."""
        if rest and rest[0] != 0:
            return (UNSEEN,)  # the targets
        owner = self.construction(transform, scope)
        steps = self.transform_steps(owner[0], owner[1], scope) if owner is not None else None
        found = (UNSEEN,)
        for step in steps or ():  # applied first to last, so the last is nearest the use
            found = _after(step, found)
        return found

    def _method_call(self, call: ast.Call, func: ast.Attribute, scope, path, ctx, depth):
        """A method of a library object (a scaler, an image generator) or of the data itself."""
        method, receiver = func.attr, func.value
        owner = self.construction(receiver, scope)
        if owner is not None:
            qual, construct = owner
            if qual in records.SCALERS or qual in records.SCALER_CONTAINERS:
                if method in records.SCALER_APPLY_METHODS and call.args:
                    step = ScaleStep(FITTED, call, scaler=construct)
                    return _after(step, self._trace(call.args[0], scope, path, ctx, depth))
                return (UNSEEN,)
            generator = records.GENERATORS.get(qual)
            if generator is not None:
                return self._generator(call, method, generator, construct, scope, path, ctx, depth)
        if method in records.DATASET_MAP_METHODS:
            return self._map(call, receiver, scope, path, ctx, depth)
        if method in records.DATASET_PASS_METHODS or method in records.PASS_METHODS:
            return self._trace(receiver, scope, path, ctx, depth)
        if method in _ARITHMETIC_METHODS and call.args:
            step = self._arithmetic_step(_ARITHMETIC_METHODS[method], call.args[0], scope, call)
            return _after(step, self._trace(receiver, scope, path, ctx, depth))
        return None

    def _map(self, call: ast.Call, receiver, scope, path, ctx, depth) -> tuple[Origin, ...]:
        """`dataset.map(fn)`: a step (it clears NN701 whatever fn does — the contract's "a `.map(fn)`"), and
        where nnlint can read fn (a lambda, a function of the module), the steps it applies to the element
        part being followed, so that a `/ 255` inside it meets a `Rescaling` after it (NN703)."""
        unseen_step = ScaleStep(OTHER, call)
        function = argument(call, 0, "map_func")
        if isinstance(function, ast.Name):
            function = self.index.functions.get(function.id) or self.values.value(function, scope)
        if isinstance(function, ast.Lambda):
            output, inner_scope = function.body, self.index.scope_of(function)
        elif isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and not _is_generator(function):
            output, inner_scope = self.values.returned(function), self.index.scope(function)
        else:
            return _after(unseen_step, self._trace(receiver, scope, path, ctx, depth))
        parameters = function.args.posonlyargs + function.args.args
        rest = path[1:] if path and path[0] == ELEMENT else path
        component = rest[0] if rest and isinstance(rest[0], int) else 0
        if isinstance(output, ast.Tuple) and 0 <= component < len(output.elts):
            output, rest = output.elts[component], rest[1:]
        elif isinstance(output, ast.Tuple):
            return (UNSEEN,)
        found: tuple[Origin, ...] = ()
        marker = _Context(function, None, scope, None, 0)
        for inner in self._trace(output, inner_scope, rest, marker, depth):
            if inner.parameter is None:
                found += (inner,)  # a value made inside the function (a file it reads)
                continue
            element = (ELEMENT, inner.parameter) if len(parameters) > 1 else (ELEMENT,)
            upstream = self._trace(receiver, scope, element + inner.parameter_path, ctx, depth)
            for step in reversed(inner.steps or (unseen_step,)):
                upstream = _after(step, upstream)
            found += upstream
        return found or (UNSEEN,)

    def _generator(self, call, method, spec: records.GeneratorSpec, construct, scope, path, ctx, depth):
        steps = self.generator_steps(construct, spec, scope)
        if method in spec.flow_methods:
            rest = path[1:] if path and path[0] == ELEMENT else path
            component = rest[0] if rest and isinstance(rest[0], int) else 0
            given = argument(call, *spec.flow_methods[method]) if component == 0 else argument(call, 1, "y")
            found = self._trace(given, scope, rest[1:], ctx, depth)
            for step in reversed(steps):
                found = _after(step, found)
            return found
        if method in spec.directory_methods:
            if path and path[0] == ELEMENT and len(path) > 1 and path[1] != 0:
                return (UNSEEN,)  # the labels
            return (Origin(raw=True, source=call, source_name=f"{method}", what="images read from a directory "
                           "(0–255)", steps=tuple(steps)),)
        return (UNSEEN,)

    def generator_steps(self, construct: ast.Call, spec: records.GeneratorSpec, scope) -> list[ScaleStep]:
        """The scaling an `ImageDataGenerator(...)` applies, in the order it applies them."""
        steps = []
        for kw in construct.keywords:
            if kw.arg is None:
                return [ScaleStep(OTHER, construct)]  # `**options`: anything may be set
            if kw.arg in spec.other_keywords:
                steps.append(ScaleStep(OTHER, kw))
            elif kw.arg in spec.standardize_keywords and self.values.literal(kw.value, scope) is not False:
                steps.append(ScaleStep(STANDARDIZE, kw))
            elif kw.arg == spec.range_keyword and kw.value is not None:
                factor = _number(self.values, kw.value, scope)
                if factor is None and self.values.literal(kw.value, scope) is None:
                    continue  # `rescale=None`
                kind = RANGE if factor and _is_range_divisor(1 / factor) else OTHER
                steps.insert(0, ScaleStep(kind, kw))  # rescaling comes first
        return steps

    def _applied_object(self, call: ast.Call, scope, path, ctx, depth):
        """A transform object applied to data: `transform(img)`, `ToTensor()(img)`, `Rescaling(1/255)(x)`."""
        owner = self.construction(call.func, scope)
        if owner is None or not call.args:
            return None
        qual, construct = owner
        steps = self.transform_steps(qual, construct, scope)
        if steps is None:
            return None
        found = self._trace(call.args[0], scope, path, ctx, depth)
        for step in steps:  # applied first to last, so the last is nearest the use
            found = _after(step, found)
        return found

    def transform_steps(self, qual: str, construct: ast.Call, scope) -> list[ScaleStep] | None:
        """The steps a transform object applies, first to last; None for an object that is not one."""
        scaling = records.TRANSFORMS.get(qual) or records.NORMALIZING_LAYERS.get(qual)
        if scaling is not None:
            return [ScaleStep(self._condition(scaling, construct, scope), construct)]
        if qual in records.TRANSFORM_LAMBDAS:  # `Lambda(lambda t: t / 255)`: what the function does
            function = argument(construct, 0, "lambd")
            if isinstance(function, ast.Name):
                function = self.values.value(function, scope) or self.index.functions.get(function.id)
            step = self.function_step(function)
            return [step if step is not None else ScaleStep(OTHER, construct)]
        if qual in records.TRANSFORM_CONTAINERS:  # `Compose([...])`, `nn.Sequential(a, b)`
            given = argument(construct, 0, "transforms")
            listed = self.values.value(given, scope) if isinstance(given, ast.Name) else given
            elements = listed.elts if isinstance(listed, (ast.List, ast.Tuple)) else construct.args
            steps = []
            for element in elements:
                inner = self.construction(element, scope)
                inner_steps = self.transform_steps(inner[0], inner[1], scope) if inner is not None else None
                if inner_steps is None and inner is not None \
                        and inner[0].startswith(records.RANGE_KEEPING_TRANSFORM_PREFIXES):
                    continue  # a crop, a flip, a resize: the values keep their range
                steps.extend(inner_steps if inner_steps is not None else [ScaleStep(OTHER, element)])
            return steps
        return None

    def function_step(self, function: ast.AST | None) -> ScaleStep | None:
        """The one scaling a small function applies to its argument (`lambda t: t / 255`, a `def` returning
        `x / 255.`), or None when it does something else."""
        if isinstance(function, ast.Lambda):
            body, scope = function.body, self.index.scope_of(function)
        elif isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body, scope = self.values.returned(function), self.index.scope(function)
        else:
            return None
        parameters = function.args.posonlyargs + function.args.args
        if not isinstance(body, ast.BinOp) or not parameters:
            return None
        first = parameters[0].arg
        left, right = _number(self.values, body.left, scope), _number(self.values, body.right, scope)
        data = body.left if right is not None else body.right if left is not None else None
        if not (isinstance(data, ast.Name) and data.id == first):
            return None
        return self._arithmetic_step(body.op, body.right if data is body.left else body.left, scope, body,
                                     data_on_left=data is body.left)

    def _helper(self, call: ast.Call, scope, path, ctx, depth) -> tuple[Origin, ...]:
        """A function of this module (`load_cifar()`, `self.read(path)`): what it returns, its parameters
        bound to this call's arguments."""
        func = self.values.called_function(call)
        if func is None and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) \
                and call.func.value.id == "self" and scope.class_info is not None:
            func = scope.class_info.methods.get(call.func.attr)
        nesting = ctx.depth + 1 if ctx is not None else 1
        if func is None or nesting > DATA_HELPER_DEPTH or _is_generator(func):
            return (UNSEEN,)
        returns = self.values.returns(func)
        if not returns:
            return (UNSEEN,)
        inner = _Context(func, self.values.arguments(func, call), scope, ctx, nesting)
        found: tuple[Origin, ...] = ()
        for value in returns:
            found += self._trace(value, self.index.scope(func), path, inner, depth)
        return found

    # -- raw sources ----------------------------------------------------------------------------------------------
    def _raw(self, call: ast.Call, qual: str, source: records.RawSource, scope, path) -> Origin:
        raw = Origin(raw=True, source=call, source_name=qual, what=source.what)
        layout = source.layout
        if layout == records.SPLIT_ARRAYS:  # ((x_train, y_train), (x_test, y_test))
            if len(path) < 2 or path[0] not in (0, 1, -1, -2) or path[1] not in (0, 1, -1, -2):
                return UNSEEN
            if path[1] % 2 == 1:
                return UNSEEN  # the labels
            return replace(raw, split=TEST if path[0] % 2 else TRAIN)
        if layout == records.TABLE:
            name = self.values.literal(argument(call, 0, None), scope)
            if isinstance(name, str) and any(hint in name.lower() for hint in records.PRESCALED_FILE_HINTS):
                return UNSEEN  # `train_normalized.csv`: scaled before it was written
            return raw
        if layout == records.IMAGE:
            return raw
        if layout == records.IMAGE_OBJECT:
            return replace(raw, needs_array=True)
        if layout == records.IMAGE_DATASET:
            rest = path[1:] if path and path[0] == ELEMENT else path
            return raw if not rest or rest[0] == 0 else UNSEEN
        if layout == records.TFDS:
            return self._tfds(call, raw, scope, path)
        if layout == records.PICKLED:
            return Origin(source=call, source_name=qual, pickled_key=path[0] if path else None)
        return UNSEEN

    def _tfds(self, call: ast.Call, raw: Origin, scope, path) -> Origin:
        name = self.values.literal(argument(call, *records.TFDS_NAME), scope)
        if not isinstance(name, str) or name.split(":", 1)[0].split("/", 1)[0] not in records.TFDS_IMAGE_DATASETS:
            return UNSEEN
        with_info = keyword(call, records.TFDS_INFO_KEYWORD)
        if with_info is not None and self.values.literal(with_info.value, scope) is True:
            if not path or path[0] != 0:
                return UNSEEN
            path = path[1:]
        split = keyword(call, records.TFDS_SPLIT_KEYWORD)
        split_name = self.values.literal(split.value, scope) if split is not None else None
        if split is not None and isinstance(split.value, (ast.List, ast.Tuple)):
            if not path or not isinstance(path[0], int) or path[0] >= len(split.value.elts):
                return UNSEEN
            split_name = self.values.literal(split.value.elts[path[0]], scope)
            path = path[1:]
        supervised = keyword(call, records.TFDS_SUPERVISED_KEYWORD)
        rest = path[1:] if path and path[0] == ELEMENT else path
        if supervised is not None and self.values.literal(supervised.value, scope) is True:
            if rest and rest[0] != 0:
                return UNSEEN
        elif not rest or rest[0] != "image":
            return UNSEEN
        part = TEST if isinstance(split_name, str) and split_name.startswith(("test", "validation")) else TRAIN
        return replace(raw, split=part)


_LIBRARY_ROOTS = frozenset({"numpy", "pandas", "torch", "tensorflow", "keras", "sklearn", "cv2", "PIL",
                            "torchvision", "scipy", "imageio", "skimage", "tensorflow_datasets"})
_OPERATORS = {"div": ast.Div(), "mul": ast.Mult(), "sub": ast.Sub(), "add": ast.Add()}
#: tensor methods that are arithmetic by another operand (`x.div(255)`, `x.sub_(mean)`)
_ARITHMETIC_METHODS = {
    "div": _OPERATORS["div"], "div_": _OPERATORS["div"], "divide": _OPERATORS["div"],
    "true_divide": _OPERATORS["div"], "mul": _OPERATORS["mul"], "mul_": _OPERATORS["mul"],
    "multiply": _OPERATORS["mul"], "sub": _OPERATORS["sub"], "sub_": _OPERATORS["sub"],
    "subtract": _OPERATORS["sub"], "add": _OPERATORS["add"], "add_": _OPERATORS["add"],
}


def _after(step: ScaleStep, found: tuple[Origin, ...]) -> tuple[Origin, ...]:
    """The origins of a value with one more step applied after them (nearest the use first); an unseen
    branch keeps its steps too (two `/ 255` in a row are double scaling wherever the data came from)."""
    return tuple(replace(o, steps=(step,) + o.steps) for o in found)


def _through(given: ast.AST, found: tuple[Origin, ...]) -> tuple[Origin, ...]:
    """Record the dataset argument nearest the source (an inner one already recorded stays)."""
    return tuple(replace(o, through=given) if o.raw and o.through is None else o for o in found)


def _number(values, expr, scope):
    value = values.number(expr, scope)
    return None if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) else value


def _encodes(value: ast.AST) -> bool:
    """A column encoded as categories or ids (`col.map({...})`, `col.replace({...})`, `col.astype("category")`,
    `LabelEncoder().fit_transform(col)`)."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr in records.COLUMN_ENCODING_METHODS:
        argument_ = value.args[0] if value.args else None
        return isinstance(argument_, (ast.Dict, ast.Constant, ast.List)) or func.attr != "map"
    if isinstance(func, ast.Attribute) and func.attr == "fit_transform" and isinstance(func.value, ast.Call):
        return ast.unparse(func.value.func).rsplit(".", 1)[-1] in records.ENCODER_CLASS_NAMES
    return isinstance(func, ast.Attribute) and func.attr == "codes"


def _may_be_number(node: ast.AST) -> bool:
    """Cheaply: could this be a numeric constant (a literal, arithmetic of literals, a name bound to one)?"""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _may_be_number(node.operand)
    if isinstance(node, ast.BinOp):
        return _may_be_number(node.left) and _may_be_number(node.right)
    return isinstance(node, ast.Name)


#: a shift by at most this much, or a factor between its inverse and it, keeps values of about unit size so
MAGNITUDE_KEEPING_CONSTANT = 10.0


def _small_constant(op: ast.operator, number: float) -> bool:
    if isinstance(op, (ast.Add, ast.Sub)):
        return abs(number) <= MAGNITUDE_KEEPING_CONSTANT
    if isinstance(op, (ast.Mult, ast.Div)):
        return 1 / MAGNITUDE_KEEPING_CONSTANT <= abs(number) <= MAGNITUDE_KEEPING_CONSTANT
    return False


def _is_range_divisor(number: float) -> bool:
    return any(abs(number - divisor) <= RANGE_TOLERANCE * divisor for divisor in records.RANGE_DIVISORS)


def _names_float(dtype: ast.AST) -> bool:
    if isinstance(dtype, ast.Constant) and isinstance(dtype.value, str):
        return dtype.value in records.FLOAT_DTYPE_LEAVES
    leaf = dtype.attr if isinstance(dtype, ast.Attribute) else dtype.id if isinstance(dtype, ast.Name) else None
    return leaf in records.FLOAT_DTYPE_LEAVES


def _is_generator(func: ast.AST) -> bool:
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def _parameter_position(index, name: ast.Name, function: ast.AST) -> int | None:
    """The position of the parameter of `function` a name reads (a lambda's, or a def's), or None."""
    parameters = [a.arg for a in function.args.posonlyargs + function.args.args]
    if name.id not in parameters:
        return None
    current = index.parents.get(name)
    while current is not None and current is not function:
        if isinstance(current, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = [a.arg for a in current.args.posonlyargs + current.args.args + current.args.kwonlyargs]
            if name.id in inner:
                return None  # a nested function's own parameter
        current = index.parents.get(current)
    if current is None:
        return None
    if not isinstance(function, ast.Lambda):
        scope = index.scope(function)
        if scope.reaching(name) is not None:
            return None  # rebound inside the function before this use
    return parameters.index(name.id)


def _comprehension_target(index, name: ast.Name, scope) -> tuple[ast.expr, tuple] | None:
    """For a name bound by an enclosing comprehension (`[f(img) for img in images]`): the iterable and the
    steps into one of its elements."""
    current = index.parents.get(name)
    while current is not None and current is not scope.node:
        if isinstance(current, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in current.generators:
                steps = _target_steps(generator.target, name.id)
                if steps is not None:
                    return generator.iter, (ELEMENT,) + steps
        current = index.parents.get(current)
    return None


def _target_steps(target: ast.AST, name: str) -> tuple | None:
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for position, element in enumerate(target.elts):
            inner = _target_steps(element, name)
            if inner is not None:
                return (position,) + inner
    return None
