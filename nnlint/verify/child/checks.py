"""The per-rule checks, written once against a backend (torch or Keras).

Each check measures its rule's effect on the user's model and hands the numbers to
`nnlint.verify.verdicts`, which decides. A check returns the verdict, the reason (quoting the deciding
numbers), the metrics of each side, the curves, and a plot panel of its deciding metric with the
threshold it is judged by. Architecture checks (NN1xx, NN2xx, NN3xx) compare the model without and
with the fix (or, where nnlint has no automatic fix, with the change the rule asks for) and train with
the tips' Adam at 1e-3; training-setup checks (NN4xx-NN7xx) keep the model and change the setup, with
the user's own optimizer, learning rate and loss where nnlint can build them.
"""

from __future__ import annotations

import math

import numpy as np

from .. import verdicts
from .fitting import (
    TASK_BATCH, PROBE, SIGNAL_BATCH, Case, affordable_steps, clean, fit, objective, optimizer, panel, reference_optimizer, spread,
    task, train_task,
)

#: NN101: the target lies this far below the lowest output the original gives on the probe inputs
OUTPUT_MARGIN = 1.0
#: NN201: inputs along a ray (0, x, 2x, 3x) and targets that are not affine in the scale
RAY = (0, 1, 2, 3)
RAY_TARGETS = (0.5, 0.1, 0.1, 0.1)
CLASS_BATCH = 8  # labelled samples the classification checks fit
RESUME_STEPS = 10


SIDES = ("original", "fixed")


def output_activation(case: Case) -> dict:
    """NN101: the original's outputs are confined to the activation's range; a fit below it plateaus."""
    b = case.backend
    probe = b.sample(case.spec, PROBE, case.seed)
    low_original = float(np.min(b.numpy(b.forward(case.original, probe))))
    low_fixed = float(np.min(b.numpy(b.forward(case.fixed, probe))))
    x = b.sample(case.spec, case.batch, case.seed + 1)
    value = min(0.0, low_original) - OUTPUT_MARGIN
    target = b.full(b.forward(case.original, x), value)
    make, _ = reference_optimizer(case, case.original)
    mse = b.default_loss("values")
    fits = {side: fit(b, case.models[side], x, target, mse, make, case.steps) for side in SIDES}
    # the original cannot go below (lowest output - target)²: a fit "reaches" the target well below that floor
    level = value * value / verdicts.FIT_RATIO
    verdict, reason = verdicts.compare_fits(fits["original"]["curve"], fits["fixed"]["curve"], level)
    return {
        "verdict": verdict,
        "reason": f"original outputs ≥ {low_original:.3g} on {PROBE} random inputs; target {value:.3g}: {reason}",
        "metrics": {"target": value, "fit_level": level,
                    "original": {"output_min": low_original, "final_loss": verdicts.final(fits["original"]["curve"])},
                    "fixed": {"output_min": low_fixed, "final_loss": verdicts.final(fits["fixed"]["curve"])}},
        "curves": {side: fits[side]["curve"] for side in fits},
        "panel": panel("curves", f"fit to {value:.3g}, below the output range", {s: f["curve"] for s, f in fits.items()},
                       ylabel="MSE", threshold=level, threshold_label="reaches the target"),
    }


