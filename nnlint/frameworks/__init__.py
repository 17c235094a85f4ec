"""Framework knowledge as data: qualified name → neutral `OpSpec`.

Everything framework-specific that the analysis needs is looked up here, so a
rule can ask "is this a dense layer?" without naming torch, keras or TF.
"""

from __future__ import annotations

from . import jax, keras, tf1, torch, training
from .spec import LossSpec, OpSpec, OptimizerSpec, ScheduleSpec

_PREFIX_REWRITES = (
    # longest first
    ("tensorflow.compat.v1.keras.", "keras."),
    ("tensorflow.compat.v2.keras.", "keras."),
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.contrib.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
    ("keras._tf_keras.keras.", "keras."),
    ("tensorflow.compat.v1.", "tensorflow."),
    ("tensorflow.compat.v2.", "tensorflow."),
    ("tensorflow.contrib.slim.", "tensorflow.contrib.layers."),
    ("tensorflow.contrib.framework.", "tensorflow.contrib.layers."),
    ("tensorflow.python.ops.nn.", "tensorflow.nn."),
    ("torch.nn.modules.", "torch.nn.modules."),
    ("jax.example_libraries.", "jax."),
)
# Sub-packages whose members are re-exported one level up (``keras.layers.core.Dense`` is ``keras.layers.Dense``).
_FLATTEN = ("keras.layers.", "keras.initializers.", "keras.activations.", "keras.losses.", "keras.optimizers.",
            "keras.callbacks.", "torch.nn.modules.", "torch.optim.")


def canonical(qualname: str) -> str:
    """Map the many spellings of one framework name onto one."""
    for old, new in _PREFIX_REWRITES:
        if qualname.startswith(old):
            qualname = new + qualname[len(old):]
            break
    if qualname == "tensorflow.compat.v1":
        return "tensorflow"
    for prefix in _FLATTEN:
        if qualname.startswith(prefix):
            rest = qualname[len(prefix):]
            if "." in rest and not rest.startswith(("schedules", "lr_scheduler", "legacy")):
                leaf = rest.rsplit(".", 1)[1]
                base = "torch.nn." if prefix == "torch.nn.modules." else prefix
                return base + leaf
            if prefix == "torch.nn.modules.":
                return "torch.nn." + rest
    return qualname


LAYERS: dict[str, OpSpec] = {**torch.NAMES, **keras.NAMES, **tf1.NAMES, **jax.NAMES}
INITIALIZERS: dict[str, OpSpec] = {**torch.INITIALIZERS, **keras.INITIALIZERS, **tf1.INITIALIZERS,
                                    **jax.INITIALIZERS}
RANDOM_TENSORS = tf1.RANDOM_TENSORS
VARIABLE_FACTORIES = tf1.VARIABLE_FACTORIES
MODULE_BASES = torch.MODULE_BASES | keras.MODULE_BASES | jax.MODULE_BASES
FORWARD_METHODS = torch.FORWARD_METHODS + keras.FORWARD_METHODS + jax.FORWARD_METHODS
BATCH_NORMS = torch.BATCH_NORMS | keras.BATCH_NORMS | tf1.BATCH_NORMS | jax.BATCH_NORMS
KERAS_ACTIVATION_NAMES = keras.ACTIVATION_NAMES
KERAS_INIT_STRINGS = keras.INIT_STRINGS
TORCH_TENSOR_ACTIVATIONS = torch.TENSOR_METHODS
TENSOR_PASS_METHODS = torch.PASS_METHODS
TENSOR_INIT_METHODS = torch.TENSOR_INIT_METHODS

#: first components of qualified names that belong to a deep-learning framework
FRAMEWORK_ROOTS = frozenset({"torch", "tensorflow", "keras", "tf_keras", "flax", "jax", "optax", "timm",
                             "pytorch_lightning", "lightning"})
#: byte patterns whose absence proves a file imports no framework (the pre-parse filter)
PREFILTER_TOKENS = (b"torch", b"tensorflow", b"keras", b"flax", b"jax", b"optax", b"timm", b"lightning")


def layer_spec(qualname: str | None) -> OpSpec | None:
    return LAYERS.get(qualname) if qualname else None


def init_spec(qualname: str | None) -> OpSpec | None:
    return INITIALIZERS.get(qualname) if qualname else None


def framework_of(qualname: str) -> str | None:
    root = qualname.split(".", 1)[0]
    if root in ("torch", "timm", "pytorch_lightning", "lightning"):
        return "torch"
    if root == "keras":
        return "keras"
    if root == "tensorflow":
        return "tf1"
    if root in ("flax", "jax", "optax"):
        return "jax"
    return None


LOSSES = training.LOSSES
LOG_FUNCTIONS = training.LOG_FUNCTIONS
EXP_FUNCTIONS = training.EXP_FUNCTIONS
SUM_FUNCTIONS = training.SUM_FUNCTIONS
KERAS_LOSS_STRINGS = training.KERAS_LOSS_STRINGS
OPTIMIZERS = training.OPTIMIZERS
KERAS_OPTIMIZER_STRINGS = training.KERAS_OPTIMIZER_STRINGS
SCHEDULES = training.SCHEDULES


def loss_spec(qualname: str | None) -> LossSpec | None:
    return LOSSES.get(qualname) if qualname else None


def optimizer_spec(qualname: str | None) -> OptimizerSpec | None:
    return OPTIMIZERS.get(qualname) if qualname else None


def schedule_spec(qualname: str | None) -> ScheduleSpec | None:
    return SCHEDULES.get(qualname) if qualname else None
