"""Training-side names for every framework: losses, optimizers, LR schedules, checkpoints, data loaders."""

from __future__ import annotations

from .spec import (
    LOSS_BINARY_PROBS as BIN, LOSS_CATEGORICAL_PROBS as CAT, LOSS_LOG_PROBS as LOGP,
    LOSS_REGRESSION as REG, LOSS_SIGMOID_LOGITS as SIGL, LOSS_SOFTMAX_LOGITS as SOFTL,
    LossSpec, OptimizerSpec, ScheduleSpec,
)

# -- losses ------------------------------------------------------------------------------
LOSSES: dict[str, LossSpec] = {}
for _name, _kind in (("CrossEntropyLoss", SOFTL), ("BCEWithLogitsLoss", SIGL), ("BCELoss", BIN),
                     ("NLLLoss", LOGP), ("MSELoss", REG), ("L1Loss", REG), ("SmoothL1Loss", REG),
                     ("HuberLoss", REG)):
    LOSSES[f"torch.nn.{_name}"] = LossSpec(_kind, "torch")
for _name, _kind in (("cross_entropy", SOFTL), ("binary_cross_entropy_with_logits", SIGL),
                     ("binary_cross_entropy", BIN), ("nll_loss", LOGP), ("mse_loss", REG), ("l1_loss", REG),
                     ("smooth_l1_loss", REG), ("huber_loss", REG)):
    LOSSES[f"torch.nn.functional.{_name}"] = LossSpec(_kind, "torch", applies=True)
# keras: (target, prediction); classes are called the same way
for _name, _kind in (("CategoricalCrossentropy", CAT), ("SparseCategoricalCrossentropy", CAT),
                     ("BinaryCrossentropy", BIN), ("MeanSquaredError", REG), ("MeanAbsoluteError", REG),
                     ("Huber", REG), ("BinaryFocalCrossentropy", BIN), ("CategoricalFocalCrossentropy", CAT)):
    _logits = SOFTL if _kind == CAT else SIGL if _kind == BIN else None
    LOSSES[f"keras.losses.{_name}"] = LossSpec(_kind, "keras", prediction=(1, "y_pred"), logits_kind=_logits)
for _name, _kind in (("categorical_crossentropy", CAT), ("sparse_categorical_crossentropy", CAT),
                     ("binary_crossentropy", BIN), ("mean_squared_error", REG), ("mse", REG),
                     ("mean_absolute_error", REG), ("mae", REG), ("huber", REG)):
    _logits = SOFTL if _kind == CAT else SIGL if _kind == BIN else None
    LOSSES[f"keras.losses.{_name}"] = LossSpec(_kind, "keras", applies=True, prediction=(1, "y_pred"),
                                               logits_kind=_logits)
    LOSSES[f"keras.metrics.{_name}"] = LOSSES[f"keras.losses.{_name}"]
    LOSSES[f"keras.backend.{_name}"] = LossSpec(_kind, "keras", applies=True, prediction=(1, "output"),
                                                logits_kind=_logits)
#: loss names as strings in `compile(loss="...")`
KERAS_LOSS_STRINGS = {
    "categorical_crossentropy": CAT, "sparse_categorical_crossentropy": CAT, "binary_crossentropy": BIN,
    "mse": REG, "mean_squared_error": REG, "mae": REG, "mean_absolute_error": REG, "huber": REG,
    "huber_loss": REG, "binary_focal_crossentropy": BIN, "categorical_focal_crossentropy": CAT,
}
# TF1 / tf.nn
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
    LOSSES[f"tensorflow.{_name}"] = LossSpec(_kind, "tf1", applies=True, prediction=_pred)
# optax
for _name, _kind in (("softmax_cross_entropy", SOFTL), ("softmax_cross_entropy_with_integer_labels", SOFTL),
                     ("sigmoid_binary_cross_entropy", SIGL), ("l2_loss", REG), ("squared_error", REG),
                     ("huber_loss", REG)):
    LOSSES[f"optax.{_name}"] = LossSpec(_kind, "jax", applies=True, prediction=(0, "logits"))
    LOSSES[f"optax.losses.{_name}"] = LOSSES[f"optax.{_name}"]

#: `log` functions, for hand-written cross-entropy `-sum(y * log(p))`
LOG_FUNCTIONS = frozenset({"torch.log", "tensorflow.log", "tensorflow.math.log", "jax.numpy.log", "numpy.log",
                           "keras.ops.log", "keras.backend.log"})
EXP_FUNCTIONS = frozenset({"torch.exp", "tensorflow.exp", "tensorflow.math.exp", "jax.numpy.exp", "numpy.exp",
                           "keras.ops.exp", "keras.backend.exp"})
SUM_FUNCTIONS = frozenset({"torch.sum", "torch.mean", "tensorflow.reduce_sum", "tensorflow.reduce_mean",
                           "tensorflow.math.reduce_sum", "tensorflow.math.reduce_mean", "jax.numpy.sum",
                           "jax.numpy.mean", "numpy.sum", "numpy.mean", "keras.ops.sum", "keras.ops.mean",
                           "keras.backend.sum", "keras.backend.mean"})

# -- optimizers ----------------------------------------------------------------------------
OPTIMIZERS: dict[str, OptimizerSpec] = {}
for _name in ("Adam", "AdamW", "NAdam", "RAdam", "Adamax", "SparseAdam"):
    OPTIMIZERS[f"torch.optim.{_name}"] = OptimizerSpec("torch", adam_family=True, lr=(1, "lr"))
for _name in ("SGD", "RMSprop", "Adagrad", "Adadelta", "ASGD", "Rprop", "LBFGS"):
    OPTIMIZERS[f"torch.optim.{_name}"] = OptimizerSpec("torch", lr=(1, "lr"))
