"""Keras names: ``keras``, ``tf.keras``, ``tensorflow.keras``, ``tf_keras`` (all canonicalised to ``keras.``)."""

from __future__ import annotations

from .record import FrameworkRecord
from .spec import (
    LOSS_BINARY_PROBS as BIN, LOSS_CATEGORICAL_PROBS as CAT, 
    LOSS_REGRESSION as REG, LOSS_SIGMOID_LOGITS as SIGL, LOSS_SOFTMAX_LOGITS as SOFTL,
    SMOOTH_DECAY, STEP_DECAY, LossSpec, OptimizerSpec, ScheduleSpec,
)
from .spec import (
    ATTENTION, CONTAINER, CONV, DENSE, EMBEDDING, FIXED, INIT, INPUT, MODEL, NORM, OTHER_INIT, RECURRENT, SCALED, XAVIER, OpSpec, act_spec, pass_spec,
)

FW = "keras"

MODULE_BASES = frozenset({"keras.Model", "keras.layers.Layer", "keras.models.Model", "keras.Layer"})
FORWARD_METHODS = ("call",)

_INIT_KWS = ("kernel_initializer", "init")
_DENSE = OpSpec(
    DENSE, FW, bias_kw="use_bias", units=(0, "units"), act_kw="activation", act_pos=1, init_kws=_INIT_KWS
)
_CONV = OpSpec(
    CONV, FW, bias_kw="use_bias", units=(0, "filters"), act_kw="activation", init_kws=_INIT_KWS
)
_SEPARABLE = OpSpec(
    CONV, FW, bias_kw="use_bias", units=(0, "filters"), act_kw="activation",
    init_kws=("depthwise_initializer", "pointwise_initializer"),
)

#: keras activation names (strings, ``keras.activations.*``) → canonical activation
ACTIVATION_NAMES = {
    "relu": "relu", "relu6": "relu6", "leaky_relu": "leaky_relu", "elu": "elu", "selu": "selu",
    "gelu": "gelu", "silu": "silu", "swish": "silu", "mish": "mish", "hard_swish": "hardswish",
    "hard_silu": "hardswish", "softmax": "softmax", "log_softmax": "log_softmax", "sigmoid": "sigmoid",
    "tanh": "tanh", "softplus": "softplus", "softsign": "softsign", "hard_sigmoid": "hardsigmoid",
    "linear": None, "exponential": None, "celu": "celu",
}
_ACTIVATION_LAYERS = {
    "ReLU": "relu", "LeakyReLU": "leaky_relu", "PReLU": "prelu", "ELU": "elu",
    "ThresholdedReLU": "thresholded_relu", "Softmax": "softmax",
}
_PASS_LAYERS = (
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianDropout",
    "GaussianNoise", "Flatten", "Reshape", "Permute", "Identity", "MaxPooling1D", "MaxPooling2D",
    "MaxPooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "GlobalMaxPooling3D", "GlobalAvgPool2D", "GlobalMaxPool2D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D", "UpSampling3D",
    "RepeatVector", "ActivityRegularization",
)
_NORMS = ("BatchNormalization", "LayerNormalization", "GroupNormalization", "SyncBatchNormalization")

NAMES: dict[str, OpSpec] = {
    "keras.layers.Dense": _DENSE,
    "keras.layers.Embedding": OpSpec(EMBEDDING, FW),
    "keras.layers.LSTM": OpSpec(RECURRENT, FW), "keras.layers.GRU": OpSpec(RECURRENT, FW),
    "keras.layers.SimpleRNN": OpSpec(RECURRENT, FW), "keras.layers.Bidirectional": OpSpec(RECURRENT, FW),
    "keras.layers.MultiHeadAttention": OpSpec(ATTENTION, FW), "keras.layers.Attention": OpSpec(ATTENTION, FW),
    "keras.layers.DepthwiseConv2D": OpSpec(CONV, FW, bias_kw="use_bias", act_kw="activation"),
    "keras.layers.SeparableConv1D": _SEPARABLE, "keras.layers.SeparableConv2D": _SEPARABLE,
    "keras.layers.Activation": OpSpec("act", FW, act_kw="activation", act_pos=0),
    "keras.Sequential": OpSpec(CONTAINER, FW), "keras.models.Sequential": OpSpec(CONTAINER, FW),
    "keras.Model": OpSpec(MODEL, FW), "keras.models.Model": OpSpec(MODEL, FW),
    "keras.Input": OpSpec(INPUT, FW), "keras.layers.Input": OpSpec(INPUT, FW),
    "keras.layers.InputLayer": pass_spec(FW),
}
for _d in ("1D", "2D", "3D"):
    for _stem in ("Conv", "Convolution", "Conv{}Transpose", "Convolution{}Transpose"):
        _name = _stem.format(_d) if "{}" in _stem else _stem + _d
        NAMES[f"keras.layers.{_name}"] = _CONV
for _name in _NORMS:
    NAMES[f"keras.layers.{_name}"] = OpSpec(NORM, FW)