def bias_disabled(case: Case) -> dict:
    """NN201: fit targets that are not affine along a ray of inputs (0, x, 2x, 3x). Without biases a ReLU
    stack is positively homogeneous: its output along the ray is linear in the scale (affine with an
    output bias), so it cannot follow them; with its biases it can."""
    b = case.backend
    if case.spec["dtype"] == "int":
        return {"verdict": verdicts.SKIPPED, "reason": "the model takes token ids: there is no ray of inputs to scale"}
    base = b.sample(case.spec, 1, case.seed)
    x = b.concat([b.scale(base, float(k)) for k in RAY])
    out = b.forward(case.original, x)
    # one target per input, repeated over its outputs (batch-major, also when the model flattens its output)
    size = int(np.prod(tuple(out.shape)))
    per_input = max(1, size // len(RAY))
    target = b.constant(np.resize(np.repeat(np.asarray(RAY_TARGETS, dtype="float32"), per_input), size)
                        .reshape(tuple(out.shape)))
    make, _ = reference_optimizer(case, case.original)
    mse = b.default_loss("values")
    fits = {side: fit(b, case.models[side], x, target, mse, make, case.steps) for side in SIDES}
    level = verdicts.fit_level(float(np.mean(np.square(RAY_TARGETS))))
    verdict, reason = verdicts.compare_fits(fits["original"]["curve"], fits["fixed"]["curve"], level)
    if verdict == verdicts.NOT_CONFIRMED and "both reach" in reason:
        reason += " (other layers' biases give the model what it needs here)"
    at_zero = {side: float(np.mean(b.numpy(b.forward(case.models[side], x[:1])))) for side in fits}
    targets = ", ".join(f"{t:g}" for t in RAY_TARGETS)
    return {
        "verdict": verdict, "reason": f"targets {targets} at inputs 0, x, 2x, 3x: {reason}",
        "metrics": {"fit_level": level,
                    **{side: {"output_at_zero": at_zero[side], "final_loss": verdicts.final(fits[side]["curve"])}
                       for side in fits}},
        "curves": {side: fits[side]["curve"] for side in fits},
        "panel": panel("curves", f"fit of {targets} at 0, x, 2x, 3x", {s: f["curve"] for s, f in fits.items()},
                       ylabel="MSE", threshold=level, threshold_label="reaches the targets"),
    }


def initialisation(case: Case) -> dict:
    """NN301: per-layer output std through depth at initialisation (train mode: batch-norm normalises
    with batch statistics, as in training); the last/first ratio decides."""
    b = case.backend
    probe = b.sample(case.spec, SIGNAL_BATCH, case.seed)
    stds = {side: b.layer_stds(case.models[side], probe, training=True) for side in SIDES}
    verdict, reason = verdicts.compare_signal([s for _, s in stds["original"]], [s for _, s in stds["fixed"]])
    if b.batchnorms(case.original) and verdict == verdicts.NOT_CONFIRMED:
        reason += "; the model's batch-norm layers renormalise the signal, which hides the initialisation"
    series = {side: [s / stds[side][0][1] if stds[side] and stds[side][0][1] else math.nan for _, s in stds[side]]
              for side in stds}
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {side: {"layer_std": dict(stds[side]), "depth_ratio": verdicts.depth_ratio([s for _, s in stds[side]])}
                    for side in stds},
        "panel": panel("profile", "layer output std through depth (÷ first layer)", series,
                       x=[name for name, _ in stds["original"]], xlabel="weight layer", ylabel="std / first layer's",
                       threshold=1.0, threshold_label="signal kept"),
    }


def double_activation(case: Case) -> dict:
    """NN102: a softmax/sigmoid output fed to a loss that applies it again: fit labelled samples with the
    file's loss; the original cannot go below the doubled activation's floor."""
    b = case.backend
    obj = {side: objective(case, case.models[side], side, kinds=("softmax-logits", "sigmoid-logits"),
                           line=None) for side in SIDES}
    x = b.sample(case.spec, CLASS_BATCH, case.seed + 1)
    target = b.targets(b.forward(case.original, x), obj["original"].target, case.seed + 2)
    make, _ = reference_optimizer(case, case.original)
    fits = {side: fit(b, case.models[side], x, target, obj[side].fn, make, case.steps) for side in SIDES}
    grads = {side: _gradient_norms(b, case.models[side], x, target, obj[side].fn, make) for side in SIDES}
    verdict, reason = verdicts.compare_fits(fits["original"]["curve"], fits["fixed"]["curve"], verdicts.CLASS_FIT)
    first = {side: next(iter(grads[side].values()), math.nan) for side in grads}
    return {
        "verdict": verdict, "reason": f"{CLASS_BATCH} labelled samples, {obj['original'].name}: {reason}",
        "metrics": {"loss": obj["original"].name,
                    **{side: {"final_loss": verdicts.final(fits[side]["curve"]), "first_layer_gradient": first[side]}
                       for side in fits}},
        "curves": {side: fits[side]["curve"] for side in fits},
        "gradients": grads,
        "panel": panel("curves", f"fit of {CLASS_BATCH} labelled samples", {s: f["curve"] for s, f in fits.items()},
                       ylabel="loss", threshold=verdicts.CLASS_FIT,
                       threshold_label="fits"),
    }


