"""What every check shares: the case being checked, the objective it trains, tasks and fits.

A *fit* trains a model for a number of steps and gives back its loss curve; the model's weights are
restored afterwards, so every experiment starts from the same initialisation. Fits run in train mode
with dropout off: batch-norm uses batch statistics (as in training) and no noise blurs the curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


PROBE = 256  # random inputs used to see output ranges and dead units
SIGNAL_BATCH = 64  # random inputs used for per-layer statistics
TASK_SAMPLES, TASK_BATCH = 128, 16  # the learnable task of the training-setup checks
EVAL_SAMPLES, EVAL_POINTS = 32, 20  # its loss curve: measured this often on this many of its samples
#: what one training run of a setup check may cost, in multiply-accumulates (about 2 s on one core); a
#: bigger model trains fewer steps, and the report says so
RUN_BUDGET_MACS, MIN_STEPS, MIN_BATCH = 5e9, 30, 4
BATCHNORM_BATCH = 8  # batch-norm normalises over the batch: fits of such models use this many samples


@dataclass
class Objective:
    fn: object  # fn(prediction, target) -> scalar loss
    target: str  # labels | onehot | binary | values | log-probs | probs-binary
    name: str  # for the report: "the file's CrossEntropyLoss", "MSE (matched to the output head)"
    from_file: bool = False


@dataclass
class Case:
    """One check of one finding on one model: both sides built, the input known."""

    backend: object
    code: str
    finding: dict
    models: dict  # side -> model
    spaces: dict  # side -> Namespace
    spec: dict  # the model's input
    steps: int
    seed: int
    facts: dict  # the file's losses, optimizers, schedules, epochs
    notes: list = field(default_factory=list)

    @property
    def original(self):
        return self.models["original"]

    @property
    def fixed(self):
        return self.models.get("fixed")

    @property
    def namespace(self) -> dict:
        return self.spaces["original"].module.__dict__

    @property
    def batch(self) -> int:
        """Samples per fit: one, or a few for a model with batch-norm (it normalises over the batch)."""
        return BATCHNORM_BATCH if self.backend.batchnorms(self.original) else 1


# -- objectives ------------------------------------------------------------------------------------

def pick(entries: list[dict], line: int | None, kinds: tuple[str, ...] = ()) -> dict | None:
    """The entry at the finding's line, else the first of a preferred kind, else the first."""
    if not entries:
        return None
    if line is not None:
        at = [e for e in entries if e["line"] <= line <= e.get("end_line", e["line"])]
        if at:
            return at[0]
    preferred = [e for e in entries if e.get("kind") in kinds or (kinds == ("adam",) and e.get("adam"))]
    return (preferred or entries)[0]


def objective(case: Case, model, side: str = "original", kinds: tuple[str, ...] = (), line: int | None = None) -> Objective:
    """The user's loss when nnlint can build it (the compiled Keras loss, or the file's loss object or
    function), otherwise one matched to the model's output head."""
    backend = case.backend
    compiled = getattr(backend, "compiled_loss", None)
    if compiled is not None:
        found = compiled(model)
        if found is not None:
            return Objective(found[0], found[1], found[2], True)
    namespace = case.spaces.get(side, case.spaces["original"]).module.__dict__
    entry = pick([e for e in case.facts.get("losses", []) if _framework_of(e) == backend.name], line, kinds)
    if entry is not None:
        built = backend.loss(entry, namespace)
        if built is not None:
            fn, target, name = built
            if entry.get("kind") == "log-probs" and _probabilities(case, model):
                # `nll_loss(torch.log(model(x)), y)`: the file takes the log of a probability output first
                fn, name = backend.on_log(fn), f"{name} on log(output)"
            return Objective(fn, target, name, True)
    return head_objective(case, model)


def _probabilities(case: Case, model) -> bool:
    backend = case.backend
    out = backend.numpy(backend.forward(model, backend.sample(case.spec, 16, case.seed + 7), training=False))
    return bool(np.all(out > 0) and np.all(out <= 1))


def head_objective(case: Case, model) -> Objective:
    """A loss matched to what the output looks like: a softmax head (non-negative rows summing to 1)
    gets the log-likelihood of class labels, a sigmoid head binary cross-entropy, anything else MSE."""
    backend = case.backend
    out = backend.numpy(backend.forward(model, backend.sample(case.spec, 16, case.seed + 7), training=False))
    axis = backend.class_axis() if out.ndim > 1 else -1
    if out.ndim > 1 and out.shape[axis] > 1 and np.all(out >= 0) and np.allclose(out.sum(axis=axis), 1, atol=1e-4):
        return Objective(backend.default_loss("log-probs"), "labels",
                         "log-likelihood of class labels (no loss found; the output is a softmax)")
    if np.all(out > 0) and np.all(out < 1):
        return Objective(backend.default_loss("probs-binary"), "binary",
                         "binary cross-entropy (no loss found; the output is in (0, 1))")
    return Objective(backend.default_loss("values"), "values", "mean squared error (no loss found)")


