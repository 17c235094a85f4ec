"""The neutral vocabulary that framework tables map qualified names onto.

A rule never spells a framework name: it asks whether an operation is a
`DENSE` layer, an activation of the ReLU family, a normalisation layer, and so
on. Each framework module (`torch.py`, `keras.py`, `tf1.py`, `jax.py`) is a
table from canonical qualified names to `OpSpec` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Operation kinds.
DENSE = "dense"  # fully connected
CONV = "conv"
EMBEDDING = "embedding"
RECURRENT = "recurrent"
ATTENTION = "attention"
NORM = "norm"
ACT = "act"  # an activation (layer or function)
PASS = "pass"  # parameter-free, shape-only or stochastic: dropout, flatten, reshape, pooling
CONTAINER = "container"  # Sequential and friends: elements applied in order
LIST = "list"  # ModuleList / ModuleDict: holds layers, order not an application order
MODEL = "model"  # keras functional Model(inputs, outputs)
INPUT = "input"  # keras Input
INIT = "init"  # a weight initialiser (function, class or string)

LEARNED = frozenset({DENSE, CONV, EMBEDDING, RECURRENT, ATTENTION})
#: layers that carry a kernel and a bias and therefore fall under NN201/NN301
BIASED = frozenset({DENSE, CONV})

# Activation families (canonical activation names).
RELU_FAMILY = frozenset(
    {"relu", "relu6", "leaky_relu", "prelu", "elu", "selu", "celu", "gelu", "silu", "mish", "hardswish", "thresholded_relu"}
)
PROBABILITY = frozenset({"softmax", "log_softmax", "sigmoid", "logsigmoid"})
BOUNDED = frozenset({"tanh", "softplus", "hardtanh", "softsign", "hardsigmoid"})
SATURATING = frozenset({"sigmoid", "tanh"})

# Initialiser families.
XAVIER = "xavier"
FIXED = "fixed"  # fixed std / fixed range
SCALED = "scaled"  # variance scaling, orthogonal, ... (fine)
OTHER_INIT = "other"  # constant, zeros, identity: out of scope


@dataclass(frozen=True)
class OpSpec:
    """What a framework name *is*, in nnlint's neutral vocabulary.

    ``applies`` marks functional forms (``F.relu(x)``, ``tf.layers.dense(x, 10)``):
    the call itself applies the operation to its input argument. Otherwise the
    call constructs a layer that is applied later (``nn.ReLU()``, ``Dense(10)``).
    """

    kind: str
    framework: str
    act: str | None = None
    applies: bool = False
    input_pos: int = 0
    bias_kw: str | None = None
    units: tuple[int | None, str | None] | None = None  # (position, keyword) of the output width
    act_kw: str | None = None  # keyword carrying a fused activation (keras `activation=`)
    act_pos: int | None = None  # its position, where it has one
    act_default: str | None = None  # activation applied when `act_kw` is absent
    init_kws: tuple[str, ...] = ()  # keywords that take the kernel initialiser
    init_family: str | None = None  # for INIT specs
    init_std: tuple[tuple[int | None, str | None], ...] = field(default=())  # where a fixed std/range lives
    init_std_defaults: tuple[float | None, ...] = ()  # the value of each of those when not given (None: unknown)
    init_target_pos: int | None = None  # torch.nn.init.*: position of the tensor argument
    norm_like_name: bool = False


def act_spec(framework: str, act: str, applies: bool = False) -> OpSpec:
    return OpSpec(ACT, framework, act=act, applies=applies)


def pass_spec(framework: str, applies: bool = False) -> OpSpec:
    return OpSpec(PASS, framework, applies=applies)


# Loss classes (what a loss expects as input).
LOSS_SOFTMAX_LOGITS = "softmax-logits"  # applies softmax itself: CrossEntropyLoss, *_with_logits, from_logits=True
LOSS_SIGMOID_LOGITS = "sigmoid-logits"  # applies sigmoid itself: BCEWithLogitsLoss, sigmoid_cross_entropy
LOSS_CATEGORICAL_PROBS = "categorical-probs"  # expects probabilities summing to one
LOSS_BINARY_PROBS = "binary-probs"  # expects per-unit probabilities
LOSS_LOG_PROBS = "log-probs"  # NLLLoss
LOSS_REGRESSION = "regression"  # MSE / MAE / Huber


@dataclass(frozen=True)
class LossSpec:
    """A loss: what it expects, and where its prediction argument is.

    ``logits_kind`` is the class the loss has when called with ``from_logits=True`` (Keras).
    ``applies``: a function called on (target, prediction) / (prediction, target); False: a class
    constructed then called.
    """

    kind: str
    framework: str
    applies: bool = False
    prediction: tuple[int | None, str | None] = (0, "input")
    logits_kind: str | None = None


@dataclass(frozen=True)
class OptimizerSpec:
    framework: str
    adam_family: bool = False
    creates_slots: bool = False  # TF1: builds slot variables in minimize()/apply_gradients()
    lr: tuple[int | None, str | None] = (None, None)
    lr_alias: str | None = None  # keras 2's deprecated `lr=`


# Learning-rate schedule shapes (NN501 vs NN503).
STEP_DECAY = "step"  # step or exponential decay: the tips' evidence against it with Adam (NN501)
SMOOTH_DECAY = "smooth"  # cosine, linear, polynomial, one-cycle, warm-up then decay (NN503, opt-in)


@dataclass(frozen=True)
class ScheduleSpec:
    """A learning-rate schedule. ``decays``: True always, False never (warm-up, plateau, cyclic), or the
    mode of the arguments that decide (`end_factor`, `lr_lambda`, …: read by `analysis.schedules`).
    ``shape``: STEP_DECAY or SMOOTH_DECAY when it decays (a function-driven schedule's comes from its
    function)."""

    framework: str
    decays: bool | str = True
    optimizer_arg: tuple[int | None, str | None] | None = None  # torch: the optimizer it drives
    shape: str = STEP_DECAY
