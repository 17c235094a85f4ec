"""JAX / Flax (linen) / optax names."""

from __future__ import annotations

from .record import FrameworkRecord
from .spec import (
    
    LOSS_REGRESSION as REG, LOSS_SIGMOID_LOGITS as SIGL, LOSS_SOFTMAX_LOGITS as SOFTL,
    SMOOTH_DECAY, STEP_DECAY, LossSpec, OptimizerSpec, ScheduleSpec,
)
from .spec import CONTAINER, CONV, DENSE, EMBEDDING, FIXED, INIT, NORM, OTHER_INIT, SCALED, XAVIER, OpSpec, act_spec, pass_spec

FW = "jax"

MODULE_BASES = frozenset({"flax.linen.Module"})
FORWARD_METHODS = ("__call__",)

_INIT_KWS = ("kernel_init",)
NAMES: dict[str, OpSpec] = {
    "flax.linen.Dense": OpSpec(DENSE, FW, bias_kw="use_bias", units=(0, "features"), init_kws=_INIT_KWS),
    "flax.linen.Conv": OpSpec(CONV, FW, bias_kw="use_bias", units=(0, "features"), init_kws=_INIT_KWS),
    "flax.linen.ConvTranspose": OpSpec(CONV, FW, bias_kw="use_bias", units=(0, "features"), init_kws=_INIT_KWS),
    "flax.linen.Embed": OpSpec(EMBEDDING, FW),
    "flax.linen.BatchNorm": OpSpec(NORM, FW),
    "flax.linen.LayerNorm": OpSpec(NORM, FW),
    "flax.linen.DenseGeneral": OpSpec(DENSE, FW, bias_kw="use_bias", units=(0, "features"), init_kws=("kernel_init",)),
    "flax.linen.GroupNorm": OpSpec(NORM, FW),
    "flax.linen.Dropout": pass_spec(FW),
    "flax.linen.Sequential": OpSpec(CONTAINER, FW),
    "flax.linen.max_pool": pass_spec(FW, applies=True),
    "flax.linen.avg_pool": pass_spec(FW, applies=True),
}
for _module in ("flax.linen", "jax.nn"):
    for _name, _act in {
        "relu": "relu", "relu6": "relu6", "leaky_relu": "leaky_relu", "elu": "elu", "selu": "selu",
        "celu": "celu", "gelu": "gelu", "silu": "silu", "swish": "silu", "hard_swish": "hardswish",
        "softmax": "softmax", "log_softmax": "log_softmax", "sigmoid": "sigmoid", "log_sigmoid": "logsigmoid",
        "tanh": "tanh", "softplus": "softplus", "soft_sign": "softsign", "hard_tanh": "hardtanh",
    }.items():
        NAMES[f"{_module}.{_name}"] = act_spec(FW, _act, applies=True)
NAMES["jax.numpy.tanh"] = act_spec(FW, "tanh", applies=True)
NAMES["jax.numpy.dot"] = OpSpec(DENSE, FW, applies=True)
NAMES["jax.numpy.matmul"] = OpSpec(DENSE, FW, applies=True)
NAMES["jax.numpy.clip"] = pass_spec(FW, applies=True)

BATCH_NORMS = frozenset({"flax.linen.BatchNorm"})
TRANSFORMER_MARKERS = frozenset({
    "flax.linen.LayerNorm", "flax.linen.RMSNorm", "flax.linen.MultiHeadDotProductAttention",
    "flax.linen.MultiHeadAttention", "flax.linen.SelfAttention", "flax.linen.dot_product_attention",
    "jax.nn.dot_product_attention",
})

INITIALIZERS: dict[str, OpSpec] = {}
for _module in ("flax.linen.initializers", "jax.nn.initializers"):
    for _name, _family, _std in (
        ("normal", FIXED, ((0, "stddev"),)), ("uniform", FIXED, ((0, "scale"),)),
        ("truncated_normal", FIXED, ((0, "stddev"),)), ("xavier_uniform", XAVIER, ()),
        ("xavier_normal", XAVIER, ()), ("glorot_uniform", XAVIER, ()), ("glorot_normal", XAVIER, ()),
        ("lecun_normal", SCALED, ()), ("lecun_uniform", SCALED, ()), ("he_normal", SCALED, ()),
        ("he_uniform", SCALED, ()), ("kaiming_normal", SCALED, ()), ("kaiming_uniform", SCALED, ()),
        ("variance_scaling", SCALED, ()), ("orthogonal", SCALED, ()), ("zeros", OTHER_INIT, ()),
        ("ones", OTHER_INIT, ()), ("constant", OTHER_INIT, ()),
    ):
        # flax's fixed-scale defaults: stddev / scale 1e-2
        INITIALIZERS[f"{_module}.{_name}"] = OpSpec(INIT, FW, init_family=_family, init_std=_std,
                                                    init_std_defaults=(1e-2,) if _std else ())


