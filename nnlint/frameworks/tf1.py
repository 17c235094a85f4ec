"""TensorFlow 1 graph code: ``tf.layers``, ``tf.nn``, ``tf.contrib``, initialisers.

``tensorflow.compat.v1`` is canonicalised to ``tensorflow`` before lookup.
"""

from __future__ import annotations

from .record import FrameworkRecord
from .spec import (
    LOSS_BINARY_PROBS as BIN,
    LOSS_REGRESSION as REG, LOSS_SIGMOID_LOGITS as SIGL, LOSS_SOFTMAX_LOGITS as SOFTL,
    SMOOTH_DECAY, STEP_DECAY, LossSpec, OptimizerSpec, ScheduleSpec,
)
from .spec import (
    CONV, DENSE, FIXED, INIT, NORM, OTHER_INIT, SCALED, XAVIER, OpSpec, act_spec, pass_spec,
)

FW = "tf1"

_INIT_KWS = ("kernel_initializer",)
_CONTRIB_INIT_KWS = ("weights_initializer",)

NAMES: dict[str, OpSpec] = {
    "tensorflow.layers.dense": OpSpec(
        DENSE, FW, applies=True, bias_kw="use_bias", units=(1, "units"), act_kw="activation", act_pos=2,
        init_kws=_INIT_KWS,
    ),
    "tensorflow.layers.Dense": OpSpec(
        DENSE, FW, bias_kw="use_bias", units=(0, "units"), act_kw="activation", act_pos=1, init_kws=_INIT_KWS
    ),
    "tensorflow.contrib.layers.fully_connected": OpSpec(
        DENSE, FW, applies=True, bias_kw=None, units=(1, "num_outputs"), act_kw="activation_fn", act_pos=2,
        act_default="relu", init_kws=_CONTRIB_INIT_KWS,
    ),
    "tensorflow.contrib.layers.conv2d": OpSpec(
        CONV, FW, applies=True, units=(1, "num_outputs"), act_kw="activation_fn", act_pos=7,
        act_default="relu", init_kws=_CONTRIB_INIT_KWS,
    ),
    "tensorflow.nn.dropout": pass_spec(FW, applies=True),
    "tensorflow.layers.dropout": pass_spec(FW, applies=True),
    "tensorflow.layers.flatten": pass_spec(FW, applies=True),
    "tensorflow.contrib.layers.flatten": pass_spec(FW, applies=True),
    "tensorflow.reshape": pass_spec(FW, applies=True),
    "tensorflow.squeeze": pass_spec(FW, applies=True),
    "tensorflow.identity": pass_spec(FW, applies=True),
    "tensorflow.nn.max_pool": pass_spec(FW, applies=True),
    "tensorflow.nn.max_pool2d": pass_spec(FW, applies=True),
    "tensorflow.nn.avg_pool": pass_spec(FW, applies=True),
    "tensorflow.layers.max_pooling2d": pass_spec(FW, applies=True),
    "tensorflow.layers.average_pooling2d": pass_spec(FW, applies=True),
    "tensorflow.layers.batch_normalization": OpSpec(NORM, FW, applies=True),
    "tensorflow.contrib.layers.batch_norm": OpSpec(NORM, FW, applies=True),
    "tensorflow.contrib.layers.layer_norm": OpSpec(NORM, FW, applies=True),
    "tensorflow.nn.batch_normalization": OpSpec(NORM, FW, applies=True),
    "tensorflow.layers.BatchNormalization": OpSpec(NORM, FW),
    # raw graph ops: `tf.matmul(x, W) + b` is a dense layer, `tf.nn.conv2d(x, W, ...)` a convolution
    "tensorflow.matmul": OpSpec(DENSE, FW, applies=True),
    "tensorflow.linalg.matmul": OpSpec(DENSE, FW, applies=True),
    "tensorflow.nn.xw_plus_b": OpSpec(DENSE, FW, applies=True),
    "tensorflow.nn.conv2d": OpSpec(CONV, FW, applies=True),
    "tensorflow.nn.conv1d": OpSpec(CONV, FW, applies=True),
    "tensorflow.nn.bias_add": pass_spec(FW, applies=True),
    "tensorflow.clip_by_value": pass_spec(FW, applies=True),
}
for _conv, _act_pos in (("conv1d", 7), ("conv2d", 7), ("conv3d", 7), ("conv2d_transpose", 6),
                        ("conv3d_transpose", 6), ("separable_conv2d", 8)):
    NAMES[f"tensorflow.layers.{_conv}"] = OpSpec(
        CONV, FW, applies=True, bias_kw="use_bias", units=(1, "filters"), act_kw="activation", act_pos=_act_pos,
        init_kws=_INIT_KWS,
    )
for _cls in ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"):
    NAMES[f"tensorflow.layers.{_cls}"] = OpSpec(
        CONV, FW, bias_kw="use_bias", units=(0, "filters"), act_kw="activation", init_kws=_INIT_KWS
    )