def single_unit_softmax(case: Case) -> dict:
    """NN103: a softmax over one unit outputs 1 whatever the input, and passes no gradient."""
    b = case.backend
    out = b.numpy(b.forward(case.original, b.sample(case.spec, PROBE, case.seed)))
    obj = objective(case, case.original)
    x = b.sample(case.spec, CLASS_BATCH, case.seed + 1)
    target = b.targets(b.forward(case.original, x), obj.target if obj.target != "labels" else "binary", case.seed + 2)
    make, _ = reference_optimizer(case, case.original)
    grads = _gradient_norms(b, case.original, x, target, obj.fn, make)
    total = math.sqrt(sum(g * g for g in grads.values() if verdicts.finite(g)))
    verdict, reason = verdicts.constant_output(spread(out), total, float(np.mean(out)))
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {"original": {"output_spread": spread(out), "output_mean": float(np.mean(out)),
                                 "gradient_norm": total}, "loss": obj.name},
        "gradients": {"original": grads},
        "panel": panel("bars", f"gradient norm per layer ({obj.name.split('(')[0]})", {"original": list(grads.values())},
                       x=list(grads), xlabel="layer", ylabel="gradient norm", threshold=verdicts.ZERO_GRADIENT,
                       threshold_label="zero", yscale="linear"),
    }


def logits_into_probability_loss(case: Case) -> dict:
    """NN104: raw outputs fed to a loss that expects probabilities. With a fix (Keras: from_logits=True)
    both models are compared; without one (torch) the same model is trained with the logits twin of the
    loss (NLLLoss → CrossEntropyLoss, BCELoss → BCEWithLogitsLoss)."""
    b = case.backend
    line = case.finding["line"]
    flagged = objective(case, case.original, "original", line=line)
    if case.fixed is not None:
        models = {"original": case.original, "fixed": case.fixed}
        losses = {"original": flagged, "fixed": objective(case, case.fixed, "fixed", line=line)}
    else:
        from .fitting import Objective

        twin = "labels" if flagged.target in ("labels", "log-probs") else flagged.target
        models = {"original": case.original, "fixed": case.original}
        losses = {"original": flagged, "fixed": Objective(b.default_loss(twin), twin, f"the logits loss for {twin}")}
    x = b.sample(case.spec, CLASS_BATCH, case.seed + 1)
    target = b.targets(b.forward(case.original, x), flagged.target, case.seed + 2)
    make, _ = reference_optimizer(case, case.original)
    fits, raised = {}, None
    for side in models:
        try:
            fits[side] = fit(b, models[side], x, target, losses[side].fn, make, case.steps)
        except Exception as exc:  # e.g. BCELoss refuses values outside [0, 1]
            if side == "fixed":
                raise
            raised = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            fits[side] = {"curve": [], "nan_step": None}
    if raised:
        verdict, reason = verdicts.CONFIRMED, (f"{losses['original'].name} cannot even be computed on the raw "
                                               f"outputs ({raised})")
    elif fits["original"]["curve"] and verdicts.final(fits["original"]["curve"]) < 0:
        verdict, reason = verdicts.CONFIRMED, (
            f"{losses['original'].name} went to {verdicts.final(fits['original']['curve']):.3g}: a loss of probabilities "
            f"is never negative; on raw outputs it rewards pushing them up without bound")
    else:
        verdict, reason = verdicts.compare_fits(fits["original"]["curve"], fits["fixed"]["curve"], verdicts.CLASS_FIT)
        reason = f"{CLASS_BATCH} labelled samples: {reason}"
    names = {"original": f"original ({losses['original'].name})", "fixed": f"{'fixed' if case.fixed is not None else 'logits loss'}"}
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {side: {"loss": losses[side].name, "final_loss": verdicts.final(fits[side]["curve"]) if fits[side]["curve"] else None}
                    for side in fits},
        "curves": {side: fits[side]["curve"] for side in fits},
        "panel": panel("curves", f"fit of {CLASS_BATCH} labelled samples", {names[s]: f["curve"] for s, f in fits.items()},
                       ylabel="loss", threshold=verdicts.CLASS_FIT, threshold_label="fits",
                       yscale="log" if all(v > 0 for f in fits.values() for v in f["curve"]) else "symlog"),
    }


