"""Fix intents for the built-in rules: the remedy for a finding, decided where the finding is.

Each function looks at the code around a finding with the analysis the rule already has and returns an
intent (`nnlint.intents`) — or None where no safe and obvious fix exists (an activation appended in a
loop, a value with other uses). Names in the replacement code are spelled with the module's own import
aliases; where none fits, there is no fix (a fix never adds an import).
"""

from __future__ import annotations

import ast

from .. import frameworks
from ..analysis.flow import argument, keyword
from ..diagnostics import Applicability
from ..facts import ModuleFacts
from ..frameworks.spec import ACT, CONTAINER
from ..intents import (
    DropKeyword, Intent, MoveStatementAfter, RemoveElement, RemoveStatement, ReplaceExpression, SetKeyword,
    UnwrapCall,
)

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE

_GROWERS = ("append", "add")
_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: expressions that can stand anywhere without parentheses
_ATOMIC = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.List, ast.Tuple, ast.Dict,
           ast.Set, ast.JoinedStr, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


# -- shared ---------------------------------------------------------------------------------------
def block_of(facts: ModuleFacts, statement: ast.stmt) -> tuple[ast.stmt, ...] | None:
    """The statements of the block holding `statement`."""
    parent = facts.index.parents.get(statement)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is statement for s in block):
            return tuple(block)
    return None


def in_loop(facts: ModuleFacts, node: ast.AST) -> bool:
    current = facts.index.parents.get(node)
    while current is not None and not isinstance(current, _SCOPES):
        if isinstance(current, _LOOPS):
            return True
        current = facts.index.parents.get(current)
    return False


def quoted(facts: ModuleFacts, text: str) -> str:
    """A string literal in the quotes the file uses most."""
    source = facts.document.text
    quote = "'" if source.count("'") > source.count('"') else '"'
    return f"{quote}{text}{quote}"


def _remove_statement(facts: ModuleFacts, statement: ast.stmt, message: str, applicability) -> Intent | None:
    block = block_of(facts, statement)
    if block is None:
        return None
    return RemoveStatement(statement=statement, block=block, message=message, applicability=applicability)


# -- NN101 / NN102: take an activation off the output ---------------------------------------------
def remove_activation(facts: ModuleFacts, node: ast.AST, message: str) -> Intent | None:
    """What the finding points at decides the change: a Sequential element is removed from its container
    (arguments, list literal, `OrderedDict` pair, or the `layers.append(...)`/`model.add(...)` statement);
    an `activation=` keyword is removed (set to `None` where the layer applies a default activation); a
    positional activation becomes `None`; an activation call is unwrapped to its input.

    Removing an output activation changes what a trained model predicts: unsafe."""
    index = facts.index
    if isinstance(node, ast.keyword):
        call = index.parents.get(node)
        if not isinstance(call, ast.Call):
            return None
        spec = frameworks.layer_spec(index.qualify(call.func))
        if spec is not None and spec.act_default:
            return SetKeyword(call=call, name=node.arg, code="None", message=f"Set `{node.arg}=None`",
                              applicability=UNSAFE)
        return DropKeyword(call=call, keyword=node, message=f"Remove `{node.arg}=`", applicability=UNSAFE)
    parent = index.parents.get(node)
    if isinstance(parent, ast.Call) and any(arg is node for arg in parent.args):
        spec = frameworks.layer_spec(index.qualify(parent.func))
        if spec is not None and spec.kind == CONTAINER:
            return RemoveElement(container=parent, element=node, message=message, applicability=UNSAFE)
        func = parent.func
        if isinstance(func, ast.Attribute) and func.attr in _GROWERS and parent.args[0] is node:
            statement = index.parents.get(parent)
            if not isinstance(statement, ast.Expr) or in_loop(facts, statement):
                return None  # added in a loop: removing it would remove every hidden activation too
            return _remove_statement(facts, statement, message, UNSAFE)
        if spec is not None and spec.act_kw and spec.act_pos is not None and len(parent.args) > spec.act_pos \
                and parent.args[spec.act_pos] is node and spec.kind != ACT:
            return ReplaceExpression(node=node, code="None", message="Set the activation to `None`",
                                     applicability=UNSAFE)
        return None
    if isinstance(parent, (ast.List, ast.Tuple)) and any(e is node for e in parent.elts):
        holder = index.parents.get(parent)
        if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and isinstance(holder, ast.List):
            return RemoveElement(container=holder, element=parent, message=message,  # an OrderedDict pair
                                 applicability=UNSAFE)
        return RemoveElement(container=parent, element=node, message=message, applicability=UNSAFE)
    if isinstance(node, ast.Call):
        return _unwrap_activation(facts, node, message)
    return None


