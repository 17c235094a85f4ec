"""PyTorch names (``torch.nn``, ``torch.nn.functional``, ``torch.nn.init``)."""

from __future__ import annotations

from .record import FrameworkRecord
from .spec import (
    LOSS_BINARY_PROBS as BIN, LOSS_LOG_PROBS as LOGP,
    LOSS_REGRESSION as REG, LOSS_SIGMOID_LOGITS as SIGL, LOSS_SOFTMAX_LOGITS as SOFTL,
    SMOOTH_DECAY, STEP_DECAY, LossSpec, OptimizerSpec, ScheduleSpec,
)
from .spec import (
    ATTENTION, CONTAINER, CONV, DENSE, EMBEDDING, FIXED, INIT, LIST, NORM, OTHER_INIT, RECURRENT, SCALED, XAVIER, OpSpec, act_spec, pass_spec,
)

FW = "torch"

#: base classes whose subclasses are models/blocks with a ``forward``
MODULE_BASES = frozenset({
    "torch.nn.Module",
    # PyTorch Lightning modules are nn.Modules with forward() and configure_optimizers()
    "pytorch_lightning.LightningModule", "lightning.pytorch.LightningModule", "lightning.LightningModule",
    "pytorch_lightning.core.LightningModule", "pytorch_lightning.core.module.LightningModule",
})
FORWARD_METHODS = ("forward",)

_ACTIVATION_LAYERS = {
    "ReLU": "relu", "ReLU6": "relu6", "LeakyReLU": "leaky_relu", "PReLU": "prelu", "RReLU": "leaky_relu",
    "ELU": "elu", "SELU": "selu", "CELU": "celu", "GELU": "gelu", "SiLU": "silu", "Mish": "mish",
    "Hardswish": "hardswish", "Softmax": "softmax", "Softmax2d": "softmax", "LogSoftmax": "log_softmax",
    "Sigmoid": "sigmoid", "LogSigmoid": "logsigmoid", "Tanh": "tanh", "Softplus": "softplus",
    "Hardtanh": "hardtanh", "Softsign": "softsign", "Hardsigmoid": "hardsigmoid",
}
_ACTIVATION_FUNCTIONS = {
    "relu": "relu", "relu_": "relu", "relu6": "relu6", "leaky_relu": "leaky_relu", "leaky_relu_": "leaky_relu",
    "prelu": "prelu", "rrelu": "leaky_relu", "elu": "elu", "elu_": "elu", "selu": "selu", "celu": "celu",
    "gelu": "gelu", "silu": "silu", "mish": "mish", "hardswish": "hardswish", "softmax": "softmax",
    "log_softmax": "log_softmax", "sigmoid": "sigmoid", "logsigmoid": "logsigmoid", "tanh": "tanh",
    "softplus": "softplus", "hardtanh": "hardtanh", "softsign": "softsign", "hardsigmoid": "hardsigmoid",
}
#: tensor methods (``x.relu()``) and what they are
TENSOR_METHODS = {
    "relu": "relu", "relu_": "relu", "sigmoid": "sigmoid", "sigmoid_": "sigmoid", "tanh": "tanh",
    "tanh_": "tanh", "softmax": "softmax", "log_softmax": "log_softmax",
}
#: tensor methods that only move or reshape values
PASS_METHODS = frozenset({
    "view", "reshape", "flatten", "squeeze", "unsqueeze", "contiguous", "permute", "transpose", "float",
    "double", "half", "to", "cpu", "cuda", "view_as", "reshape_as", "expand", "mean", "detach", "clone",
    "masked_fill", "masked_fill_",
})

_DROPOUT_AND_SHAPES = (
    "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "Flatten",
    "Unflatten", "Identity", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d", "PixelShuffle",
    "PixelUnshuffle", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ReflectionPad2d", "ReplicationPad2d",
    "ConstantPad2d", "ChannelShuffle",
)
_NORMS = (
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
    "SyncBatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d",
    "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d",
)
_BATCH_NORMS = frozenset(n for n in _NORMS if "BatchNorm" in n)

_LINEAR = OpSpec(DENSE, FW, bias_kw="bias", units=(1, "out_features"))
_LAZY_LINEAR = OpSpec(DENSE, FW, bias_kw="bias", units=(0, "out_features"))
_CONV = OpSpec(CONV, FW, bias_kw="bias", units=(1, "out_channels"))
_LAZY_CONV = OpSpec(CONV, FW, bias_kw="bias", units=(0, "out_channels"))