for _name in _PASS_LAYERS:
    NAMES[f"keras.layers.{_name}"] = pass_spec(FW)
for _name, _act in _ACTIVATION_LAYERS.items():
    NAMES[f"keras.layers.{_name}"] = act_spec(FW, _act)
for _name, _act in ACTIVATION_NAMES.items():
    if _act:
        NAMES[f"keras.activations.{_name}"] = act_spec(FW, _act, applies=True)
        NAMES[f"keras.ops.{_name}"] = act_spec(FW, _act, applies=True)

BATCH_NORMS = frozenset({"keras.layers.BatchNormalization", "keras.layers.SyncBatchNormalization"})
TRANSFORMER_MARKERS = frozenset({"keras.layers.LayerNormalization", "keras.layers.RMSNormalization",
                                 "keras.layers.MultiHeadAttention", "keras.layers.Attention"})

#: initialiser names as strings (``kernel_initializer="glorot_uniform"``)
INIT_STRINGS = {
    "glorot_uniform": XAVIER, "glorot_normal": XAVIER, "random_normal": FIXED, "random_uniform": FIXED,
    "truncated_normal": FIXED, "normal": FIXED, "uniform": FIXED, "he_normal": SCALED, "he_uniform": SCALED,
    "lecun_normal": SCALED, "lecun_uniform": SCALED, "variance_scaling": SCALED, "orthogonal": SCALED,
    "zeros": OTHER_INIT, "ones": OTHER_INIT, "constant": OTHER_INIT, "identity": OTHER_INIT, "zero": OTHER_INIT,
}
INITIALIZERS: dict[str, OpSpec] = {}
for _name, _family in (
    ("GlorotUniform", XAVIER), ("GlorotNormal", XAVIER), ("glorot_uniform", XAVIER), ("glorot_normal", XAVIER),
    ("RandomNormal", FIXED), ("RandomUniform", FIXED), ("TruncatedNormal", FIXED), ("random_normal", FIXED),
    ("random_uniform", FIXED), ("truncated_normal", FIXED), ("HeNormal", SCALED), ("HeUniform", SCALED),
    ("he_normal", SCALED), ("he_uniform", SCALED), ("LecunNormal", SCALED), ("LecunUniform", SCALED),
    ("lecun_normal", SCALED), ("lecun_uniform", SCALED), ("VarianceScaling", SCALED), ("Orthogonal", SCALED),
    ("orthogonal", SCALED), ("Zeros", OTHER_INIT), ("Ones", OTHER_INIT), ("Constant", OTHER_INIT),
    ("Identity", OTHER_INIT),
):
    _std, _defaults = (), ()
    if _family == FIXED:  # Keras's defaults: stddev 0.05, range ±0.05
        _uniform = "niform" in _name
        _std = ((0, "minval"), (1, "maxval")) if _uniform else ((1, "stddev"),)
        _defaults = (-0.05, 0.05) if _uniform else (0.05,)
    INITIALIZERS[f"keras.initializers.{_name}"] = OpSpec(INIT, FW, init_family=_family, init_std=_std,
                                                         init_std_defaults=_defaults)
#: a fixed-scale initialiser named by a string is the class at its defaults
INIT_STRING_SCALES = {name: 0.05 for name, family in INIT_STRINGS.items() if family == FIXED}


# -- training ---------------------------------------------------------------------------------------
LOSSES: dict[str, LossSpec] = {}
# (target, prediction); classes are called the same way
for _name, _kind in (("CategoricalCrossentropy", CAT), ("SparseCategoricalCrossentropy", CAT),
                     ("BinaryCrossentropy", BIN), ("MeanSquaredError", REG), ("MeanAbsoluteError", REG),
                     ("Huber", REG), ("BinaryFocalCrossentropy", BIN), ("CategoricalFocalCrossentropy", CAT)):
    _logits = SOFTL if _kind == CAT else SIGL if _kind == BIN else None
    LOSSES[f"keras.losses.{_name}"] = LossSpec(_kind, FW, prediction=(1, "y_pred"), logits_kind=_logits)
for _name, _kind in (("categorical_crossentropy", CAT), ("sparse_categorical_crossentropy", CAT),
                     ("binary_crossentropy", BIN), ("mean_squared_error", REG), ("mse", REG),
                     ("mean_absolute_error", REG), ("mae", REG), ("huber", REG)):
    _logits = SOFTL if _kind == CAT else SIGL if _kind == BIN else None
    LOSSES[f"keras.losses.{_name}"] = LossSpec(_kind, FW, applies=True, prediction=(1, "y_pred"),
                                               logits_kind=_logits)
    LOSSES[f"keras.metrics.{_name}"] = LOSSES[f"keras.losses.{_name}"]
    LOSSES[f"keras.backend.{_name}"] = LossSpec(_kind, FW, applies=True, prediction=(1, "output"),
                                                logits_kind=_logits)