def _unwrap_activation(facts: ModuleFacts, call: ast.Call, message: str) -> Intent | None:
    op = facts.flow.application(call, facts.index.scope_of(call))
    if op is not None and op.kind == ACT and op.input is not None:
        return _unwrap(facts, call, op.input, message)
    spec = frameworks.layer_spec(facts.index.qualify(call.func))
    if spec is not None and spec.act_default and spec.act_kw:
        return SetKeyword(call=call, name=spec.act_kw, code="None", message=f"Set `{spec.act_kw}=None`",
                          applicability=UNSAFE)
    return None


def _unwrap(facts: ModuleFacts, call: ast.Call, inner: ast.expr, message: str) -> Intent | None:
    parent = facts.index.parents.get(call)
    single_name = isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)
    if single_name and parent.value is call and isinstance(inner, ast.Name) and parent.targets[0].id == inner.id:
        return _remove_statement(facts, parent, message, UNSAFE)  # `x = act(x)` would become `x = x`
    if single_name:
        scope = facts.index.scope_of(parent)
        binding = facts.values.binding_of(parent, parent.targets[0].id)
        if binding is None or len(scope.uses_of(binding)) > 1:
            return None  # the activated value has other uses, which would change too
    parenthesize = not isinstance(inner, _ATOMIC) and not _safe_context(facts, call)
    return UnwrapCall(call=call, keep=inner, parenthesize=parenthesize, message=message, applicability=UNSAFE)


def _safe_context(facts: ModuleFacts, node: ast.AST) -> bool:
    """Can an arbitrary expression stand in the place of `node` without parentheses?"""
    parent = facts.index.parents.get(node)
    if isinstance(parent, (ast.Return, ast.Assign, ast.AnnAssign, ast.keyword, ast.Expr)):
        return getattr(parent, "value", None) is node
    if isinstance(parent, ast.Call):
        return node in parent.args
    return isinstance(parent, (ast.List, ast.Tuple)) and not isinstance(parent.ctx, ast.Store)


# -- NN201 ------------------------------------------------------------------------------------------
def restore_bias(facts: ModuleFacts, kw: ast.keyword) -> Intent | None:
    """Drop `bias=False` / `use_bias=False`. Unsafe: the layer gains a parameter, so a trained model's
    `state_dict` changes and its saved checkpoints no longer load."""
    call = facts.index.parents.get(kw)
    if not isinstance(call, ast.Call):
        return None
    return DropKeyword(call=call, keyword=kw, message=f"Remove `{kw.arg}=False`", applicability=UNSAFE)


# -- NN104 (Keras) ----------------------------------------------------------------------------------
_KERAS_LOSS_CLASSES = {
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
}


def from_logits(facts: ModuleFacts, node: ast.AST) -> Intent | None:
    """Tell a Keras probability loss that it receives logits. A string loss becomes the loss class with
    `from_logits=True`; a loss class or function call gets the keyword. Safe: it changes the loss, not
    the model. PyTorch and hand-written losses get no fix."""
    if isinstance(node, ast.keyword):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return _string_loss(facts, node.value)
        node = node.value
    if not isinstance(node, ast.Call):
        return None
    qual = facts.index.qualify(node.func)
    record = frameworks.record_of(qual) if qual else None
    if record is None or not record.losses_take_from_logits:
        return None
    existing = keyword(node, frameworks.FROM_LOGITS_KEYWORD)
    if existing is not None:
        if not (isinstance(existing.value, ast.Constant) and existing.value.value is False):
            return None
        return SetKeyword(call=node, name=existing.arg, code="True", message="Set `from_logits=True`",
                          applicability=SAFE)
    return SetKeyword(call=node, name=frameworks.FROM_LOGITS_KEYWORD, code="True",
                      message="Add `from_logits=True`", applicability=SAFE)


def _string_loss(facts: ModuleFacts, value: ast.Constant) -> Intent | None:
    name = _KERAS_LOSS_CLASSES.get(value.value.lower())
    if name is None:
        return None
    spellings = [s for s in (facts.index.names.spell(f"{root}.losses.{name}", facts.index.scope_of(value))
                             for root in frameworks.KERAS_IMPORT_ROOTS) if s]
    if not spellings:
        return None
    code = f"{min(spellings, key=len)}(from_logits=True)"
    return ReplaceExpression(node=value, code=code, message=f"Use `{name}(from_logits=True)`", applicability=SAFE)