def mismatched_probability_loss(case: Case) -> dict:
    """NN106: per-class sigmoids trained with a categorical loss: after fitting labelled samples, are
    the wrong classes' outputs pushed down?"""
    b = case.backend
    obj = objective(case, case.original, kinds=("categorical-probs", "log-probs"))
    fn = obj.fn
    x = b.sample(case.spec, CLASS_BATCH, case.seed + 1)
    target = b.targets(b.forward(case.original, x), obj.target, case.seed + 2)
    labels = np.asarray(b.numpy(target))
    make, _ = reference_optimizer(case, case.original)
    before = b.numpy(b.forward(case.original, x))
    result = fit(b, case.original, x, target, fn, make, case.steps, inspect=lambda m: b.numpy(b.forward(m, x)))
    after = result["inspected"]
    axis = b.class_axis()
    mask = _class_mask(labels, before.shape, axis)
    off_before, off_after = float(before[~mask].mean()), float(after[~mask].mean())
    on_after = float(after[mask].mean())
    verdict, reason = verdicts.off_class_mass(off_before, off_after, on_after)
    return {
        "verdict": verdict, "reason": f"{CLASS_BATCH} labelled samples, {obj.name}: {reason}",
        "metrics": {"loss": obj.name, "original": {"off_class_before": off_before, "off_class_after": off_after,
                                                   "on_class_after": on_after,
                                                   "class_sum_after": float(after.sum(axis=axis).mean())}},
        "curves": {"original": result["curve"]},
        "panel": panel("bars", "mean output after the fit", {"original": [on_after, off_after]},
                       x=["right class", "wrong classes"], xlabel="", ylabel="output",
                       threshold=verdicts.OFF_CLASS_MASS, threshold_label="wrong classes not pushed down",
                       yscale="linear"),
    }


def hidden_saturating_activation(case: Case) -> dict:
    """NN111: a hidden sigmoid/tanh vs ReLU in its place: how much gradient reaches the first layer,
    relative to the last, at initialisation."""
    b = case.backend
    obj = objective(case, case.original)
    x = b.sample(case.spec, 16, case.seed + 1)
    target = b.targets(b.forward(case.original, x), obj.target, case.seed + 2)
    make, _ = reference_optimizer(case, case.original)
    grads = {side: _gradient_norms(b, case.models[side], x, target, obj.fn, make) for side in SIDES}
    ratios = {side: _first_last(grads[side]) for side in grads}
    verdict, reason = verdicts.gradient_gain(ratios["original"], ratios["fixed"])
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {"loss": obj.name, **{side: {"first_last_gradient_ratio": ratios[side]} for side in ratios}},
        "gradients": grads,
        "panel": panel("profile", "gradient norm per layer at initialisation (÷ last layer)",
                       {("ReLU" if s == "fixed" else s): _relative_to_last(g) for s, g in grads.items()},
                       x=list(grads["original"]), xlabel="layer", ylabel="gradient / last layer's", threshold=None),
    }