NAMES: dict[str, OpSpec] = {
    "torch.nn.Linear": _LINEAR,
    "torch.nn.LazyLinear": _LAZY_LINEAR,
    "torch.nn.Bilinear": OpSpec(DENSE, FW, bias_kw="bias", units=(2, "out_features")),
    "torch.nn.Embedding": OpSpec(EMBEDDING, FW),
    "torch.nn.EmbeddingBag": OpSpec(EMBEDDING, FW),
    "torch.nn.LSTM": OpSpec(RECURRENT, FW), "torch.nn.GRU": OpSpec(RECURRENT, FW), "torch.nn.RNN": OpSpec(RECURRENT, FW),
    "torch.nn.LSTMCell": OpSpec(RECURRENT, FW), "torch.nn.GRUCell": OpSpec(RECURRENT, FW),
    "torch.nn.RNNCell": OpSpec(RECURRENT, FW),
    "torch.nn.MultiheadAttention": OpSpec(ATTENTION, FW),
    "torch.nn.TransformerEncoderLayer": OpSpec(ATTENTION, FW),
    "torch.nn.TransformerDecoderLayer": OpSpec(ATTENTION, FW),
    "torch.nn.TransformerEncoder": OpSpec(ATTENTION, FW),
    "torch.nn.Transformer": OpSpec(ATTENTION, FW),
    "torch.nn.Sequential": OpSpec(CONTAINER, FW),
    "torch.nn.ModuleList": OpSpec(LIST, FW),
    "torch.nn.ModuleDict": OpSpec(LIST, FW),
    "torch.flatten": pass_spec(FW, applies=True),
    "torch.reshape": pass_spec(FW, applies=True),
    "torch.squeeze": pass_spec(FW, applies=True),
    "torch.nn.functional.dropout": pass_spec(FW, applies=True),
    "torch.nn.functional.dropout2d": pass_spec(FW, applies=True),
    "torch.nn.functional.max_pool2d": pass_spec(FW, applies=True),
    "torch.nn.functional.avg_pool2d": pass_spec(FW, applies=True),
    "torch.nn.functional.adaptive_avg_pool2d": pass_spec(FW, applies=True),
    "torch.nn.functional.max_pool1d": pass_spec(FW, applies=True),
    "torch.nn.functional.interpolate": pass_spec(FW, applies=True),
    "torch.nn.functional.linear": OpSpec(DENSE, FW, applies=True),
    "torch.matmul": OpSpec(DENSE, FW, applies=True),
    "torch.mm": OpSpec(DENSE, FW, applies=True),
    "torch.clamp": pass_spec(FW, applies=True),
    "torch.clip": pass_spec(FW, applies=True),
    "torch.nn.functional.conv2d": OpSpec(CONV, FW, applies=True),
    "torch.nn.functional.batch_norm": OpSpec(NORM, FW, applies=True),
    "torch.nn.functional.layer_norm": OpSpec(NORM, FW, applies=True),
    "torch.nn.functional.group_norm": OpSpec(NORM, FW, applies=True),
    "torch.nn.functional.instance_norm": OpSpec(NORM, FW, applies=True),
}
for _dim in ("1d", "2d", "3d"):
    NAMES[f"torch.nn.Conv{_dim}"] = _CONV
    NAMES[f"torch.nn.ConvTranspose{_dim}"] = _CONV
    NAMES[f"torch.nn.LazyConv{_dim}"] = _LAZY_CONV
    NAMES[f"torch.nn.LazyConvTranspose{_dim}"] = _LAZY_CONV
for _name in _NORMS:
    NAMES[f"torch.nn.{_name}"] = OpSpec(NORM, FW)
for _name in _DROPOUT_AND_SHAPES:
    NAMES[f"torch.nn.{_name}"] = pass_spec(FW)
for _name, _act in _ACTIVATION_LAYERS.items():
    NAMES[f"torch.nn.{_name}"] = act_spec(FW, _act)
for _name, _act in _ACTIVATION_FUNCTIONS.items():
    NAMES[f"torch.nn.functional.{_name}"] = act_spec(FW, _act, applies=True)
for _name in ("relu", "relu_", "sigmoid", "tanh", "softmax", "log_softmax", "selu", "celu", "prelu", "rrelu"):
    NAMES[f"torch.{_name}"] = act_spec(FW, _ACTIVATION_FUNCTIONS[_name], applies=True)
