"""Reshapes that relabel a tensor's axes instead of moving them (NN801).

A reshape keeps the values in memory order and only changes how they are indexed. When its target lists
a tensor's known dimensions in another order than they are laid out (`b, c, h, w = x.shape` then
`x.view(b, h, w, c)`), the result has the right shape and scrambled contents. Known dimensions are exact:
names unpacked from the same tensor's `.shape`/`.size()`/`tf.shape()` in the same function (the same
binding of the tensor, per the value model), direct `x.shape[i]`/`x.size(i)` terms of it, and the
documented layout of CIFAR-10/100 python pickles (rows of 3×32×32, channel first). Anything else —
literal sizes, `-1`, dimensions of another tensor, a tensor rebound since — is not known, and a target
with no known dimensions out of order is never flagged.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cached_property

from ..frameworks import data as records
from .values import argument

#: method names that reshape their receiver, and functions / layers that reshape their argument
RESHAPE_METHODS = frozenset({"reshape", "view"})
RESHAPE_FUNCTIONS = {"numpy.reshape": (1, "newshape"), "torch.reshape": (1, "shape"),
                     "tensorflow.reshape": (1, "shape"), "keras.backend.reshape": (1, "shape"),
                     "keras.ops.reshape": (1, "new_shape")}
RESHAPE_LAYERS = frozenset({"keras.layers.Reshape"})
#: `.shape` spellings: the attribute, and the calls returning a tensor's shape
SHAPE_METHODS = frozenset({"size", "get_shape"})
SHAPE_FUNCTIONS = frozenset({"tensorflow.shape", "numpy.shape", "keras.backend.int_shape", "keras.ops.shape"})
SHAPE_LIST_METHOD = "as_list"
#: methods that return the same values in the same layout
LAYOUT_KEEPING_METHODS = frozenset({"contiguous", "float", "double", "half", "detach", "clone", "cpu", "cuda", "to",
                                    "numpy", "astype", "copy"})
#: conversions that return their first argument's values in the same layout (`torch.from_numpy(img)`), when
#: given no keyword but these (`np.array(x, ndmin=4)` adds axes)
LAYOUT_KEEPING_FUNCTIONS = frozenset({
    "torch.from_numpy", "torch.tensor", "torch.as_tensor", "torch.Tensor", "torch.FloatTensor",
    "numpy.array", "numpy.asarray", "numpy.asanyarray", "numpy.ascontiguousarray", "numpy.float32",
    "tensorflow.convert_to_tensor", "tensorflow.constant", "tensorflow.cast", "tensorflow.identity",
    "jax.numpy.array", "jax.numpy.asarray",
})
LAYOUT_KEEPING_KEYWORDS = frozenset({"dtype", "device", "copy", "requires_grad", "non_blocking"})
#: how many layout-keeping steps and renames `_identity` follows back (`t = torch.from_numpy(img).float()`)
MAX_LAYOUT_STEPS = 8


@dataclass(frozen=True)
class Dimension:
    """A known dimension: axis `axis` of the tensor bound by `tensor` (negative: counted from the end)."""

    tensor: object  # the tensor's identity (see `Reshapes._identity`)
    axis: int
    rank: int | None  # the tensor's rank, when the unpacking named every axis
    name: str = ""  # how the code names it


@dataclass(frozen=True)
class Scramble:
    call: ast.Call
    tensor: str  # how the code names the tensor
    layout: str  # its known layout, as the code names the dimensions ("b, c, h, w")
    suggestion: str  # what was probably meant


class Reshapes:
    def __init__(self, facts):
        self.facts = facts
        self.index = facts.index
        self.values = facts.values

    @cached_property
    def _dimensions(self) -> dict[object, Dimension]:
        """Every binding of a name to a known dimension, in one walk of the file."""
        found: dict[object, Dimension] = {}
        for node in self.index.assignments:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target, scope = node.targets[0], self.index.scope_of(node)
            if isinstance(target, (ast.Tuple, ast.List)):
                shape = self._shape_of(node.value, scope)
                if shape is not None:
                    self._unpacked(target, shape, node, scope, found)
                elif isinstance(node.value, (ast.Tuple, ast.List)) and len(node.value.elts) == len(target.elts):
                    for element, value in zip(target.elts, node.value.elts):
                        self._single(element, value, node, scope, found)
            else:
                self._single(target, node.value, node, scope, found)
        return found

    @cached_property
    def _dimensions_of(self) -> dict[object, list[Dimension]]:
        """The known dimensions of each tensor."""
        found: dict[object, list[Dimension]] = {}
        for dimension in self._dimensions.values():
            found.setdefault(dimension.tensor, []).append(dimension)
        return found

    def _unpacked(self, target, shape, stmt, scope, found) -> None:
        tensor, start = shape
        elements = target.elts
        star = next((i for i, e in enumerate(elements) if isinstance(e, ast.Starred)), None)
        rank = None if star is not None or start < 0 else start + len(elements)
        for position, element in enumerate(elements):
            if not isinstance(element, ast.Name):
                continue
            if star is None:
                axis = start + position if start >= 0 else start + position
            elif position < star and start >= 0:
                axis = start + position
            elif position > star and start == 0:
                axis = position - len(elements)
            else:
                continue
            binding = scope.binding_of(stmt, element.id)
            if binding is not None:
                found[binding] = Dimension(tensor, axis, rank, element.id)

    def _single(self, target, value, stmt, scope, found) -> None:
        if not isinstance(target, ast.Name):
            return
        term = self._term(value, scope)
        if term is None:  # most assignments: the scope's bindings need not be collected to learn nothing
            return
        binding = scope.binding_of(stmt, target.id)
        if binding is not None:
            found[binding] = Dimension(term.tensor, term.axis, None, target.id)

    def _shape_of(self, expr: ast.AST, scope) -> tuple[Binding, int] | None:
        """(binding of the tensor, first axis) for `x.shape`, `x.size()`, `tf.shape(x)`, `x.shape[1:]`."""
        start = 0
        if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Slice):
            lower = self.values.literal(expr.slice.lower, scope) if expr.slice.lower is not None else 0
            if not isinstance(lower, int) or isinstance(lower, bool) or expr.slice.step is not None:
                return None
            if lower < 0 and expr.slice.upper is not None:
                return None
            start, expr = lower, expr.value
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("list", "tuple") \
                and len(expr.args) == 1:
            expr = expr.args[0]
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == SHAPE_LIST_METHOD:
            expr = expr.func.value
        tensor = None
        if isinstance(expr, ast.Attribute) and expr.attr == "shape":
            tensor = expr.value
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in SHAPE_METHODS \
                and not expr.args and self.index.qualify(expr.func) is None:
            tensor = expr.func.value
        elif isinstance(expr, ast.Call) and self.index.qualify(expr.func) in SHAPE_FUNCTIONS and expr.args:
            tensor = expr.args[0]
        identity = self._identity(tensor, scope)
        return (identity, start) if identity is not None else None

    def _identity(self, tensor: ast.AST, scope) -> object | None:
        """Which value a tensor holds here, by the layout its dimensions are named in: its reaching binding, or
        the parameter it still is — through conversions that keep the layout (`torch.from_numpy(img)`,
        `x.float()`, `t = np.asarray(img)`), which have the dimensions of the value they convert."""
        for _ in range(MAX_LAYOUT_STEPS):
            tensor = self._same_layout(tensor)
            if not isinstance(tensor, ast.Name):
                return None
            binding = scope.reaching(tensor)
            if binding is None:
                return (scope.node, tensor.id) if self.values.is_parameter(tensor, scope) else None
            converted = self._same_layout(binding.value) if binding.value is not None and not binding.path \
                and isinstance(binding.stmt, ast.Assign) else None
            if not isinstance(converted, ast.Name) or converted is binding.value:
                return binding
            tensor = converted  # `t = torch.from_numpy(img)`: t is laid out as img is
        return None

    def _same_layout(self, tensor: ast.AST) -> ast.AST:
        """The value a chain of layout-keeping conversions starts from (`torch.from_numpy(x).float()` → x)."""
        for _ in range(MAX_LAYOUT_STEPS):
            if not isinstance(tensor, ast.Call) or not tensor.args or isinstance(tensor.args[0], ast.Starred):
                if isinstance(tensor, ast.Call) and isinstance(tensor.func, ast.Attribute) and not tensor.args \
                        and tensor.func.attr in LAYOUT_KEEPING_METHODS and self.index.qualify(tensor.func) is None:
                    tensor = tensor.func.value  # `x.float()`, `x.contiguous()`
                    continue
                return tensor
            func = tensor.func
            if isinstance(func, ast.Attribute) and func.attr in LAYOUT_KEEPING_METHODS \
                    and self.index.qualify(func) is None:
                tensor = func.value  # `x.to(device)`, `x.astype(np.float32)`
            elif self.index.qualify(func) in LAYOUT_KEEPING_FUNCTIONS \
                    and all(k.arg in LAYOUT_KEEPING_KEYWORDS for k in tensor.keywords):
                tensor = tensor.args[0]
            else:
                return tensor
        return tensor

    def _term(self, expr: ast.AST, scope) -> Dimension | None:
        """A direct dimension term: `x.shape[1]`, `x.size(1)`, `tf.shape(x)[1]`, `x.size()[1]`."""
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "int" and expr.args:
            expr = expr.args[0]
        if isinstance(expr, ast.Subscript):
            index = self.values.literal(expr.slice, scope)
            shape = self._shape_of(expr.value, scope) if isinstance(index, int) and not isinstance(index, bool) else None
            if shape is not None and shape[1] == 0:
                return Dimension(shape[0], index, None)
            return None
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "size" \
                and len(expr.args) == 1:
            index = self.values.literal(expr.args[0], scope)
            identity = self._identity(expr.func.value, scope)
            if isinstance(index, int) and not isinstance(index, bool) and identity is not None:
                return Dimension(identity, index, None)
        return None

    # -- reshapes ----------------------------------------------------------------------------------------------
    def scrambles(self) -> list[Scramble]:
        found = []
        for call in self.index.calls:
            reshape = self._reshape(call)
            if reshape is None:
                continue
            tensor, terms, implicit_batch = reshape
            scope = self.index.scope_of(call)
            scramble = self._known_dimensions(call, tensor, terms, implicit_batch, scope)
            if scramble is None:
                scramble = self._cifar_rows(call, tensor, terms, scope)
            if scramble is not None:
                found.append(scramble)
        return found

    def _reshape(self, call: ast.Call) -> tuple[ast.expr, list[ast.expr], bool] | None:
        """(the tensor reshaped, the target's terms, whether the batch axis is implicit) or None."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in RESHAPE_METHODS and self.index.qualify(func) is None:
            if any(k.arg == "order" for k in call.keywords) or not call.args:
                return None  # numpy `order="F"` fills differently: not a plain relabelling
            terms = self._terms(call.args[0] if len(call.args) == 1 else None, call.args, call)
            return (func.value, terms, False) if terms is not None else None
        qual = self.index.qualify(func)
        if qual in RESHAPE_FUNCTIONS and call.args:
            target = argument(call, *RESHAPE_FUNCTIONS[qual])
            terms = self._terms(target, None, call)
            return (call.args[0], terms, False) if terms is not None else None
        if isinstance(func, ast.Call) and self.index.qualify(func.func) in RESHAPE_LAYERS and call.args:
            terms = self._terms(argument(func, 0, "target_shape"), None, call)
            return (call.args[0], terms, True) if terms is not None else None
        return None

    def _terms(self, single: ast.AST | None, many: list | None, call: ast.Call) -> list[ast.expr] | None:
        if isinstance(single, ast.Name):
            single = self.values.value(single, self.index.scope_of(call))
        if isinstance(single, (ast.Tuple, ast.List)):
            elements = single.elts
        elif many is not None and len(many) > 1:
            elements = many
        else:
            return None
        return None if any(isinstance(e, ast.Starred) for e in elements) else list(elements)

    def _known_dimensions(self, call, tensor, terms, implicit_batch, scope) -> Scramble | None:
        # `x.contiguous().view(...)`, `torch.from_numpy(x).reshape(...)`: the same layout as x
        receiver, tensor = tensor, self._same_layout(tensor)
        binding = self._identity(tensor, scope)
        if binding is None:
            return None
        dimensions = self._dimensions
        axes_per_term: list[list[int]] = [[0]] if implicit_batch else []
        rank = None
        names: dict[int, str] = {}
        for term in terms:
            axes = []
            for node in ast.walk(term):
                dimension = None
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    dimension = dimensions.get(scope.reaching(node))
                elif isinstance(node, (ast.Subscript, ast.Call)):
                    dimension = self._term(node, scope)
                    if dimension is not None:
                        names.setdefault(dimension.axis, self.facts.document.segment(node))
                if dimension is not None and dimension.tensor == binding:
                    axes.append(dimension.axis)
                    rank = rank or dimension.rank
            axes_per_term.append(axes)
        for dimension in self._dimensions_of.get(binding, ()):  # the names the code gives the tensor's axes
            if dimension.name:
                names.setdefault(dimension.axis, dimension.name)
                rank = rank or dimension.rank
        if rank is not None:
            axes_per_term = [[a % rank for a in axes] for axes in axes_per_term]
            names = {a % rank: n for a, n in names.items()}
        if not _out_of_order(axes_per_term):
            return None
        code = self.facts.document.segment
        layout = ", ".join(names.get(a, "?") for a in range(rank)) if rank else ", ".join(
            names[a] for a in sorted(names))
        return Scramble(call, code(tensor), layout, self._suggestion(call, receiver, terms, axes_per_term, rank,
                                                                     implicit_batch, scope))

    def _suggestion(self, call, tensor, terms, axes_per_term, rank, implicit_batch, scope) -> str:
        name = self.facts.document.segment(tensor)
        if rank is not None:
            missing = [a for a in range(rank) if not any(a in axes for axes in axes_per_term)]
            wildcards = [i for i, term in enumerate(terms) if self.values.literal(term, scope) == -1]
            if len(missing) == 1 and len(wildcards) == 1:  # `-1` stands for the one axis not named
                axes_per_term = list(axes_per_term)
                axes_per_term[wildcards[0] + (1 if implicit_batch else 0)] = missing
        order = [a for axes in axes_per_term for a in axes]
        if rank is None and all(len(axes) == 1 for axes in axes_per_term) and sorted(order) == list(range(len(order))):
            rank = len(order)  # `x.size(0), x.size(2), …` naming every axis up to the last
        if rank is None or sorted(order) != list(range(rank)):
            return f"a permute/transpose of `{name}` to reorder its axes before reshaping"
        permutation = ", ".join(str(a) for a in order)
        if implicit_batch:  # a Keras `Reshape` layer: its `Permute` counts axes from 1, without the batch
            dims = ", ".join(str(a) for a in order[1:]) + ("," if len(order) == 2 else "")
            return f"`layers.Permute(({dims}))({name})`" if all(
                len(axes) == 1 for axes in axes_per_term) and order[0] == 0 else \
                f"a `layers.Permute` of `{name}` before the `Reshape`"
        library = self._library(call, tensor, scope)
        complete = all(len(axes) == 1 for axes in axes_per_term) and len(axes_per_term) == rank
        target = ", ".join(self.facts.document.segment(t) for t in terms)
        if library == _TENSORFLOW:  # a tf.Tensor has no `.reshape` method: both steps are functions
            spell = self.index.names.spell
            transpose = spell("tensorflow.transpose", scope) or "tf.transpose"
            moved = f"{transpose}({name}, [{permutation}])"
            return f"`{moved}`" if complete else f"`{spell('tensorflow.reshape', scope) or 'tf.reshape'}({moved}, [{target}])`"
        moved = f"{name}.permute({permutation})" if library == _TORCH else f"{name}.transpose({permutation})"
        return f"`{moved}`" if complete else f"`{moved}.reshape({target})`"

    def _library(self, call: ast.Call, tensor: ast.AST, scope) -> str:
        """Whose array is reshaped, for how the suggestion moves its axes: the reshape function's library,
        else what the reshaped value was made by (`torch.from_numpy(img)`, `cv2.imread(…)`, `x.float()`),
        else the file's framework (a `view` is torch's)."""
        qual = self.index.qualify(call.func) or ""
        for prefix, library in _LIBRARY_PREFIXES:
            if qual.startswith(prefix):
                return library
        for _ in range(MAX_LAYOUT_STEPS):
            if isinstance(tensor, ast.Name):
                binding = scope.reaching(tensor)
                if binding is None or binding.value is None or binding.path or not isinstance(binding.stmt, ast.Assign):
                    break
                tensor = binding.value
                continue
            if not isinstance(tensor, ast.Call):
                break
            made_by = self.index.qualify(tensor.func) or ""
            for prefix, library in _LIBRARY_PREFIXES:
                if made_by.startswith(prefix):
                    return library
            if not isinstance(tensor.func, ast.Attribute):
                break
            library = _METHOD_LIBRARIES.get(tensor.func.attr)
            if library is not None:
                return library
            tensor = tensor.func.value
        if isinstance(call.func, ast.Attribute) and call.func.attr == "view":
            return _TORCH
        roots = {alias.split(".", 1)[0] for alias in self.index.names.aliases.values()}
        return _TORCH if "torch" in roots else _TENSORFLOW if roots & {"tensorflow", "keras"} and "numpy" not in roots \
            else _NUMPY

    def _cifar_rows(self, call, tensor, terms, scope) -> Scramble | None:
        """CIFAR-10/100 pickle rows (3×32×32, channel first) reshaped straight to channel-last."""
        if len(terms) < 3:
            return None
        sizes = [self.values.literal(t, scope) for t in terms[1:]]
        if not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
            return None
        channels, height, width = records.CIFAR_ROW_LAYOUT
        if sizes[-1] != channels or _product(sizes) != channels * height * width:
            return None
        if not self._cifar_file:
            return None
        origins = self.facts.data.origins(tensor, scope)
        if not origins or not all(o.pickled_key in records.CIFAR_DATA_KEYS for o in origins):
            return None
        leading, name = self.facts.document.segment(terms[0]), self.facts.document.segment(tensor)
        return Scramble(call, name, "rows of 3×32×32 values, channel first",
                        f"`{name}.reshape({leading}, {channels}, {height}, {width}).transpose(0, 2, 3, 1)`")

    @cached_property
    def _cifar_file(self) -> bool:
        text = self.facts.document.text.lower()
        return any(hint in text for hint in records.CIFAR_FILE_HINTS)


_TORCH, _NUMPY, _TENSORFLOW = "torch", "numpy", "tensorflow"
#: whose array a function makes or reshapes, by qualified-name prefix (image readers make numpy arrays)
_LIBRARY_PREFIXES = (("torch.", _TORCH), ("tensorflow.", _TENSORFLOW), ("keras.", _TENSORFLOW),
                     ("numpy.", _NUMPY), ("cv2.", _NUMPY), ("imageio.", _NUMPY), ("skimage.", _NUMPY),
                     ("pandas.", _NUMPY), ("jax.", _NUMPY))
#: methods only one library's arrays have
_METHOD_LIBRARIES = {"float": _TORCH, "double": _TORCH, "half": _TORCH, "cuda": _TORCH, "detach": _TORCH,
                     "contiguous": _TORCH, "to": _TORCH, "permute": _TORCH, "astype": _NUMPY, "numpy": _NUMPY}


def _out_of_order(axes_per_term: list[list[int]]) -> bool:
    """Does a later term name an axis that is laid out before an axis an earlier term names?"""
    seen_positive, seen_negative = -1, None
    for axes in axes_per_term:
        positive = [a for a in axes if a >= 0]
        negative = [a for a in axes if a < 0]
        if positive and min(positive) < seen_positive:
            return True
        if negative and seen_negative is not None and min(negative) < seen_negative:
            return True
        if positive:
            seen_positive = max(seen_positive, max(positive))
        if negative:
            seen_negative = max(negative) if seen_negative is None else max(seen_negative, max(negative))
    return False


def _product(sizes: list[int]) -> int:
    result = 1
    for size in sizes:
        result *= size
    return result
