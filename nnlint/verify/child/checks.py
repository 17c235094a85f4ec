"""The per-finding checks, written once against a backend (torch or Keras), plus the overfit test.

Each check builds the measurement for the original and the fixed model and hands the numbers to
`nnlint.verify.verdicts`, which decides.
"""

from __future__ import annotations

from .. import verdicts

BATCH_RANGE = 256  # random inputs used to see the output range
BATCH_SIGNAL = 64  # random inputs used for per-layer statistics
#: NN201's target at the all-zero input: small enough that a model whose only live path is a
#: zero-initialised output bias (Keras: ReLU units at exactly 0 pass no gradient) fits it in a few
#: hundred Adam steps at lr 1e-3, while a bias-free stack cannot move at all
ZERO_INPUT_TARGET = 0.1


def _sample(shape: list[int]) -> list[int]:
    return list(shape[1:])


def output_activation(backend, original, fixed, shape, steps, seed) -> dict:
    """NN101: the original's outputs are confined to the activation's range; a fit below it plateaus."""
    probe = backend.tensor([BATCH_RANGE, *_sample(shape)], "normal", seed)
    low_original = backend.minimum(backend.forward(original, probe))
    low_fixed = backend.minimum(backend.forward(fixed, probe))
    x = backend.tensor(shape, "normal", seed + 1)
    out_shape = backend.shape_of(backend.forward(original, x))
    value = min(0.0, low_original) - 2.0
    target = backend.full(out_shape, value)
    fit_original = backend.fit(original, x, target, steps)
    fit_fixed = backend.fit(fixed, x, target, steps)
    verdict, reason = verdicts.compare_fits(fit_original["curve"], fit_fixed["curve"], value * value)
    reason = f"original outputs ≥ {low_original:.3g} on {BATCH_RANGE} random inputs; target {value:.3g}: " + reason
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {
            "target": value,
            "original": {"output_min": low_original, "final_loss": verdicts.final(fit_original["curve"])},
            "fixed": {"output_min": low_fixed, "final_loss": verdicts.final(fit_fixed["curve"])},
        },
        "curves": {"original": fit_original["curve"], "fixed": fit_fixed["curve"]},
    }


def bias_disabled(backend, original, fixed, shape, steps, seed) -> dict:
    """NN201: fit a non-zero target at the all-zero input (a bias-free ReLU stack maps 0 to 0)."""
    x = backend.tensor(shape, "zeros", seed)
    out_shape = backend.shape_of(backend.forward(original, x))
    target = backend.full(out_shape, ZERO_INPUT_TARGET)
    fit_original = backend.fit(original, x, target, steps)
    fit_fixed = backend.fit(fixed, x, target, steps)
    verdict, reason = verdicts.compare_fits(fit_original["curve"], fit_fixed["curve"], ZERO_INPUT_TARGET ** 2)
    if verdict == verdicts.NOT_CONFIRMED and "both fit" in reason:
        reason += " (other layers' biases can produce the target at this input)"
    return {
        "verdict": verdict, "reason": f"target {ZERO_INPUT_TARGET:g} at the all-zero input: " + reason,
        "metrics": {
            "target": ZERO_INPUT_TARGET,
            "original": {"output_at_zero": _mean(backend, backend.forward(original, x)),
                         "final_loss": verdicts.final(fit_original["curve"])},
            "fixed": {"output_at_zero": _mean(backend, backend.forward(fixed, x)),
                      "final_loss": verdicts.final(fit_fixed["curve"])},
        },
        "curves": {"original": fit_original["curve"], "fixed": fit_fixed["curve"]},
    }


def initialisation(backend, original, fixed, shape, steps, seed) -> dict:
    """NN301: per-layer activation std at init (last/first through depth), plus steps to fit one sample."""
    probe = backend.tensor([BATCH_SIGNAL, *_sample(shape)], "normal", seed)
    stds_original = backend.layer_stds(original, probe)
    stds_fixed = backend.layer_stds(fixed, probe)
    x = backend.tensor(shape, "normal", seed + 1)
    out_shape = backend.shape_of(backend.forward(original, x))
    target = backend.tensor(out_shape, "normal", seed + 2)
    scale = _mean_square(backend, target)
    fit_original = backend.fit(original, x, target, steps)
    fit_fixed = backend.fit(fixed, x, target, steps)
    steps_original = verdicts.steps_to_fit(fit_original["curve"], scale)
    steps_fixed = verdicts.steps_to_fit(fit_fixed["curve"], scale)
    verdict, reason = verdicts.compare_signal([s for _, s in stds_original], [s for _, s in stds_fixed],
                                              steps_original, steps_fixed)
    return {
        "verdict": verdict, "reason": reason,
        "metrics": {
            "original": {"layer_std": dict(stds_original), "depth_ratio": verdicts.depth_ratio([s for _, s in stds_original]),
                         "steps_to_fit": steps_original, "final_loss": verdicts.final(fit_original["curve"])},
            "fixed": {"layer_std": dict(stds_fixed), "depth_ratio": verdicts.depth_ratio([s for _, s in stds_fixed]),
                      "steps_to_fit": steps_fixed, "final_loss": verdicts.final(fit_fixed["curve"])},
        },
        "curves": {"original": fit_original["curve"], "fixed": fit_fixed["curve"]},
    }


def overfit(backend, model, shape, steps, seed) -> dict:
    """The single-sample overfit test with NaN/Inf detection and per-layer gradient norms."""
    x = backend.tensor(shape, "normal", seed + 1)
    out_shape = backend.shape_of(backend.forward(model, x))
    target = backend.tensor(out_shape, "normal", seed + 2)
    fit = backend.fit(model, x, target, steps, gradients=True)
    verdict, reason, orders = verdicts.overfit(fit["curve"], fit["nan_step"])
    flags = verdicts.gradient_flags(fit["gradient_norms"])
    if flags:
        reason += "; gradients: " + ", ".join(f"{layer} {flag}" for layer, flag in flags.items())
    return {"verdict": verdict, "reason": reason, "orders": orders, "nan_step": fit["nan_step"],
            "gradient_norms": fit["gradient_norms"], "gradient_flags": flags, "curve": fit["curve"]}


def _mean(backend, tensor) -> float:
    import numpy as np
    return float(np.mean(np.asarray(_numpy(tensor))))


def _mean_square(backend, tensor) -> float:
    import numpy as np
    return float(np.mean(np.square(np.asarray(_numpy(tensor)))))


def _numpy(tensor):
    if hasattr(tensor, "detach"):
        return tensor.detach().cpu().numpy()
    return tensor.numpy()


CHECKS = {"NN101": output_activation, "NN201": bias_disabled, "NN301": initialisation}