# -- NN401 ------------------------------------------------------------------------------------------
def move_saver(facts: ModuleFacts, saver: ast.Call) -> Intent | None:
    """Move the `Saver(...)` statement to just after the statement that builds the train op: only when both
    are in the same block, the Saver's statement is a simple assignment or expression, nothing in between
    mentions what it assigns, and nothing in between rebinds a name it uses. Unsafe: the checkpoints it
    writes change (they gain the optimizer's slot variables)."""
    statement = facts.index.parents.get(saver)
    if not isinstance(statement, (ast.Assign, ast.Expr)) or getattr(statement, "value", None) is not saver:
        return None
    block = block_of(facts, statement)
    if block is None:
        return None
    start = next(i for i, s in enumerate(block) if s is statement)
    train = next((s for s in block[start + 1:] if _builds_train_op(s)), None)
    if train is None:
        return None
    between = block[start + 1:block.index(train) + 1]
    targets = {ast.unparse(t) for t in getattr(statement, "targets", [])}
    used = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
    for node in (n for s in between for n in ast.walk(s)):
        if isinstance(node, (ast.Name, ast.Attribute)) and ast.unparse(node) in targets:
            return None  # the Saver is used before the train op
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in used:
            return None  # a name the Saver uses is rebound before the train op
    return MoveStatementAfter(statement=statement, anchor=train, block=block,
                              message="Build the Saver after the train op", applicability=UNSAFE)


def _builds_train_op(statement: ast.stmt) -> bool:
    from ..frameworks import methods as api

    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in api.TRAIN_OP_METHODS
               for n in ast.walk(statement))


# -- NN301 ------------------------------------------------------------------------------------------
def scale_initializer(facts: ModuleFacts, node: ast.AST, nonlinearity: str) -> Intent | None:
    """Replace a fixed-scale or Xavier initialiser with the variance-scaling one of its framework for the
    given nonlinearity (He/Kaiming for the ReLU family; for tanh/sigmoid Kaiming with that gain in torch,
    Glorot in Keras and Flax, unit-scale variance scaling in TF1). Safe: only new training is affected."""
    index = facts.index
    if isinstance(node, ast.keyword):
        return _initializer_value(facts, node.value, nonlinearity)
    if isinstance(node, ast.Constant):  # a Keras name bound once and shared: `init = "random_normal"`
        return _initializer_value(facts, node, nonlinearity)
    if not isinstance(node, ast.Call):
        return None
    qual = index.qualify(node.func)
    if qual in frameworks.RANDOM_TENSORS:
        return _tf_random_tensor(facts, node, qual, nonlinearity)
    spec = frameworks.init_spec(qual)
    if spec is not None and spec.init_target_pos is not None:
        tensor = argument(node, spec.init_target_pos, "tensor")
        mean = argument(node, 1, "mean") if "normal" in qual.rsplit(".", 1)[-1] else None
        return _torch_kaiming(facts, node, tensor, qual, mean, nonlinearity)
    if spec is not None:  # an initialiser object bound once and shared: `kernel_init = RandomNormal(0.02)`
        return _initializer_value(facts, node, nonlinearity)
    if qual is None and isinstance(node.func, ast.Attribute) and node.func.attr in frameworks.TENSOR_INIT_METHODS:
        mean = argument(node, 0, "mean") if node.func.attr == "normal_" else None
        return _torch_kaiming(facts, node, node.func.value, node.func.attr, mean, nonlinearity)
    return None


def _is_zero(facts: ModuleFacts, expr: ast.AST | None) -> bool:
    if expr is None:
        return True
    value = facts.values.literal(expr, facts.index.scope_of(expr))
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _torch_kaiming(facts: ModuleFacts, call: ast.Call, tensor: ast.AST | None, name: str, mean: ast.AST | None,
                   nonlinearity: str) -> Intent | None:
    if tensor is None or not _is_zero(facts, mean):
        return None  # no tensor argument, or a non-zero mean
    leaf = "kaiming_uniform_" if "uniform" in name else "kaiming_normal_"
    function = facts.index.names.spell(f"torch.nn.init.{leaf}", facts.index.scope_of(call))
    if function is None:
        return None
    code = f"{function}({facts.document.segment(tensor)}, nonlinearity={quoted(facts, nonlinearity)})"
    return ReplaceExpression(node=call, code=code, message=f"Use `{leaf}(..., nonlinearity={nonlinearity!r})`",
                             applicability=SAFE)


_KERAS_STRINGS = {"glorot_uniform": "uniform", "random_uniform": "uniform", "uniform": "uniform",
                  "glorot_normal": "normal", "random_normal": "normal", "truncated_normal": "normal",
                  "normal": "normal"}
_TF_VARIANCE_SCALING = "tensorflow.compat.v1.variance_scaling_initializer"


