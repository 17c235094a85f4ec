"""Keras names: ``keras``, ``tf.keras``, ``tensorflow.keras``, ``tf_keras`` (all canonicalised to ``keras.``)."""

from __future__ import annotations

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
    _std = ()
    if _family == FIXED:
        _std = ((0, "minval"), (1, "maxval")) if "niform" in _name else ((1, "stddev"),)
    INITIALIZERS[f"keras.initializers.{_name}"] = OpSpec(INIT, FW, init_family=_family, init_std=_std)