# -- training-setup checks -----------------------------------------------------------------------------

def checkpoint_without_optimizer_state(case: Case) -> dict:
    """NN402: train, save, resume with and without the optimizer's state, compare the first steps."""
    b = case.backend
    model = case.original
    obj = objective(case, model)
    make, name = optimizer(case, model)
    data = task(case, model, obj, steps=3 * case.steps + RESUME_STEPS)
    before_steps = max(1, data.steps - RESUME_STEPS)
    state = b.snapshot(model)
    try:
        trainer = b.trainer(model, obj.fn, make, True)
        for step in range(before_steps):
            trainer.step(*data.batches[step])
        saved_model, saved_optimizer = b.snapshot(model), trainer.optimizer_state()
        from .fitting import evaluate

        at_save = evaluate(b, model, data, obj.fn)
        runs = {}
        for side, optimizer_state in (("without optimizer state", None), ("with optimizer state", saved_optimizer)):
            b.restore(model, saved_model)
            trainer.reset_optimizer(optimizer_state)
            curve = []
            for step in range(RESUME_STEPS):
                trainer.step(*data.batches[before_steps + step])
                curve.append(evaluate(b, model, data, obj.fn))
            runs[side] = curve
    finally:
        b.restore(model, state)
    verdict, reason, cold, warm = verdicts.resume_spike(at_save, runs["without optimizer state"],
                                                        runs["with optimizer state"])
    if before_steps < 3 * case.steps:
        reason += (f" ({before_steps} steps instead of {3 * case.steps}: this model's steps are slow on this device, "
                   f"and the jump shows once training has converged)")
    return {
        "verdict": verdict, "reason": f"{name}, {before_steps} steps then a resume: {reason}",
        "metrics": {"optimizer": name, "loss": obj.name, "loss_at_save": at_save,
                    "original": {"peak_after_resume": cold}, "fixed": {"peak_after_resume": warm}},
        "curves": runs,
        "panel": panel("curves", "loss after the resume (÷ loss at the save)",
                       {side: [v / at_save for v in curve] for side, curve in runs.items()},
                       xlabel="step after resume", ylabel="loss / loss at save", threshold=verdicts.RESUME_SPIKE,
                       threshold_label="spike", yscale="linear"),
    }