# -- training ---------------------------------------------------------------------------------------
LOSSES: dict[str, LossSpec] = {}
for _name, _kind in (("softmax_cross_entropy", SOFTL), ("softmax_cross_entropy_with_integer_labels", SOFTL),
                     ("sigmoid_binary_cross_entropy", SIGL), ("l2_loss", REG), ("squared_error", REG),
                     ("huber_loss", REG)):
    LOSSES[f"optax.{_name}"] = LossSpec(_kind, FW, applies=True, prediction=(0, "logits"))
    LOSSES[f"optax.losses.{_name}"] = LOSSES[f"optax.{_name}"]

OPTIMIZERS: dict[str, OptimizerSpec] = {}
for _name, _adam in (("adam", True), ("adamw", True), ("nadam", True), ("nadamw", True), ("radam", True),
                     ("adamax", True), ("amsgrad", True), ("sgd", False), ("rmsprop", False), ("adagrad", False),
                     ("lion", False), ("adadelta", False)):
    OPTIMIZERS[f"optax.{_name}"] = OptimizerSpec(FW, adam_family=_adam, lr=(0, "learning_rate"))
OPTIMIZERS["flax.optim.Adam"] = OptimizerSpec(FW, adam_family=True, lr=(0, "learning_rate"))

SCHEDULES: dict[str, ScheduleSpec] = {}
# anything with a warm-up phase is the smooth (transformer) recipe, whatever decays after it
for _name, _shape in (("exponential_decay", STEP_DECAY), ("cosine_decay_schedule", SMOOTH_DECAY),
                      ("warmup_cosine_decay_schedule", SMOOTH_DECAY), ("warmup_exponential_decay_schedule", SMOOTH_DECAY),
                      ("cosine_onecycle_schedule", SMOOTH_DECAY), ("linear_onecycle_schedule", SMOOTH_DECAY),
                      ("sgdr_schedule", SMOOTH_DECAY)):
    SCHEDULES[f"optax.{_name}"] = ScheduleSpec(FW, shape=_shape)
    SCHEDULES[f"optax.schedules.{_name}"] = SCHEDULES[f"optax.{_name}"]
for _name in ("linear_schedule", "polynomial_schedule"):
    SCHEDULES[f"optax.{_name}"] = ScheduleSpec(FW, "end_value", shape=SMOOTH_DECAY)
    SCHEDULES[f"optax.schedules.{_name}"] = SCHEDULES[f"optax.{_name}"]
SCHEDULES["optax.piecewise_constant_schedule"] = ScheduleSpec(FW, "boundaries_and_scales", shape=STEP_DECAY)
SCHEDULES["optax.schedules.piecewise_constant_schedule"] = SCHEDULES["optax.piecewise_constant_schedule"]

RECORD = FrameworkRecord(
    name=FW,
    roots=("flax", "jax", "optax"),
    prefix_rewrites=(("jax.example_libraries.", "jax."),),
    layers=NAMES, module_bases=MODULE_BASES, forward_methods=FORWARD_METHODS, batch_norms=BATCH_NORMS,
    module_apply_method="apply", transformer_markers=TRANSFORMER_MARKERS,
    product_functions=frozenset({"jax.numpy.matmul", "jax.numpy.einsum", "jax.numpy.dot"}),
    initializers=INITIALIZERS, named_variance_scaling_initializers=True,
    init_advice={"relu": "`nn.initializers.he_{dist}()`",
                 "saturating": "`nn.initializers.lecun_{dist}()` (Flax's default)"},
    losses=LOSSES, optimizers=OPTIMIZERS, schedules=SCHEDULES,
    logits_loss_advice={"softmax": "`optax.softmax_cross_entropy`", "sigmoid": "`optax.sigmoid_binary_cross_entropy`"},
    log_functions=frozenset({"jax.numpy.log"}), exp_functions=frozenset({"jax.numpy.exp"}),
    sum_functions=frozenset({"jax.numpy.sum", "jax.numpy.mean"}),
)