def _framework_of(entry: dict) -> str | None:
    if entry.get("string"):
        return "keras"
    qual = entry.get("qual") or ""
    return "torch" if qual.startswith("torch.") else "keras" if qual.startswith("keras.") else "tf1"


def optimizer(case: Case, model, lr: float | None = None, line: int | None = None):
    """(factory, name): the user's optimizer and learning rate when visible, else Adam at 1e-3."""
    entries = [e for e in case.facts.get("optimizers", []) if (e.get("qual") or "").startswith(
        ("torch." if case.backend.name == "torch" else "keras"))]
    entry = pick(entries, line, ("adam",))
    return case.backend.optimizer_factory(entry, case.namespace, lr=lr, model=model)


def reference_optimizer(case: Case, model):
    """Adam at 1e-3, the tips' learning rate: what the architecture checks train with."""
    return case.backend.optimizer_factory(None, {}, lr=1e-3, model=model)


# -- fits -------------------------------------------------------------------------------------------

def fit(backend, model, x, target, loss_fn, make_optimizer, steps: int, lrs: list[float] | None = None,
        training: bool = True, inspect=None) -> dict:
    """Train on one fixed batch; `inspect(model)` looks at the trained model before its weights are
    restored."""
    state = backend.snapshot(model)
    curve, nan_step, inspected = [], None, None
    try:
        trainer = backend.trainer(model, loss_fn, make_optimizer, training)
        for step in range(steps):
            if lrs is not None:
                trainer.set_lr(lrs[min(step, len(lrs) - 1)])
            value = trainer.step(x, target)
            curve.append(value)
            if not math.isfinite(value):
                nan_step = step
                break
        if inspect is not None:
            inspected = inspect(model)
    finally:
        backend.restore(model, state)
    return {"curve": curve, "nan_step": nan_step, "inspected": inspected}


@dataclass
class Task:
    """A learnable task: random inputs labelled by a fixed random linear teacher, in mini-batches."""

    x: object
    target: object
    batches: list  # [(x, target)] in the order the fits use them
    eval_x: object
    eval_target: object
    steps: int = 0  # how many steps the budget allows (the batches there are)
    batch: int = TASK_BATCH
    points: int = EVAL_POINTS  # how often the curve is measured


def task(case: Case, model, obj: Objective, kind: str = "normal", samples: int = TASK_SAMPLES,
         steps: int | None = None) -> Task:
    """The task, in mini-batches of TASK_BATCH for `steps` steps, or, for a model whose steps cost more
    than a run's budget, in smaller batches (at least MIN_BATCH) and then fewer steps (at least MIN_STEPS).
    The cost is counted, not timed (multiply-accumulates of a forward pass, three times for a training
    step, plus the curve's evaluations), so the verdict does not depend on how busy the machine is."""
    backend = case.backend
    wanted = steps or case.steps
    x = backend.sample(case.spec, samples, case.seed + 11, kind)
    out = backend.numpy(backend.forward(model, x[:2]))
    per_sample = backend.forward_macs(model, x[:1])
    # the curve's evaluations take at most a third of the budget: fewer points for a costly model
    points = max(5, min(EVAL_POINTS, int(RUN_BUDGET_MACS / 3 / max(1.0, per_sample * EVAL_SAMPLES))))
    evaluations = per_sample * EVAL_SAMPLES * points
    batch = TASK_BATCH
    while batch > MIN_BATCH and 3 * per_sample * batch * wanted + evaluations > RUN_BUDGET_MACS:
        batch //= 2
    affordable = int((RUN_BUDGET_MACS - evaluations) / max(1.0, 3 * per_sample * batch))
    wanted = min(wanted, max(MIN_STEPS, affordable))
    targets = teacher_targets(backend, np.asarray(backend.numpy(x)), list(out.shape[1:]), obj.target,
                              case.seed + 13, samples)
    rng = np.random.default_rng(case.seed + 17)
    order = [rng.integers(0, samples, batch) for _ in range(wanted)]
    batches = [(_take(backend, x, idx), _take(backend, targets, idx)) for idx in order]
    return Task(x, targets, batches, x[:EVAL_SAMPLES], targets[:EVAL_SAMPLES], wanted, batch, points)