def decay_with_adam(case: Case) -> dict:
    """NN501: the file's schedule over the run vs its starting learning rate held constant."""
    b = case.backend
    model = case.original
    schedule = _entry_at(case.facts.get("schedules", []), case.finding["line"])
    make, name = optimizer(case, model)
    base = b.learning_rate(make)
    make, name = optimizer(case, model, lr=base)  # a plain rate: the check sets it at every step
    units = case.facts.get("epochs") or 100
    if schedule is None:
        return {"verdict": verdicts.SKIPPED, "reason": "the decay is written by hand (no schedule object to build)"}
    lrs, how = b.schedule_lrs(schedule, case.namespace, base, units, case.steps)
    if lrs is None:
        return {"verdict": verdicts.SKIPPED, "reason": f"cannot build the schedule ({how})"}
    obj = objective(case, model)
    data = task(case, model, obj)
    steps = affordable_steps(data, case.steps)
    if steps < case.steps:
        lrs, _ = b.schedule_lrs(schedule, case.namespace, base, units, steps)
    runs = {"scheduled": train_task(b, model, data, obj.fn, make, steps, lrs=lrs),
            "constant": train_task(b, model, data, obj.fn, make, steps, lrs=[base])}
    drop = lrs[0] / max(lrs[-1], 1e-30)
    verdict, reason = verdicts.compare_setups(_curve(runs["scheduled"]), _curve(runs["constant"]),
                                              ("with the schedule", "constant lr"))
    if verdict == verdicts.CONFIRMED and drop < verdicts.DECAY_FACTOR:
        verdict = verdicts.NOT_CONFIRMED
        reason += f", but the schedule lowers the rate only {drop:.3g}× over the run"
    return {
        "verdict": verdict,
        "reason": f"{how}: lr {lrs[0]:.3g} → {lrs[-1]:.3g} over the run{_budget_note(steps, case, data)}; {reason}",
        "metrics": {"optimizer": name, "loss": obj.name, "schedule": how, "lr_start": lrs[0], "lr_end": lrs[-1],
                    "original": {"final_loss": runs["scheduled"]["final"]}, "fixed": {"final_loss": runs["constant"]["final"]}},
        "curves": {side: run["curve"] for side, run in runs.items()},
        "lr": lrs[:: max(1, len(lrs) // 100)],
        "panel": panel("curves", "loss on the task", {side: run["curve"] for side, run in runs.items()},
                       x=runs["constant"]["steps"], ylabel="loss", threshold=None),
    }


def adam_lr_too_high(case: Case) -> dict:
    """NN502: the file's learning rate vs 1e-3, same optimizer and task: loss, divergence, dead units."""
    b = case.backend
    model = case.original
    line = case.finding["line"]
    make_user, name_user = optimizer(case, model, line=line)
    make_ref, name_ref = optimizer(case, model, lr=1e-3, line=line)
    obj = objective(case, model)
    data = task(case, model, obj)
    probe = b.sample(case.spec, PROBE, case.seed + 3)
    inspect = lambda m: b.inactive_units(m, probe)  # noqa: E731
    steps = affordable_steps(data, case.steps)
    runs = {name_user: train_task(b, model, data, obj.fn, make_user, steps, inspect=inspect),
            name_ref: train_task(b, model, data, obj.fn, make_ref, steps, inspect=inspect)}
    user, ref = runs[name_user], runs[name_ref]
    verdict, reason = verdicts.compare_setups(_curve(user), _curve(ref), (name_user, name_ref))
    dead = {k: _mean(run["inspected"]) for k, run in runs.items()}
    if verdict != verdicts.CONFIRMED and verdicts.dead_units(dead[name_user], dead[name_ref]):
        verdict = verdicts.CONFIRMED
        reason += (f"; but {dead[name_user]:.0%} of hidden units end inactive on every input vs "
                   f"{dead[name_ref]:.0%} at 1e-3")
    elif verdicts.finite(dead[name_user]) and verdicts.finite(dead[name_ref]):
        reason += f"; inactive hidden units {dead[name_user]:.0%} vs {dead[name_ref]:.0%}"
    reason += _budget_note(steps, case, data)
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {"loss": obj.name, "original": {"optimizer": name_user, "final_loss": user["final"],
                                                   "inactive_units": dead[name_user]},
                    "fixed": {"optimizer": name_ref, "final_loss": ref["final"], "inactive_units": dead[name_ref]}},
        "curves": {side: run["curve"] for side, run in runs.items()},
        "panel": panel("curves", "loss on the task", {side: run["curve"] for side, run in runs.items()},
                       x=ref["steps"], ylabel="loss", threshold=None),
    }


def batchnorm_batch_size_one(case: Case) -> dict:
    """NN601: what batch-norm does at batch size 1 in train mode, in this framework and layer kind."""
    b = case.backend
    model = case.original
    kinds = sorted(set(b.batchnorms(model)))
    if not kinds:
        return {"verdict": verdicts.SKIPPED, "reason": "the model built here has no batch-norm layer"}
    obj = objective(case, model)
    make, name = optimizer(case, model)
    data = task(case, model, obj)
    one_x, one_target = data.batches[0][0][:1], data.batches[0][1][:1]
    state = b.snapshot(model)
    try:
        trainer = b.trainer(model, obj.fn, make, True)
        value = trainer.step(one_x, one_target)
    except Exception as exc:
        return {"verdict": verdicts.CONFIRMED,
                "reason": f"{', '.join(kinds)} at batch size 1 in training raises at the first step: "
                          f"{type(exc).__name__}: {str(exc).splitlines()[0]}",
                "metrics": {"original": {"raises": f"{type(exc).__name__}: {exc}"}}}
    finally:
        b.restore(model, state)
    singles = [b.forward(model, data.x[i:i + 1], training=True) for i in range(8)]
    collapse = float(np.max(np.stack([b.numpy(s).ravel() for s in singles]).std(axis=0)))
    steps = affordable_steps(data, case.steps)
    runs = {"batch size 1": train_task(b, model, data, obj.fn, make, steps, batch_size=1),
            f"batch size {data.batch}": train_task(b, model, data, obj.fn, make, steps)}
    one, many = runs.values()
    verdict, reason = verdicts.compare_setups(_curve(one), _curve(many), tuple(runs))
    if collapse <= verdicts.CONSTANT_SPREAD:
        verdict = verdicts.CONFIRMED
        reason = (f"in train mode at batch size 1 the output is the same for every input (spread {collapse:.3g}): "
                  f"{', '.join(kinds)} normalises each sample by itself; " + reason)
    else:
        reason = f"{', '.join(kinds)} at batch size 1 trains (first-step loss {value:.3g}); evaluated in eval mode, " + reason
    reason += _budget_note(steps, case, data)
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {"optimizer": name, "loss": obj.name, "batchnorm": kinds, "train_mode_output_spread": collapse,
                    "original": {"final_loss": one["final"]}, "fixed": {"final_loss": many["final"]}},
        "curves": {side: run["curve"] for side, run in runs.items()},
        "panel": panel("curves", "loss on the task (eval mode)", {side: run["curve"] for side, run in runs.items()},
                       x=many["steps"], ylabel="loss", threshold=None),
    }


