"""Framework knowledge as data: qualified name → neutral spec, built from one record per framework.

Everything framework-specific that the analysis, the rules and the fixes need is looked up here, so a
rule can ask "is this a dense layer?" without naming torch, keras or TF. Each module (`torch`, `keras`,
`tf1`, `jax`, `arrays`) ends with a `FrameworkRecord`; the tables below are built by iterating over
`RECORDS`, so a new framework is one module and one line.
"""

from __future__ import annotations

from . import arrays, huggingface, jax, keras, tf1, torch
from .record import FrameworkRecord, merged, union
from .spec import LossSpec, OpSpec, OptimizerSpec, ScheduleSpec

RECORDS: tuple[FrameworkRecord, ...] = (torch.RECORD, keras.RECORD, tf1.RECORD, jax.RECORD, arrays.RECORD,
                                         huggingface.RECORD)

#: other spellings → canonical prefixes, longest first (so `tensorflow.keras.` wins over `tensorflow.`)
_PREFIX_REWRITES = tuple(sorted((pair for record in RECORDS for pair in record.prefix_rewrites),
                                key=lambda pair: -len(pair[0])))
_FLATTEN = tuple(prefix for record in RECORDS for prefix in record.flatten_prefixes)
#: module paths under a flattened prefix that are real sub-namespaces, not re-export paths
_NOT_FLATTENED = ("schedules", "lr_scheduler", "legacy")
_TORCH_MODULES = "torch.nn.modules."


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
            # torch.nn.modules.linear.Linear and torch.nn.modules.Linear are both torch.nn.Linear
            base = "torch.nn." if prefix == _TORCH_MODULES else prefix
            if "." in rest and not rest.startswith(_NOT_FLATTENED):
                return base + rest.rsplit(".", 1)[1]
            if prefix == _TORCH_MODULES:
                return base + rest
    return qualname


def _merged(field: str) -> dict:
    return merged(RECORDS, field)


def _union(field: str) -> frozenset:
    return union(RECORDS, field)


LAYERS: dict[str, OpSpec] = _merged("layers")
INITIALIZERS: dict[str, OpSpec] = _merged("initializers")
RANDOM_TENSORS: dict[str, OpSpec] = _merged("random_tensors")
TENSOR_INIT_METHODS: dict[str, OpSpec] = _merged("tensor_init_methods")
TENSOR_ACTIVATIONS: dict[str, str] = _merged("tensor_activations")
ACTIVATION_STRINGS: dict[str, str | None] = _merged("activation_strings")
INITIALIZER_STRINGS: dict[str, str] = _merged("initializer_strings")
INITIALIZER_STRING_SCALES: dict[str, float] = _merged("initializer_string_scales")
LOSSES: dict[str, LossSpec] = _merged("losses")
#: the last components of the losses' names: a file that spells none of them holds no framework loss
LOSS_LEAVES = frozenset(name.rsplit(".", 1)[-1] for name in LOSSES)
LOSS_STRINGS: dict[str, str] = _merged("loss_strings")
OPTIMIZERS: dict[str, OptimizerSpec] = _merged("optimizers")
OPTIMIZER_STRINGS: dict[str, bool] = _merged("optimizer_strings")
SCHEDULES: dict[str, ScheduleSpec] = _merged("schedules")
DECAYING_SCHEDULER_NAMES = _union("decaying_scheduler_names")
TENSOR_PASS_METHODS = _union("tensor_pass_methods")
VARIABLE_FACTORIES = _union("variable_factories")
MODULE_BASES = _union("module_bases")
BATCH_NORMS = _union("batch_norms")
TRANSFORMER_MARKERS = _union("transformer_markers")
PRODUCT_FUNCTIONS = _union("product_functions")
ADD_FUNCTIONS = _union("add_functions")
LOG_FUNCTIONS = _union("log_functions")
EXP_FUNCTIONS = _union("exp_functions")
SUM_FUNCTIONS = _union("sum_functions")
SAVERS = _union("savers")
CHECKPOINTS = _union("checkpoints")
MODEL_SAVERS = _union("model_savers")
MODEL_LOADERS = _union("model_loaders")
CHECKPOINT_CALLBACKS = _union("checkpoint_callbacks")
CHECKPOINT_MANAGERS = _union("checkpoint_managers")
DATA_LOADERS = _union("data_loaders")
SESSION_FACTORIES = _union("session_factories")
MODULE_APPLY_METHODS = frozenset(record.module_apply_method for record in RECORDS if record.module_apply_method)
FORWARD_METHODS: tuple[str, ...] = tuple(dict.fromkeys(m for record in RECORDS for m in record.forward_methods))

_BY_ROOT: dict[str, FrameworkRecord] = {root: record for record in RECORDS for root in record.roots}
#: first components of qualified names that belong to a deep-learning framework
#: (as imported, before canonicalisation: `tf_keras`, `tensorflow`, …)
FRAMEWORK_ROOTS = frozenset(
    [root for record in RECORDS if record.is_framework for root in record.roots]
    + [old.split(".", 1)[0] for record in RECORDS if record.is_framework for old, _ in record.prefix_rewrites]
)
#: byte patterns whose absence proves a file imports no framework (the pre-parse filter): the roots, less
#: those that contain another root (a file saying `pytorch_lightning` also says `lightning`)
PREFILTER_TOKENS = tuple(sorted(root.encode() for root in FRAMEWORK_ROOTS
                                if not any(other != root and other in root for other in FRAMEWORK_ROOTS)))

#: the keyword saying a loss receives logits, and the packages Keras names can be spelled from
FROM_LOGITS_KEYWORD = "from_logits"
KERAS_IMPORT_ROOTS = keras.IMPORT_ROOTS


def record_of(qualname: str | None) -> FrameworkRecord | None:
    """The record of the framework a (canonical) qualified name belongs to."""
    return _BY_ROOT.get(qualname.split(".", 1)[0]) if qualname else None


def framework_of(qualname: str) -> str | None:
    record = record_of(qualname)
    return record.name if record is not None and record.is_framework else None


def layer_spec(qualname: str | None) -> OpSpec | None:
    return LAYERS.get(qualname) if qualname else None


def init_spec(qualname: str | None) -> OpSpec | None:
    return INITIALIZERS.get(qualname) if qualname else None


def loss_spec(qualname: str | None) -> LossSpec | None:
    return LOSSES.get(qualname) if qualname else None


def optimizer_spec(qualname: str | None) -> OptimizerSpec | None:
    return OPTIMIZERS.get(qualname) if qualname else None


def schedule_spec(qualname: str | None) -> ScheduleSpec | None:
    return SCHEDULES.get(qualname) if qualname else None


def record_named(name: str | None) -> FrameworkRecord | None:
    return next((record for record in RECORDS if record.name == name), None)


def spec_record(spec) -> FrameworkRecord | None:
    """The record a spec came from (specs carry their framework's name)."""
    return record_named(getattr(spec, "framework", None))
