"""NN301: replace a fixed-scale or Xavier weight initialiser with its variance-scaling equivalent.

The replacement matches the nonlinearity where it can be seen (the layer's own activation, else the
network's): He/Kaiming for the ReLU family; for tanh/sigmoid networks Kaiming with that gain (torch),
Glorot (Keras, Flax) or unit-scale variance scaling (TF1). Names are spelled with the aliases the
module already imports; when none fits, there is no fix.
"""

from __future__ import annotations

import ast

import libcst as cst

from .. import frameworks
from ..analysis.flow import argument, keyword
from ..diagnostics import Fix
from ..facts import ModuleFacts
from ..frameworks.spec import RELU_FAMILY, XAVIER
from .common import spell
from .document import Document, Unfixable, document, parse_expression

RELU, TANH = "relu", "tanh"
_TF_VARIANCE_SCALING = "tensorflow.compat.v1.variance_scaling_initializer"
_KERAS_STRINGS = {"glorot_uniform": "uniform", "random_uniform": "uniform", "uniform": "uniform",
                  "glorot_normal": "normal", "random_normal": "normal", "truncated_normal": "normal",
                  "normal": "normal"}


def scale_initializer(finding, facts: ModuleFacts) -> Fix:
    node, index = finding.node, facts.index
    doc = document(facts, finding.node)
    if isinstance(node, ast.keyword):
        layer = index.parents.get(node)
        return _replace_value(doc, facts, node.value, _nonlinearity(facts, node, layer))
    if not isinstance(node, ast.Call):
        raise Unfixable("unrecognised initialiser")
    qual = index.qualify(node.func)
    if qual in frameworks.RANDOM_TENSORS:
        return _tf_random_tensor(doc, facts, node, qual)
    spec = frameworks.init_spec(qual)
    if spec is not None and spec.init_target_pos is not None:
        tensor = argument(node, spec.init_target_pos, "tensor")
        mean = argument(node, 1, "mean") if "normal" in qual.rsplit(".", 1)[-1] else None
        return _kaiming(doc, facts, node, tensor, qual, mean, spec.init_family == XAVIER)
    if qual is None and isinstance(node.func, ast.Attribute) and node.func.attr in frameworks.TENSOR_INIT_METHODS:
        mean = argument(node, 0, "mean") if node.func.attr == "normal_" else None
        return _kaiming(doc, facts, node, node.func.value, node.func.attr, mean, False)
    raise Unfixable("unrecognised initialiser")


# -- which nonlinearity ---------------------------------------------------------------------------
def _nonlinearity(facts: ModuleFacts, node: ast.AST, layer: ast.AST | None = None, xavier: bool = False) -> str:
    """`relu`, `leaky_relu`, `tanh` or `sigmoid`: what the initialised layer (or its network) feeds."""
    if isinstance(layer, ast.Call):
        op = facts.flow.construct_op(layer, facts.index.scope_of(layer))
        if op is not None and op.act in RELU_FAMILY:
            return "leaky_relu" if op.act == "leaky_relu" else RELU
        if op is not None and op.act in ("tanh", "sigmoid") and not xavier:
            return op.act
    cls = facts.index.class_of(node)
    acts = facts.activations_in(cls.node if cls is not None else None) or facts.activations_in()
    relus = acts & RELU_FAMILY
    if relus or xavier:
        return "leaky_relu" if relus == {"leaky_relu"} else RELU
    for act in ("tanh", "sigmoid"):
        if act in acts:
            return act
    return RELU


def _is_zero(facts: ModuleFacts, expr: ast.AST | None) -> bool:
    if expr is None:
        return True
    value = facts.values.literal(expr, facts.index.scope_of(expr))
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _quote(doc: Document, text: str) -> str:
    return f"{doc.quote}{text}{doc.quote}"


# -- torch ------------------------------------------------------------------------------------------
def _kaiming(doc: Document, facts: ModuleFacts, call: ast.Call, tensor: ast.AST | None, name: str,
             mean: ast.AST | None, xavier: bool) -> Fix:
    if tensor is None or not _is_zero(facts, mean):
        raise Unfixable("no tensor argument, or a non-zero mean")
    leaf = "kaiming_uniform_" if "uniform" in name else "kaiming_normal_"
    function = spell(facts, call, f"torch.nn.init.{leaf}")
    if function is None:
        raise Unfixable("no import to spell torch.nn.init with")
    nonlinearity = _nonlinearity(facts, call, xavier=xavier or "xavier" in name)
    tensor_code = doc.code(doc.expression(tensor))
    code = f"{function}({tensor_code}, nonlinearity={_quote(doc, nonlinearity)})"
    old = doc.find(call, cst.Call)
    return doc.replace(f"Use `{leaf}(..., nonlinearity={nonlinearity!r})`", (old, parse_expression(code, doc.module)))