NAMES["torch.special.expit"] = act_spec(FW, "sigmoid", applies=True)
NAMES["torch.special.softmax"] = act_spec(FW, "softmax", applies=True)
NAMES["torch.special.log_softmax"] = act_spec(FW, "log_softmax", applies=True)

BATCH_NORMS = frozenset(f"torch.nn.{n}" for n in _BATCH_NORMS)
#: layer/RMS norms and attention: a network holding one is transformer-style (NN202/NN303)
TRANSFORMER_MARKERS = frozenset({
    "torch.nn.LayerNorm", "torch.nn.RMSNorm", "torch.nn.functional.layer_norm", "torch.nn.functional.rms_norm",
    "torch.nn.MultiheadAttention", "torch.nn.functional.scaled_dot_product_attention",
    "torch.nn.functional.multi_head_attention_forward", "torch.nn.Transformer", "torch.nn.TransformerEncoder",
    "torch.nn.TransformerEncoderLayer", "torch.nn.TransformerDecoder", "torch.nn.TransformerDecoderLayer",
})

# torch.nn.init: the tensor is the first argument; (position, keyword) of the std / range bounds.
_STD = ((2, "std"),)
_RANGE = ((1, "a"), (2, "b"))
#: torch.nn.init's defaults: std=1, a=0, b=1
_DEFAULTS = {_STD: (1.0,), _RANGE: (0.0, 1.0)}
INITIALIZERS: dict[str, OpSpec] = {}
for _name, _family, _std in (
    ("xavier_uniform_", XAVIER, ()), ("xavier_normal_", XAVIER, ()), ("xavier_uniform", XAVIER, ()),
    ("xavier_normal", XAVIER, ()), ("normal_", FIXED, _STD), ("normal", FIXED, _STD),
    ("uniform_", FIXED, _RANGE), ("uniform", FIXED, _RANGE), ("trunc_normal_", FIXED, _STD),
    ("kaiming_uniform_", SCALED, ()), ("kaiming_normal_", SCALED, ()), ("kaiming_uniform", SCALED, ()),
    ("kaiming_normal", SCALED, ()), ("orthogonal_", SCALED, ()), ("orthogonal", SCALED, ()),
    ("sparse_", SCALED, ()), ("constant_", OTHER_INIT, ()), ("zeros_", OTHER_INIT, ()),
    ("ones_", OTHER_INIT, ()), ("eye_", OTHER_INIT, ()), ("dirac_", OTHER_INIT, ()),
):
    INITIALIZERS[f"torch.nn.init.{_name}"] = OpSpec(
        INIT, FW, init_family=_family, init_std=_std, init_target_pos=0, init_std_defaults=_DEFAULTS.get(_std, ())
    )
# timm's re-export is the same function
INITIALIZERS["timm.layers.trunc_normal_"] = INITIALIZERS["torch.nn.init.trunc_normal_"]
INITIALIZERS["timm.models.layers.trunc_normal_"] = INITIALIZERS["torch.nn.init.trunc_normal_"]

#: in-place tensor methods that initialise (``m.weight.data.normal_(0, 0.02)``): std/range positions
TENSOR_INIT_METHODS: dict[str, OpSpec] = {
    "normal_": OpSpec(INIT, FW, init_family=FIXED, init_std=((1, "std"),), init_std_defaults=(1.0,)),
    "uniform_": OpSpec(INIT, FW, init_family=FIXED, init_std=((0, "from"), (1, "to")), init_std_defaults=(0.0, 1.0)),
}


# -- training ---------------------------------------------------------------------------------------
LOSSES: dict[str, LossSpec] = {}
for _name, _kind in (("CrossEntropyLoss", SOFTL), ("BCEWithLogitsLoss", SIGL), ("BCELoss", BIN),
                     ("NLLLoss", LOGP), ("MSELoss", REG), ("L1Loss", REG), ("SmoothL1Loss", REG),
                     ("HuberLoss", REG)):
    LOSSES[f"torch.nn.{_name}"] = LossSpec(_kind, FW)
for _name, _kind in (("cross_entropy", SOFTL), ("binary_cross_entropy_with_logits", SIGL),
                     ("binary_cross_entropy", BIN), ("nll_loss", LOGP), ("mse_loss", REG), ("l1_loss", REG),
                     ("smooth_l1_loss", REG), ("huber_loss", REG)):
    LOSSES[f"torch.nn.functional.{_name}"] = LossSpec(_kind, FW, applies=True)