for _name, _act in {
    "relu": "relu", "relu6": "relu6", "leaky_relu": "leaky_relu", "elu": "elu", "selu": "selu", "gelu": "gelu",
    "silu": "silu", "swish": "silu", "crelu": "relu", "softmax": "softmax", "log_softmax": "log_softmax",
    "sigmoid": "sigmoid", "tanh": "tanh", "softplus": "softplus", "softsign": "softsign",
}.items():
    NAMES[f"tensorflow.nn.{_name}"] = act_spec(FW, _act, applies=True)
for _qual, _act in (("tensorflow.sigmoid", "sigmoid"), ("tensorflow.tanh", "tanh"),
                    ("tensorflow.math.sigmoid", "sigmoid"), ("tensorflow.math.tanh", "tanh"),
                    ("tensorflow.math.softplus", "softplus"), ("tensorflow.math.log_sigmoid", "logsigmoid"),
                    ("tensorflow.math.softmax", "softmax")):
    NAMES[_qual] = act_spec(FW, _act, applies=True)

BATCH_NORMS = frozenset({
    "tensorflow.layers.batch_normalization", "tensorflow.contrib.layers.batch_norm",
    "tensorflow.layers.BatchNormalization",
})

INITIALIZERS: dict[str, OpSpec] = {}
for _name, _family, _std in (
    ("glorot_uniform_initializer", XAVIER, ()), ("glorot_normal_initializer", XAVIER, ()),
    ("contrib.layers.xavier_initializer", XAVIER, ()), ("initializers.glorot_uniform", XAVIER, ()),
    ("initializers.glorot_normal", XAVIER, ()), ("keras.initializers.glorot_uniform", XAVIER, ()),
    ("random_normal_initializer", FIXED, ((1, "stddev"),)),
    ("truncated_normal_initializer", FIXED, ((1, "stddev"),)),
    ("random_uniform_initializer", FIXED, ((0, "minval"), (1, "maxval"))),
    ("initializers.random_normal", FIXED, ((1, "stddev"),)),
    ("initializers.truncated_normal", FIXED, ((1, "stddev"),)),
    ("initializers.random_uniform", FIXED, ((0, "minval"), (1, "maxval"))),
    ("variance_scaling_initializer", SCALED, ()), ("contrib.layers.variance_scaling_initializer", SCALED, ()),
    ("initializers.variance_scaling", SCALED, ()), ("initializers.he_normal", SCALED, ()),
    ("initializers.he_uniform", SCALED, ()), ("initializers.lecun_normal", SCALED, ()),
    ("orthogonal_initializer", SCALED, ()), ("initializers.orthogonal", SCALED, ()),
    ("zeros_initializer", OTHER_INIT, ()), ("ones_initializer", OTHER_INIT, ()),
    ("constant_initializer", OTHER_INIT, ()), ("initializers.constant", OTHER_INIT, ()),
    ("initializers.zeros", OTHER_INIT, ()),
):
    # TF1's defaults: stddev 1.0, range [0, 1)
    _defaults = (0.0, 1.0) if len(_std) == 2 else (1.0,) if _std else ()
    INITIALIZERS[f"tensorflow.{_name}"] = OpSpec(INIT, FW, init_family=_family, init_std=_std,
                                                 init_std_defaults=_defaults)

#: random tensors used as a variable's initial value: ``tf.Variable(tf.truncated_normal(shape, stddev=0.1))``
RANDOM_TENSORS: dict[str, OpSpec] = {}
for _name, _std in (
    ("random_normal", ((2, "stddev"),)), ("truncated_normal", ((2, "stddev"),)),
    ("random.normal", ((2, "stddev"),)), ("random.truncated_normal", ((2, "stddev"),)),
    ("random_uniform", ((1, "minval"), (2, "maxval"))), ("random.uniform", ((1, "minval"), (2, "maxval"))),
):
    RANDOM_TENSORS[f"tensorflow.{_name}"] = OpSpec(INIT, FW, init_family=FIXED, init_std=_std,
                                                   init_std_defaults=(0.0, 1.0) if len(_std) == 2 else (1.0,))

VARIABLE_FACTORIES = frozenset({"tensorflow.Variable", "tensorflow.get_variable"})