for _name, _adam in (("Adam", True), ("AdamW", True), ("Nadam", True), ("Adamax", True), ("SGD", False),
                     ("RMSprop", False), ("Adagrad", False), ("Adadelta", False), ("Ftrl", False),
                     ("Lion", False)):
    OPTIMIZERS[f"keras.optimizers.{_name}"] = OptimizerSpec("keras", adam_family=_adam, lr=(0, "learning_rate"),
                                                            lr_alias="lr")
    OPTIMIZERS[f"keras.optimizers.legacy.{_name}"] = OPTIMIZERS[f"keras.optimizers.{_name}"]
KERAS_OPTIMIZER_STRINGS = {"adam": True, "adamw": True, "nadam": True, "adamax": True, "sgd": False,
                           "rmsprop": False, "adagrad": False, "adadelta": False, "ftrl": False}
for _name, _adam, _slots in (
    ("AdamOptimizer", True, True), ("MomentumOptimizer", False, True), ("AdagradOptimizer", False, True),
    ("RMSPropOptimizer", False, True), ("AdadeltaOptimizer", False, True), ("FtrlOptimizer", False, True),
    ("GradientDescentOptimizer", False, False), ("ProximalAdagradOptimizer", False, True),
):
    OPTIMIZERS[f"tensorflow.train.{_name}"] = OptimizerSpec("tf1", adam_family=_adam, creates_slots=_slots,
                                                            lr=(0, "learning_rate"))
for _name, _adam in (("NadamOptimizer", True), ("AdaMaxOptimizer", True), ("AdamWOptimizer", True),
                     ("LazyAdamOptimizer", True)):
    OPTIMIZERS[f"tensorflow.contrib.opt.{_name}"] = OptimizerSpec("tf1", adam_family=_adam, creates_slots=True,
                                                                  lr=(0, "learning_rate"))
for _name, _adam in (("adam", True), ("adamw", True), ("nadam", True), ("nadamw", True), ("radam", True),
                     ("adamax", True), ("amsgrad", True), ("sgd", False), ("rmsprop", False), ("adagrad", False),
                     ("lion", False), ("adadelta", False)):
    OPTIMIZERS[f"optax.{_name}"] = OptimizerSpec("jax", adam_family=_adam, lr=(0, "learning_rate"))
OPTIMIZERS["flax.optim.Adam"] = OptimizerSpec("jax", adam_family=True, lr=(0, "learning_rate"))

# -- schedules --------------------------------------------------------------------------------
SCHEDULES: dict[str, ScheduleSpec] = {}
_TORCH_OPT = (0, "optimizer")
for _name in ("StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
              "PolynomialLR", "OneCycleLR", "CyclicLR"):
    SCHEDULES[f"torch.optim.lr_scheduler.{_name}"] = ScheduleSpec("torch", True, _TORCH_OPT)
SCHEDULES["torch.optim.lr_scheduler.LinearLR"] = ScheduleSpec("torch", "end_factor", _TORCH_OPT)
SCHEDULES["torch.optim.lr_scheduler.LambdaLR"] = ScheduleSpec("torch", "lr_lambda", _TORCH_OPT)
SCHEDULES["torch.optim.lr_scheduler.MultiplicativeLR"] = ScheduleSpec("torch", "lr_lambda", _TORCH_OPT)
for _name in ("ReduceLROnPlateau", "ConstantLR", "SequentialLR", "ChainedScheduler"):
    SCHEDULES[f"torch.optim.lr_scheduler.{_name}"] = ScheduleSpec("torch", False, _TORCH_OPT)
for _name in ("ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay",
              "CosineDecayRestarts"):
    SCHEDULES[f"keras.optimizers.schedules.{_name}"] = ScheduleSpec("keras")
SCHEDULES["keras.callbacks.LearningRateScheduler"] = ScheduleSpec("keras")
for _name in ("exponential_decay", "piecewise_constant", "polynomial_decay", "cosine_decay", "cosine_decay_restarts",
              "inverse_time_decay", "natural_exp_decay", "linear_cosine_decay", "noisy_linear_cosine_decay"):
    SCHEDULES[f"tensorflow.train.{_name}"] = ScheduleSpec("tf1")
for _name in ("exponential_decay", "cosine_decay_schedule", "warmup_cosine_decay_schedule",
              "warmup_exponential_decay_schedule", "cosine_onecycle_schedule", "sgdr_schedule"):
    SCHEDULES[f"optax.{_name}"] = ScheduleSpec("jax")
    SCHEDULES[f"optax.schedules.{_name}"] = SCHEDULES[f"optax.{_name}"]
for _name in ("linear_schedule", "polynomial_schedule"):
    SCHEDULES[f"optax.{_name}"] = ScheduleSpec("jax", "end_value")
    SCHEDULES[f"optax.schedules.{_name}"] = SCHEDULES[f"optax.{_name}"]
SCHEDULES["optax.piecewise_constant_schedule"] = ScheduleSpec("jax", "boundaries_and_scales")
SCHEDULES["optax.schedules.piecewise_constant_schedule"] = SCHEDULES["optax.piecewise_constant_schedule"]

# -- checkpoints, savers, loaders -----------------------------------------------------------------
TF1_SAVERS = frozenset({"tensorflow.train.Saver"})
TF_CHECKPOINTS = frozenset({"tensorflow.train.Checkpoint"})
TORCH_SAVE = frozenset({"torch.save"})
DATA_LOADERS = frozenset({"torch.utils.data.DataLoader"})
SESSION_FACTORIES = frozenset({"tensorflow.Session", "tensorflow.InteractiveSession",
                               "tensorflow.train.MonitoredTrainingSession"})