OPTIMIZERS: dict[str, OptimizerSpec] = {}
for _name in ("Adam", "AdamW", "NAdam", "RAdam", "Adamax", "SparseAdam"):
    OPTIMIZERS[f"torch.optim.{_name}"] = OptimizerSpec(FW, adam_family=True, lr=(1, "lr"))
for _name in ("SGD", "RMSprop", "Adagrad", "Adadelta", "ASGD", "Rprop", "LBFGS"):
    OPTIMIZERS[f"torch.optim.{_name}"] = OptimizerSpec(FW, lr=(1, "lr"))

SCHEDULES: dict[str, ScheduleSpec] = {}
_OPTIMIZER_ARG = (0, "optimizer")
for _name in ("StepLR", "MultiStepLR", "ExponentialLR"):
    SCHEDULES[f"torch.optim.lr_scheduler.{_name}"] = ScheduleSpec(FW, True, _OPTIMIZER_ARG, STEP_DECAY)
for _name in ("CosineAnnealingLR", "CosineAnnealingWarmRestarts", "PolynomialLR", "OneCycleLR"):
    SCHEDULES[f"torch.optim.lr_scheduler.{_name}"] = ScheduleSpec(FW, True, _OPTIMIZER_ARG, SMOOTH_DECAY)
SCHEDULES["torch.optim.lr_scheduler.LinearLR"] = ScheduleSpec(FW, "end_factor", _OPTIMIZER_ARG, SMOOTH_DECAY)
SCHEDULES["torch.optim.lr_scheduler.LambdaLR"] = ScheduleSpec(FW, "lr_lambda", _OPTIMIZER_ARG)
SCHEDULES["torch.optim.lr_scheduler.MultiplicativeLR"] = ScheduleSpec(FW, "lr_factor", _OPTIMIZER_ARG)
# a SequentialLR's members are schedulers built on their own: each is judged where it is built
for _name in ("ReduceLROnPlateau", "ConstantLR", "SequentialLR", "ChainedScheduler", "CyclicLR"):
    SCHEDULES[f"torch.optim.lr_scheduler.{_name}"] = ScheduleSpec(FW, False, _OPTIMIZER_ARG)
# timm's schedulers take the optimizer first too
for _module in ("timm.scheduler", "timm.scheduler.scheduler_factory"):
    for _name, _shape in (("CosineLRScheduler", SMOOTH_DECAY), ("PolyLRScheduler", SMOOTH_DECAY),
                          ("TanhLRScheduler", SMOOTH_DECAY), ("StepLRScheduler", STEP_DECAY),
                          ("MultiStepLRScheduler", STEP_DECAY)):
        SCHEDULES[f"{_module}.{_name}"] = ScheduleSpec(FW, True, _OPTIMIZER_ARG, _shape)
    SCHEDULES[f"{_module}.PlateauLRScheduler"] = ScheduleSpec(FW, False, _OPTIMIZER_ARG)

RECORD = FrameworkRecord(
    name=FW,
    roots=("torch", "timm", "pytorch_lightning", "lightning"),
    prefix_rewrites=(("torch.nn.modules.", "torch.nn.modules."),),
    flatten_prefixes=("torch.nn.modules.", "torch.optim."),
    layers=NAMES, module_bases=MODULE_BASES, forward_methods=FORWARD_METHODS, batch_norms=BATCH_NORMS,
    tensor_activations=TENSOR_METHODS, tensor_pass_methods=PASS_METHODS, softmax_class_axis=1,
    transformer_markers=TRANSFORMER_MARKERS,
    add_functions=frozenset({"torch.add"}),
    product_functions=frozenset({"torch.matmul", "torch.bmm", "torch.mm", "torch.einsum"}),
    initializers=INITIALIZERS, tensor_init_methods=TENSOR_INIT_METHODS,
    init_advice={"relu": '`nn.init.kaiming_{dist}_(w, nonlinearity="{act}")`',
                 "saturating": '`nn.init.kaiming_{dist}_(w, nonlinearity="{act}")`'},
    losses=LOSSES, optimizers=OPTIMIZERS, schedules=SCHEDULES,
    logits_loss_advice={"softmax": "`F.cross_entropy`", "sigmoid": "`F.binary_cross_entropy_with_logits`"},
    log_functions=frozenset({"torch.log"}), exp_functions=frozenset({"torch.exp"}),
    sum_functions=frozenset({"torch.sum", "torch.mean"}),
    model_savers=frozenset({"torch.save"}), model_loaders=frozenset({"torch.load"}), data_loaders=frozenset({"torch.utils.data.DataLoader"}),
)