def _take(backend, tensor, idx):
    if backend.name == "torch":
        import torch

        return tensor[torch.as_tensor(idx, device=tensor.device)]
    import tensorflow as tf

    return tf.gather(tensor, idx)


def teacher_targets(backend, x: np.ndarray, out_shape: list[int], target: str, seed: int, samples: int):
    """Targets a model can learn: a fixed random linear function of the (flattened) input."""
    rng = np.random.default_rng(seed)
    flat = x.reshape(samples, -1).astype("float64")
    flat = (flat - flat.mean(axis=0)) / (flat.std(axis=0) + 1e-8)
    axis = backend.class_axis()
    if target in ("labels", "onehot", "log-probs"):
        classes = out_shape[0] if axis == 1 else out_shape[-1]
        rest = out_shape[1:] if axis == 1 else out_shape[:-1]
        if rest:  # per-position classes (sequences, images): not learnable by a per-sample teacher
            labels = rng.integers(0, classes, [samples, *rest])
        else:
            labels = np.argmax(flat @ rng.standard_normal((flat.shape[1], classes)), axis=1)
        if target == "onehot":
            return backend.constant(np.eye(classes, dtype="float32")[labels])
        return backend.constant(labels.astype("int64" if backend.name == "torch" else "int32"))
    size = int(np.prod(out_shape)) if out_shape else 1
    scores = flat @ rng.standard_normal((flat.shape[1], size)) / math.sqrt(flat.shape[1])
    scores = scores.reshape([samples, *out_shape]) if out_shape else scores.reshape(samples)
    if target in ("binary", "probs-binary"):
        return backend.constant((scores > 0).astype("float32"))
    return backend.constant(scores.astype("float32"))


def train_task(backend, model, data: Task, loss_fn, make_optimizer, steps: int, lrs: list[float] | None = None,
               batch_size: int | None = None, inspect=None) -> dict:
    """Train on the task's mini-batches; the curve is the loss on the task's first EVAL_SAMPLES samples
    (eval mode), EVAL_POINTS times over the run. `inspect(model)` looks at the trained model before its weights are
    restored."""
    state = backend.snapshot(model)
    curve, seen, nan_step = [], [], None
    every = max(1, steps // data.points)
    try:
        trainer = backend.trainer(model, loss_fn, make_optimizer, True)
        for step in range(steps):
            if lrs is not None:
                trainer.set_lr(lrs[min(step, len(lrs) - 1)])
            x, target = data.batches[step % len(data.batches)]
            if batch_size is not None:
                x, target = x[:batch_size], target[:batch_size]
            value = trainer.step(x, target)
            if not math.isfinite(value):
                nan_step = step
                curve.append(value)
                seen.append(step)
                break
            if step % every == 0 or step == steps - 1:
                curve.append(evaluate(backend, model, data, loss_fn))
                seen.append(step)
        final = evaluate(backend, model, data, loss_fn) if nan_step is None else math.nan
        inspected = inspect(model) if inspect is not None and nan_step is None else None
    finally:
        backend.restore(model, state)
    return {"curve": curve, "steps": seen, "nan_step": nan_step, "final": final, "inspected": inspected}


def affordable_steps(data: Task, steps: int) -> int:
    """`steps`, or fewer when the task was cut to the run's budget."""
    return min(steps, data.steps)


def evaluate(backend, model, data: Task, loss_fn) -> float:
    out = backend.forward(model, data.eval_x, training=False)
    return float(np.asarray(backend.numpy(_scalar(backend, loss_fn(out, data.eval_target)))))


def _scalar(backend, value):
    if backend.name == "torch":
        return value.mean()
    import tensorflow as tf

    return tf.reduce_mean(value)


def spread(array: np.ndarray) -> float:
    return float(np.max(array) - np.min(array)) if array.size else 0.0


def panel(kind: str, title: str, series: dict, *, x=None, ylabel: str = "", xlabel: str = "step",
          threshold: float | None = None, threshold_label: str = "", yscale: str = "log") -> dict:
    """A plot panel: the check's deciding metric, both sides, and the threshold it is judged by."""
    return {"kind": kind, "title": title, "series": series, "x": x, "ylabel": ylabel, "xlabel": xlabel,
            "threshold": threshold, "threshold_label": threshold_label, "yscale": yscale}


def clean(value):
    """JSON-safe floats (NaN/Inf kept as such; the report writes them as null)."""
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value