#: loss names as strings in `compile(loss="...")`
LOSS_STRINGS = {
    "categorical_crossentropy": CAT, "sparse_categorical_crossentropy": CAT, "binary_crossentropy": BIN,
    "mse": REG, "mean_squared_error": REG, "mae": REG, "mean_absolute_error": REG, "huber": REG,
    "huber_loss": REG, "binary_focal_crossentropy": BIN, "categorical_focal_crossentropy": CAT,
}

OPTIMIZERS: dict[str, OptimizerSpec] = {}
for _name, _adam in (("Adam", True), ("AdamW", True), ("Nadam", True), ("Adamax", True), ("SGD", False),
                     ("RMSprop", False), ("Adagrad", False), ("Adadelta", False), ("Ftrl", False),
                     ("Lion", False)):
    OPTIMIZERS[f"keras.optimizers.{_name}"] = OptimizerSpec(FW, adam_family=_adam, lr=(0, "learning_rate"),
                                                            lr_alias="lr")
    OPTIMIZERS[f"keras.optimizers.legacy.{_name}"] = OPTIMIZERS[f"keras.optimizers.{_name}"]
OPTIMIZER_STRINGS = {"adam": True, "adamw": True, "nadam": True, "adamax": True, "sgd": False,
                     "rmsprop": False, "adagrad": False, "adadelta": False, "ftrl": False}

SCHEDULES: dict[str, ScheduleSpec] = {}
for _name, _shape in (("ExponentialDecay", STEP_DECAY), ("PiecewiseConstantDecay", STEP_DECAY),
                      ("InverseTimeDecay", STEP_DECAY), ("PolynomialDecay", SMOOTH_DECAY),
                      ("CosineDecay", SMOOTH_DECAY), ("CosineDecayRestarts", SMOOTH_DECAY)):
    SCHEDULES[f"keras.optimizers.schedules.{_name}"] = ScheduleSpec(FW, shape=_shape)
# a callback whose function decides; it drives the optimizer of the model it is given to (`fit(callbacks=[...])`)
SCHEDULES["keras.callbacks.LearningRateScheduler"] = ScheduleSpec(FW, "schedule_function")

#: the packages Keras is imported from, for spelling a Keras name with the module's own imports
IMPORT_ROOTS = ("tensorflow.keras", "keras", "tf_keras")

RECORD = FrameworkRecord(
    name=FW,
    roots=("keras",),
    # TensorFlow's copies of Keras, and Keras's private re-export paths, all mean `keras.`
    prefix_rewrites=(
        ("tensorflow.compat.v1.keras.", "keras."), ("tensorflow.compat.v2.keras.", "keras."),
        ("tensorflow.python.keras.", "keras."), ("tensorflow.contrib.keras.", "keras."),
        ("tensorflow.keras.", "keras."), ("tf_keras.", "keras."), ("keras.src.", "keras."),
        ("keras.api.", "keras."), ("keras._tf_keras.keras.", "keras."),
        ("tensorflow.optimizers.", "keras.optimizers."),  # TF2's top-level alias of keras.optimizers
    ),
    flatten_prefixes=("keras.layers.", "keras.initializers.", "keras.activations.", "keras.losses.",
                      "keras.optimizers.", "keras.callbacks."),
    layers=NAMES, module_bases=MODULE_BASES, forward_methods=FORWARD_METHODS, batch_norms=BATCH_NORMS,
    activation_strings=ACTIVATION_NAMES, sequential_takes_list=True, transformer_markers=TRANSFORMER_MARKERS,
    product_functions=frozenset({"keras.ops.matmul", "keras.ops.einsum", "keras.backend.batch_dot", "keras.backend.dot"}),
    initializers=INITIALIZERS, initializer_strings=INIT_STRINGS, initializer_string_scales=INIT_STRING_SCALES, default_kernel_initializer="glorot_uniform",
    named_variance_scaling_initializers=True, initializers_take_seed=True,
    init_advice={"relu": '`keras.initializers.He{Dist}()` (or `"he_{dist}"`)',
                 "saturating": '`keras.initializers.Glorot{Dist}()` (or `"glorot_{dist}"`)'},
    losses=LOSSES, loss_strings=LOSS_STRINGS, losses_take_from_logits=True,
    logits_loss_advice={"softmax": "a Keras cross-entropy with `from_logits=True`",
                        "sigmoid": "`keras.losses.BinaryCrossentropy(from_logits=True)`"},
    checkpoint_callbacks=frozenset({"keras.callbacks.ModelCheckpoint"}),
    model_loaders=frozenset({"keras.models.load_model", "keras.saving.load_model"}),
    optimizers=OPTIMIZERS, optimizer_strings=OPTIMIZER_STRINGS, schedules=SCHEDULES,
    log_functions=frozenset({"keras.ops.log", "keras.backend.log"}),
    exp_functions=frozenset({"keras.ops.exp", "keras.backend.exp"}),
    sum_functions=frozenset({"keras.ops.sum", "keras.ops.mean", "keras.backend.sum", "keras.backend.mean"}),
)