# -- keras / tf1 / flax initialiser values ------------------------------------------------------------
def _replace_value(doc: Document, facts: ModuleFacts, value: ast.AST, nonlinearity: str) -> Fix:
    tanh_like = nonlinearity in ("tanh", "sigmoid")
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        kind = _KERAS_STRINGS.get(value.value.lower())
        if kind is None:
            raise Unfixable("unknown initialiser string")
        new = f"{'glorot' if tanh_like else 'he'}_{kind}"
        old = doc.find(value, cst.SimpleString)
        quote_start = len(old.prefix)
        quote = old.value[quote_start:quote_start + (3 if old.value[quote_start:quote_start + 3] in ('"""', "'''") else 1)]
        return doc.replace(f"Use {new!r}", (old, old.with_changes(value=f"{old.prefix}{quote}{new}{quote}")))
    call = value if isinstance(value, ast.Call) else None
    func = call.func if call is not None else value
    qual = facts.index.qualify(func)
    if qual is None or frameworks.init_spec(qual) is None:
        raise Unfixable("the initialiser is not written at the keyword")
    family = frameworks.framework_of(qual)
    leaf = qual.rsplit(".", 1)[-1]
    uniform = "uniform" in leaf.lower() or leaf == "xavier_initializer" and not _false_kw(call, "uniform")
    if family == "tf1":
        return _tf_initializer(doc, facts, value, call, uniform, tanh_like)
    if family not in ("keras", "jax"):
        raise Unfixable("no variance-scaling equivalent known")
    kind = "Uniform" if uniform else "Normal"
    stem = "Glorot" if tanh_like else "He"
    new_leaf = f"{stem}{kind}" if leaf[:1].isupper() else f"{stem.lower()}_{kind.lower()}"
    raw = facts.index.names.raw(func)
    target = raw.rsplit(".", 1)[0] + "." + new_leaf
    name = spell(facts, value, target)
    if name is None:
        raise Unfixable(f"no import to spell {target} with")
    code = name
    if call is not None:
        seed = keyword(call, "seed")
        code += f"(seed={doc.code(doc.expression(seed.value))})" if seed is not None and family == "keras" else "()"
    old = doc.expression(value)
    return doc.replace(f"Use `{new_leaf}`", (old, parse_expression(code, doc.module)))


def _false_kw(call: ast.Call | None, name: str) -> bool:
    kw = keyword(call, name) if call is not None else None
    return kw is not None and isinstance(kw.value, ast.Constant) and kw.value.value is False


def _tf_scaling(doc: Document, facts: ModuleFacts, node: ast.AST, uniform: bool, tanh_like: bool,
                seed: str | None) -> str:
    name = spell(facts, node, _TF_VARIANCE_SCALING)
    if name is None:
        raise Unfixable("no import to spell tf.compat.v1 with")
    args = [] if tanh_like else ["scale=2.0"]
    if uniform:
        args.append(f"distribution={_quote(doc, 'uniform')}")
    if seed is not None:
        args.append(f"seed={seed}")
    return f"{name}({', '.join(args)})"


def _tf_initializer(doc: Document, facts: ModuleFacts, value: ast.AST, call: ast.Call | None, uniform: bool,
                    tanh_like: bool) -> Fix:
    seed = keyword(call, "seed") if call is not None else None
    code = _tf_scaling(doc, facts, value, uniform, tanh_like, doc.code(doc.expression(seed.value)) if seed else None)
    old = doc.expression(value)
    return doc.replace("Use `variance_scaling_initializer`", (old, parse_expression(code, doc.module)))


def _tf_random_tensor(doc: Document, facts: ModuleFacts, call: ast.Call, qual: str) -> Fix:
    """`tf.truncated_normal(shape, stddev=0.1)` → `tf.compat.v1.variance_scaling_initializer(scale=2.0)(shape)`."""
    uniform = "uniform" in qual
    if len(call.args) > 3 or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(kw.arg is None for kw in call.keywords):
        raise Unfixable("unusual arguments")
    shape = argument(call, 0, "shape")
    if shape is None or not uniform and not _is_zero(facts, argument(call, 1, "mean")):
        raise Unfixable("no shape, or a non-zero mean")
    seed, dtype = keyword(call, "seed"), keyword(call, "dtype")
    tanh_like = _nonlinearity(facts, call) in ("tanh", "sigmoid")
    initializer = _tf_scaling(doc, facts, call, uniform, tanh_like, doc.code(doc.expression(seed.value)) if seed else None)
    shape_code = doc.code(doc.expression(shape))
    tail = f", dtype={doc.code(doc.expression(dtype.value))}" if dtype is not None else ""
    code = f"{initializer}({shape_code}{tail})"
    old = doc.find(call, cst.Call)
    return doc.replace("Use `variance_scaling_initializer`", (old, parse_expression(code, doc.module)))