def _tanh_like(nonlinearity: str) -> bool:
    return nonlinearity in ("tanh", "sigmoid")


def _initializer_value(facts: ModuleFacts, value: ast.AST, nonlinearity: str) -> Intent | None:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        kind = _KERAS_STRINGS.get(value.value.lower())
        if kind is None:
            return None
        new = f"{'glorot' if _tanh_like(nonlinearity) else 'he'}_{kind}"
        literal = facts.document.segment(value)
        quote_at = next((i for i, char in enumerate(literal) if char in "'\""), None)
        if quote_at is None:
            return None
        quote = literal[quote_at:quote_at + 3] if literal[quote_at:quote_at + 3] in ('"""', "'''") else literal[quote_at]
        code = f"{literal[:quote_at]}{quote}{new}{quote}"
        return ReplaceExpression(node=value, code=code, message=f"Use {new!r}", applicability=SAFE)
    call = value if isinstance(value, ast.Call) else None
    func = call.func if call is not None else value
    qual = facts.index.qualify(func)
    if qual is None or frameworks.init_spec(qual) is None:
        return None  # the initialiser is not written at the keyword
    record = frameworks.record_of(qual)
    leaf = qual.rsplit(".", 1)[-1]
    uniform = "uniform" in leaf.lower() or leaf == "xavier_initializer" and not _false_kw(call, "uniform")
    if record is not None and record.variance_scaling_factory:
        return _tf_initializer(facts, value, call, uniform, nonlinearity)
    if record is None or not record.named_variance_scaling_initializers:
        return None
    kind = "Uniform" if uniform else "Normal"
    stem = "Glorot" if _tanh_like(nonlinearity) else "He"
    new_leaf = f"{stem}{kind}" if leaf[:1].isupper() else f"{stem.lower()}_{kind.lower()}"
    raw = facts.index.names.raw(func)
    target = raw.rsplit(".", 1)[0] + "." + new_leaf
    name = facts.index.names.spell(target, facts.index.scope_of(value))
    if name is None:
        return None
    code = name
    if call is not None:
        seed = keyword(call, "seed")
        code += f"(seed={facts.document.segment(seed.value)})" if seed is not None and record.initializers_take_seed else "()"
    return ReplaceExpression(node=value, code=code, message=f"Use `{new_leaf}`", applicability=SAFE)


def _false_kw(call: ast.Call | None, name: str) -> bool:
    kw = keyword(call, name) if call is not None else None
    return kw is not None and isinstance(kw.value, ast.Constant) and kw.value.value is False


def _tf_scaling(facts: ModuleFacts, node: ast.AST, uniform: bool, nonlinearity: str, seed: str | None) -> str | None:
    name = facts.index.names.spell(_TF_VARIANCE_SCALING, facts.index.scope_of(node))
    if name is None:
        return None
    args = [] if _tanh_like(nonlinearity) else ["scale=2.0"]
    if uniform:
        args.append(f"distribution={quoted(facts, 'uniform')}")
    if seed is not None:
        args.append(f"seed={seed}")
    return f"{name}({', '.join(args)})"


def _tf_initializer(facts: ModuleFacts, value: ast.AST, call: ast.Call | None, uniform: bool,
                    nonlinearity: str) -> Intent | None:
    seed = keyword(call, "seed") if call is not None else None
    code = _tf_scaling(facts, value, uniform, nonlinearity, facts.document.segment(seed.value) if seed else None)
    if code is None:
        return None
    return ReplaceExpression(node=value, code=code, message="Use `variance_scaling_initializer`", applicability=SAFE)


def _tf_random_tensor(facts: ModuleFacts, call: ast.Call, qual: str, nonlinearity: str) -> Intent | None:
    """`tf.truncated_normal(shape, stddev=0.1)` → `tf.compat.v1.variance_scaling_initializer(scale=2.0)(shape)`."""
    uniform = "uniform" in qual
    if len(call.args) > 3 or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(kw.arg is None for kw in call.keywords):
        return None
    shape = argument(call, 0, "shape")
    if shape is None or not uniform and not _is_zero(facts, argument(call, 1, "mean")):
        return None
    seed, dtype = keyword(call, "seed"), keyword(call, "dtype")
    initializer = _tf_scaling(facts, call, uniform, nonlinearity, facts.document.segment(seed.value) if seed else None)
    if initializer is None:
        return None
    tail = f", dtype={facts.document.segment(dtype.value)}" if dtype is not None else ""
    code = f"{initializer}({facts.document.segment(shape)}{tail})"
    return ReplaceExpression(node=call, code=code, message="Use `variance_scaling_initializer`", applicability=SAFE)