# -- training ---------------------------------------------------------------------------------------
LOSSES: dict[str, LossSpec] = {}
for _name, _kind, _pred in (
    ("nn.softmax_cross_entropy_with_logits", SOFTL, (None, "logits")),
    ("nn.softmax_cross_entropy_with_logits_v2", SOFTL, (None, "logits")),
    ("nn.sparse_softmax_cross_entropy_with_logits", SOFTL, (None, "logits")),
    ("nn.sigmoid_cross_entropy_with_logits", SIGL, (None, "logits")),
    ("nn.weighted_cross_entropy_with_logits", SIGL, (None, "logits")),
    ("losses.softmax_cross_entropy", SOFTL, (1, "logits")),
    ("losses.sparse_softmax_cross_entropy", SOFTL, (1, "logits")),
    ("losses.sigmoid_cross_entropy", SIGL, (1, "logits")),
    ("losses.log_loss", BIN, (1, "predictions")),
    ("losses.mean_squared_error", REG, (1, "predictions")),
    ("losses.absolute_difference", REG, (1, "predictions")),
    ("losses.huber_loss", REG, (1, "predictions")),
):
    LOSSES[f"tensorflow.{_name}"] = LossSpec(_kind, FW, applies=True, prediction=_pred)

OPTIMIZERS: dict[str, OptimizerSpec] = {}
for _name, _adam, _slots in (
    ("AdamOptimizer", True, True), ("MomentumOptimizer", False, True), ("AdagradOptimizer", False, True),
    ("RMSPropOptimizer", False, True), ("AdadeltaOptimizer", False, True), ("FtrlOptimizer", False, True),
    ("GradientDescentOptimizer", False, False), ("ProximalAdagradOptimizer", False, True),
):
    OPTIMIZERS[f"tensorflow.train.{_name}"] = OptimizerSpec(FW, adam_family=_adam, creates_slots=_slots,
                                                            lr=(0, "learning_rate"))
for _name, _adam in (("NadamOptimizer", True), ("AdaMaxOptimizer", True), ("AdamWOptimizer", True),
                     ("LazyAdamOptimizer", True)):
    OPTIMIZERS[f"tensorflow.contrib.opt.{_name}"] = OptimizerSpec(FW, adam_family=_adam, creates_slots=True,
                                                                  lr=(0, "learning_rate"))

SCHEDULES: dict[str, ScheduleSpec] = {}
for _name in ("exponential_decay", "piecewise_constant", "inverse_time_decay", "natural_exp_decay"):
    SCHEDULES[f"tensorflow.train.{_name}"] = ScheduleSpec(FW, shape=STEP_DECAY)
for _name in ("polynomial_decay", "cosine_decay", "cosine_decay_restarts", "linear_cosine_decay",
              "noisy_linear_cosine_decay"):
    SCHEDULES[f"tensorflow.train.{_name}"] = ScheduleSpec(FW, shape=SMOOTH_DECAY)

RECORD = FrameworkRecord(
    name=FW,
    roots=("tensorflow",),
    prefix_rewrites=(
        ("tensorflow.compat.v1.", "tensorflow."), ("tensorflow.compat.v2.", "tensorflow."),
        ("tensorflow.contrib.slim.", "tensorflow.contrib.layers."),
        ("tensorflow.contrib.framework.", "tensorflow.contrib.layers."),
        ("tensorflow.python.ops.nn.", "tensorflow.nn."),
    ),
    layers=NAMES, batch_norms=BATCH_NORMS, transformer_markers=frozenset({"tensorflow.contrib.layers.layer_norm"}),
    add_functions=frozenset({"tensorflow.add", "tensorflow.math.add"}),
    product_functions=frozenset({"tensorflow.matmul", "tensorflow.linalg.matmul", "tensorflow.einsum",
                                 "tensorflow.linalg.einsum"}),
    initializers=INITIALIZERS, random_tensors=RANDOM_TENSORS, variable_factories=VARIABLE_FACTORIES,
    default_kernel_initializer="glorot_uniform",
    variance_scaling_factory="tensorflow.compat.v1.variance_scaling_initializer",
    init_advice={"relu": "`tf.compat.v1.variance_scaling_initializer(scale=2.0)`",
                 "saturating": "`tf.compat.v1.variance_scaling_initializer()`"},
    losses=LOSSES, optimizers=OPTIMIZERS, schedules=SCHEDULES,
    logits_loss_advice={"softmax": "`tf.nn.softmax_cross_entropy_with_logits`",
                        "sigmoid": "`tf.nn.sigmoid_cross_entropy_with_logits`"},
    log_functions=frozenset({"tensorflow.log", "tensorflow.math.log"}),
    exp_functions=frozenset({"tensorflow.exp", "tensorflow.math.exp"}),
    sum_functions=frozenset({"tensorflow.reduce_sum", "tensorflow.reduce_mean", "tensorflow.math.reduce_sum",
                             "tensorflow.math.reduce_mean"}),
    savers=frozenset({"tensorflow.train.Saver"}), checkpoints=frozenset({"tensorflow.train.Checkpoint"}),
    checkpoint_managers=frozenset({"tensorflow.train.CheckpointManager"}),
    session_factories=frozenset({"tensorflow.Session", "tensorflow.InteractiveSession",
                                 "tensorflow.train.MonitoredTrainingSession"}),
)