def unnormalized_input(case: Case) -> dict:
    """NN701: the same inputs in their raw 0-255 range vs scaled to 0-1, same model, optimizer and task."""
    b = case.backend
    model = case.original
    if case.spec["dtype"] == "int":
        return {"verdict": verdicts.SKIPPED, "reason": "the model takes integer token ids, which are not scaled"}
    obj = objective(case, model)
    make, name = optimizer(case, model)
    raw = task(case, model, obj, kind="raw")
    scaled = type(raw)(b.scale(raw.x, 1 / 255), raw.target, [(b.scale(x, 1 / 255), t) for x, t in raw.batches],
                       b.scale(raw.eval_x, 1 / 255), raw.eval_target, raw.steps, raw.batch, raw.points)
    steps = affordable_steps(scaled, case.steps)
    runs = {"raw 0-255": train_task(b, model, raw, obj.fn, make, steps),
            "scaled 0-1": train_task(b, model, scaled, obj.fn, make, steps)}
    verdict, reason = verdicts.compare_setups(_curve(runs["raw 0-255"]), _curve(runs["scaled 0-1"]), tuple(runs))
    first = {k: (run["curve"][0] if run["curve"] else math.nan) for k, run in runs.items()}
    reason += f" (loss before training {first['raw 0-255']:.3g} vs {first['scaled 0-1']:.3g})" + _budget_note(steps, case, raw)
    return {
        "verdict": verdict, "reason": f"{name}, {obj.name}: {reason}",
        "metrics": {"optimizer": name, "loss": obj.name, "original": {"final_loss": runs["raw 0-255"]["final"]},
                    "fixed": {"final_loss": runs["scaled 0-1"]["final"]}},
        "curves": {side: run["curve"] for side, run in runs.items()},
        "panel": panel("curves", "loss on the task", {side: run["curve"] for side, run in runs.items()},
                       x=runs["scaled 0-1"]["steps"], ylabel="loss", threshold=None),
    }


# -- the overfit test ------------------------------------------------------------------------------

