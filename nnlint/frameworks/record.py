"""`FrameworkRecord`: everything nnlint knows about one framework or library, as data.

Each module of `nnlint.frameworks` (torch, keras, tf1, jax, …) ends with one `RECORD`; the package builds
its lookup tables by iterating over the records, so supporting another framework is one new module and
one line in `RECORDS`. Behaviour that differs between frameworks is a field here (a flag or a name), never
a branch on a framework's name in the analysis, the rules or the fixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .spec import LossSpec, OpSpec, OptimizerSpec, ScheduleSpec


@dataclass(frozen=True)
class FrameworkRecord:
    #: the framework's short name, as rules and reports say it ("torch", "keras", "tf1", "jax")
    name: str
    #: first components of the qualified names that belong to it (after canonicalisation)
    roots: tuple[str, ...]
    #: whether importing it makes a file worth linting (a deep-learning framework, not a helper library)
    is_framework: bool = True
    #: other spellings of its names and the canonical prefix each maps to (longest first)
    prefix_rewrites: tuple[tuple[str, str], ...] = ()
    #: sub-packages whose members are re-exported one level up (`keras.layers.core.Dense` is `keras.layers.Dense`)
    flatten_prefixes: tuple[str, ...] = ()

    # -- models and layers ------------------------------------------------------------------------
    layers: Mapping[str, OpSpec] = field(default_factory=dict)
    #: base classes whose subclasses are models or blocks
    module_bases: frozenset[str] = frozenset()
    #: the method that computes a module's output (`forward`, `call`, `__call__`)
    forward_methods: tuple[str, ...] = ()
    batch_norms: frozenset[str] = frozenset()
    #: tensor methods that are activations (`x.relu()`), or only move/reshape values (`x.view(...)`)
    tensor_activations: Mapping[str, str] = field(default_factory=dict)
    tensor_pass_methods: frozenset[str] = frozenset()
    #: activation names given as strings (`activation="relu"`)
    activation_strings: Mapping[str, str | None] = field(default_factory=dict)
    #: `Sequential(layers)` with `layers` a list variable builds the model from that list (Keras); in torch
    #: a list must be unpacked (`Sequential(*layers)`)
    sequential_takes_list: bool = False
    #: `Model().apply(variables, x)` runs the module on x (Flax)
    module_apply_method: str | None = None
    #: `softmax(dim=1)` normalises over the class axis (torch's (batch, classes, …) layout)
    softmax_class_axis: int | None = None
    #: what makes a network transformer-style (NN202/NN303): layer/RMS norms and attention ops, by qualified name
    transformer_markers: frozenset[str] = frozenset()
    #: `add(a, b)` as a function: `tf.add(tf.matmul(x, W), b)` is `tf.matmul(x, W) + b`
    add_functions: frozenset[str] = frozenset()
    #: products of two tensors (`matmul`, `einsum`): attention scores are a softmax over one of q and k
    product_functions: frozenset[str] = frozenset()

    # -- initialisation ----------------------------------------------------------------------------
    initializers: Mapping[str, OpSpec] = field(default_factory=dict)
    #: initialiser names as strings (`kernel_initializer="glorot_uniform"`): name -> family
    initializer_strings: Mapping[str, str] = field(default_factory=dict)
    #: the std (or range bound) a fixed-scale initialiser string stands for (`"random_normal"`: 0.05)
    initializer_string_scales: Mapping[str, float] = field(default_factory=dict)
    #: in-place tensor methods that initialise (`w.data.normal_(0, 0.02)`)
    tensor_init_methods: Mapping[str, OpSpec] = field(default_factory=dict)
    #: random tensors used as a variable's initial value (TF1 `tf.Variable(tf.truncated_normal(...))`)
    random_tensors: Mapping[str, OpSpec] = field(default_factory=dict)
    variable_factories: frozenset[str] = frozenset()
    #: the kernel initializer a layer uses when none is given, where that is Glorot (NN302)
    default_kernel_initializer: str | None = None
    #: the fix for a bad initializer names the variance-scaling one of the same module (`HeNormal`,
    #: `he_normal`) and passes `seed` on where the framework's initializers take one
    named_variance_scaling_initializers: bool = False
    initializers_take_seed: bool = False
    #: the fix for a bad initializer calls this factory instead (TF1)
    variance_scaling_factory: str | None = None
    #: how a message names the variance-scaling initialiser, for a ReLU-family layer ("relu") and for a
    #: tanh/sigmoid one ("saturating"); formatted with act (the nonlinearity), dist/Dist (normal or uniform)
    init_advice: Mapping[str, str] = field(default_factory=dict)

    # -- training -----------------------------------------------------------------------------------
    losses: Mapping[str, LossSpec] = field(default_factory=dict)
    #: loss names as strings (`compile(loss="...")`) -> loss kind
    loss_strings: Mapping[str, str] = field(default_factory=dict)
    #: its probability losses take `from_logits=True` (Keras): the fix for logits fed to them
    losses_take_from_logits: bool = False
    #: the losses that take logits, for advice on a hand-written cross-entropy fed logits: by activation
    logits_loss_advice: Mapping[str, str] = field(default_factory=dict)
    optimizers: Mapping[str, OptimizerSpec] = field(default_factory=dict)
    #: optimizer names as strings (`compile(optimizer="adam")`) -> Adam family or not
    optimizer_strings: Mapping[str, bool] = field(default_factory=dict)
    schedules: Mapping[str, ScheduleSpec] = field(default_factory=dict)
    #: names a schedule factory takes for a decaying schedule (`get_scheduler("cosine", ...)`)
    decaying_scheduler_names: frozenset[str] = frozenset()
    #: math functions of hand-written losses and softmaxes (`-sum(y * log(p))`, `exp(x) / sum(exp(x))`)
    log_functions: frozenset[str] = frozenset()
    exp_functions: frozenset[str] = frozenset()
    sum_functions: frozenset[str] = frozenset()
    #: checkpointing and data
    savers: frozenset[str] = frozenset()
    checkpoints: frozenset[str] = frozenset()
    model_savers: frozenset[str] = frozenset()
    #: loads that give back a whole saved model (`model = torch.load(path)`)
    model_loaders: frozenset[str] = frozenset()
    #: callbacks that checkpoint every epoch (Keras `ModelCheckpoint`), managers that save a checkpoint object
    checkpoint_callbacks: frozenset[str] = frozenset()
    checkpoint_managers: frozenset[str] = frozenset()
    data_loaders: frozenset[str] = frozenset()
    session_factories: frozenset[str] = frozenset()


def merged(records, field_name: str) -> dict:
    """One table from a mapping field of several records (a later record's entry wins)."""
    table: dict = {}
    for record in records:
        table.update(getattr(record, field_name))
    return table


def union(records, field_name: str) -> frozenset:
    """One set from a collection field of several records."""
    return frozenset(item for record in records for item in getattr(record, field_name))