def overfit(case: Case, model, side: str) -> dict:
    """The article's test: one real-shaped sample of the right kind, the user's loss, optimizer and
    learning rate where visible, train mode; can the model drive the loss to (nearly) zero?"""
    b = case.backend
    obj = objective(case, model, side)
    make, name = optimizer(case, model)
    x = b.sample(case.spec, case.batch, case.seed + 1)
    target = b.targets(b.forward(model, x), obj.target, case.seed + 2)
    norms = _gradient_norms(b, model, x, target, obj.fn, make)
    result = fit(b, model, x, target, obj.fn, make, case.steps)
    verdict, reason, orders = verdicts.overfit(result["curve"], result["nan_step"])
    if case.batch > 1:
        reason += f" ({case.batch} samples: batch-norm needs more than one per batch in train mode)"
    flags = verdicts.gradient_flags(norms)
    if flags:
        reason += "; gradients at step 0: " + ", ".join(f"{layer} {flag}" for layer, flag in flags.items())
    return {"verdict": verdict, "reason": reason, "orders": orders, "nan_step": result["nan_step"],
            "loss": obj.name, "optimizer": name, "samples": case.batch,
            "gradient_norms": norms, "gradient_flags": flags, "curve": result["curve"],
            "panel": panel("curves", f"overfit one sample ({name})",
                           {side: result["curve"]}, ylabel="loss",
                           threshold=result["curve"][0] / 10 ** verdicts.OVERFIT_ORDERS if result["curve"]
                           and result["curve"][0] > 0 else None, threshold_label="2 orders below the start")}


# -- helpers ----------------------------------------------------------------------------------------

def _budget_note(steps: int, case: Case, data=None) -> str:
    notes = []
    if data is not None and data.batch < TASK_BATCH:
        notes.append(f"batches of {data.batch}")
    if steps < case.steps:
        notes.append(f"{steps} training steps instead of {case.steps}")
    return f" ({', '.join(notes)}: the model is too costly for the full run within the check's budget)" if notes else ""


def _gradient_norms(b, model, x, target, loss_fn, make) -> dict[str, float]:
    state = b.snapshot(model)
    try:
        return {k: clean(v) for k, v in b.trainer(model, loss_fn, make, True).gradient_norms(x, target).items()}
    finally:
        b.restore(model, state)


def _first_last(norms: dict[str, float]) -> float:
    values = [v for v in norms.values() if verdicts.finite(v)]
    if len(values) < 2 or values[-1] <= 0:
        return math.nan
    return values[0] / values[-1]


def _relative_to_last(norms: dict[str, float]) -> list[float]:
    values = list(norms.values())
    last = values[-1] if values and values[-1] else math.nan
    return [v / last for v in values]


def _class_mask(labels: np.ndarray, shape, axis: int) -> np.ndarray:
    if labels.shape == tuple(shape):  # one-hot
        return labels > 0.5
    classes = shape[axis]
    mask = np.eye(classes, dtype=bool)[labels.astype(int)]
    return np.moveaxis(mask, -1, axis) if axis != -1 else mask


def _entry_at(entries: list[dict], line: int) -> dict | None:
    return next((e for e in entries if e["line"] <= line <= e.get("end_line", e["line"])), None)


def _curve(run: dict) -> list[float]:
    return run["curve"] if run["nan_step"] is not None else run["curve"][:-1] + [run["final"]]


def _mean(values: dict | None):
    if not values:
        return None
    return float(np.mean(list(values.values())))


CHECKS = {
    "NN101": output_activation, "NN102": double_activation, "NN103": single_unit_softmax,
    "NN104": logits_into_probability_loss, "NN106": mismatched_probability_loss,
    "NN111": hidden_saturating_activation, "NN201": bias_disabled, "NN301": initialisation,
    "NN402": checkpoint_without_optimizer_state, "NN501": decay_with_adam, "NN502": adam_lr_too_high,
    "NN601": batchnorm_batch_size_one, "NN701": unnormalized_input,
}
