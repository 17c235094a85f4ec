"""Turning measurements into verdicts: every criterion and threshold, in one place, framework-free.

Each function takes plain numbers (loss curves, standard deviations, gradient norms, variable names)
and returns (verdict, reason). The reason always quotes the numbers that decided, so a verdict can
never contradict what it shows. `docs/verify.md` states each metric and threshold; a test keeps the
two in step.
"""

from __future__ import annotations

import math

CONFIRMED, NOT_CONFIRMED, SKIPPED, ERROR = "confirmed", "not confirmed", "skipped", "error"
PASSED, FAILED = "passed", "failed"
VERDICTS = (CONFIRMED, NOT_CONFIRMED, SKIPPED, ERROR)

#: a fit "reaches" its target: regression — final MSE ≤ FIT_TOLERANCE × the target's mean square
FIT_TOLERANCE = 1e-2
#: a fit "reaches" its target: classification losses (cross-entropy, BCE, NLL) — final loss ≤ this
CLASS_FIT = 0.05
#: the better side's final loss must be this many times below the other's
FIT_RATIO = 10.0
#: NN301: the fixed last/first std ratio must be this much closer to 1, in orders of magnitude
SIGNAL_MARGIN = 0.5
#: NN103: outputs this close to constant and a gradient this small are "exactly" constant and zero
CONSTANT_SPREAD, ZERO_GRADIENT = 1e-6, 1e-10
#: NN106: after the fit, the wrong classes' mean output is at least this (they were not pushed down)
OFF_CLASS_MASS = 0.1
#: NN111: the ReLU version passes at least this many times more gradient to the first layer (relative
#: to the last) than the saturating original
GRADIENT_GAIN = 5.0
#: training-setup checks (NN501, NN502, NN601, NN701): the worse setup's final loss is this many times
#: the better one's
SETUP_RATIO = 1.5
#: NN502: dead units — this fraction of hidden units at least, and this many times the 1e-3 run's
DEAD_FRACTION, DEAD_RATIO = 0.5, 2.0
#: NN402: the loss's peak in the first steps after a resume, relative to the loss at the save
RESUME_SPIKE = 1.2
RESUME_WINDOW = 5
#: NN501: a schedule counts as decaying when it ends this many times below where it starts
DECAY_FACTOR = 10.0
#: the overfit test passes when the loss falls by this many orders of magnitude; a curve whose last tenth
#: still fell below this fraction of its start is "still falling" (more steps may get there)
OVERFIT_ORDERS = 2.0
STILL_FALLING = 0.9
#: per-layer gradient norms outside these bounds are reported as vanishing / exploding
VANISHING, EXPLODING = 1e-7, 1e3


def final(curve: list[float]) -> float:
    return curve[-1] if curve else math.nan


def finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def diverged(curve: list[float]) -> bool:
    return bool(curve) and (not finite(curve[-1]) or any(not finite(v) for v in curve))


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else f"{value:.3g}"
    return str(value)


def fit_level(scale: float | None) -> float:
    """The loss at which a fit counts as having reached its target."""
    return FIT_TOLERANCE * scale if scale is not None else CLASS_FIT


def steps_to_fit(curve: list[float], level: float) -> int | None:
    return next((step for step, loss in enumerate(curve) if loss <= level), None)


def compare_fits(original: list[float], fixed: list[float], level: float, sides=("original", "fixed")) -> tuple[str, str]:
    """NN101 / NN102 / NN104 / NN201: the original stays above the target, the fixed model reaches it
    (final loss ≤ `level`) and ends ≥ FIT_RATIO× lower."""
    before, after = final(original), final(fixed)
    a, b = sides
    if not finite(after):
        return NOT_CONFIRMED, f"the {b} model's loss is not finite"
    if not finite(before):
        return CONFIRMED, f"the {a} model's loss diverged (NaN/Inf); the {b} model trains (final loss {after:.3g})"
    fits = after <= level
    if before <= level:
        return NOT_CONFIRMED, (f"both reach the target (final loss {before:.3g} vs {after:.3g}, target ≤ {level:.3g}): "
                               f"the {a} model is not held back here")
    ratio = before / max(after, 1e-12)
    if not fits:
        return NOT_CONFIRMED, f"the {b} model does not reach the target either (final loss {after:.3g} > {level:.3g})"
    if ratio >= FIT_RATIO:
        return CONFIRMED, (f"final loss {before:.3g} → {after:.3g} ({ratio:.3g}× lower); only the {b} model "
                           f"reaches the target (≤ {level:.3g})")
    return NOT_CONFIRMED, (f"final loss {before:.3g} → {after:.3g}: only {ratio:.3g}× lower (needs ≥ {FIT_RATIO:g}×)")


def depth_ratio(stds: list[float]) -> float | None:
    """Last-to-first ratio of per-layer output standard deviations."""
    if len(stds) < 2 or not stds[0] or not all(finite(s) for s in stds):
        return None
    return stds[-1] / stds[0]


def compare_signal(original: list[float], fixed: list[float]) -> tuple[str, str]:
    """NN301, decided by the signal alone: the fixed init keeps the last/first layer-std ratio closer to 1
    by at least SIGNAL_MARGIN orders of magnitude."""
    before, after = depth_ratio(original), depth_ratio(fixed)
    if before is None or after is None:
        return NOT_CONFIRMED, "fewer than two weight layers were measured, so there is no signal ratio to compare"
    drift_before = abs(math.log10(max(before, 1e-30)))
    drift_after = abs(math.log10(max(after, 1e-30)))
    gained = drift_before - drift_after
    described = (f"last/first layer std {before:.3g} → {after:.3g} "
                 f"({drift_before:.2f} → {drift_after:.2f} orders of magnitude from 1)")
    if gained >= SIGNAL_MARGIN:
        return CONFIRMED, described
    if gained <= -SIGNAL_MARGIN:
        return NOT_CONFIRMED, described + ": the fix moves the signal further from constant"
    return NOT_CONFIRMED, described + f": less than {SIGNAL_MARGIN:g} closer (the signal already survives this depth)"


def constant_output(spread: float, gradient: float, value: float) -> tuple[str, str]:
    """NN103: a softmax over one unit outputs the constant 1 whatever the input and the training."""
    if spread <= CONSTANT_SPREAD:
        flows = (f"no gradient flows ({gradient:.3g})" if gradient <= ZERO_GRADIENT else
                 f"a gradient of {gradient:.3g} reaches the weights (the loss is computed from the layer's "
                 f"logits), yet no weight change can move the output")
        return CONFIRMED, f"the output is {value:.3g} for every input (spread {spread:.3g}); {flows}"
    return NOT_CONFIRMED, f"the output varies across inputs (spread {spread:.3g})"


def off_class_mass(off_before: float, off_after: float, on_after: float) -> tuple[str, str]:
    """NN106: after fitting labelled samples, the wrong classes' outputs were not pushed down: they stay
    at OFF_CLASS_MASS or more and above half their starting value."""
    described = (f"wrong classes' mean output {off_before:.3g} → {off_after:.3g} after the fit "
                 f"(right class {on_after:.3g})")
    if off_after >= OFF_CLASS_MASS and off_after >= off_before / 2:
        return CONFIRMED, described + ": the loss does not push the other classes down"
    return NOT_CONFIRMED, described + ": the other classes were pushed down"


def gradient_gain(original_ratio: float, relu_ratio: float) -> tuple[str, str]:
    """NN111: first/last-layer gradient ratio of the original vs its ReLU version."""
    if not (finite(original_ratio) and finite(relu_ratio)) or original_ratio <= 0:
        return NOT_CONFIRMED, "the gradient ratio could not be measured"
    gain = relu_ratio / original_ratio
    described = (f"first/last-layer gradient ratio {original_ratio:.3g} with the saturating activation, "
                 f"{relu_ratio:.3g} with ReLU ({gain:.3g}×)")
    if gain >= GRADIENT_GAIN:
        return CONFIRMED, described
    return NOT_CONFIRMED, described + f": less than {GRADIENT_GAIN:g}× (the gradient reaches the first layer anyway)"


def compare_setups(worse: list[float], better: list[float], names: tuple[str, str]) -> tuple[str, str]:
    """NN501 / NN502 / NN601 / NN701: the flagged setup (`worse`) ends ≥ SETUP_RATIO× above the
    recommended one (`better`), or diverges."""
    a, b = names
    if diverged(worse) and not diverged(better):
        return CONFIRMED, f"{a}: the loss diverged (NaN/Inf); {b}: final loss {final(better):.3g}"
    if diverged(better):
        return NOT_CONFIRMED, f"{b} diverged too"
    before, after = final(worse), final(better)
    ratio = before / max(after, 1e-12)
    described = f"final loss {before:.3g} ({a}) vs {after:.3g} ({b})"
    if ratio >= SETUP_RATIO:
        return CONFIRMED, described + f": {ratio:.3g}× higher"
    return NOT_CONFIRMED, described + f": less than {SETUP_RATIO:g}× apart on this model"


def dead_units(flagged: float | None, reference: float | None) -> bool:
    """NN502: the flagged run leaves at least DEAD_FRACTION of the hidden units inactive, and DEAD_RATIO
    times as many as the reference run (None: no hidden layer was measured)."""
    if not (finite(flagged) and finite(reference)):
        return False
    return flagged >= DEAD_FRACTION and flagged >= DEAD_RATIO * max(reference, 1e-9)


def resume_spike(at_save: float, cold: list[float], warm: list[float]) -> tuple[str, str, float, float]:
    """NN402: the peak loss in the first RESUME_WINDOW steps after resuming, relative to the loss at the
    save, without (cold) and with (warm) the optimizer state."""
    if not finite(at_save) or at_save <= 0:
        return NOT_CONFIRMED, "the loss at the save is zero or not finite", math.nan, math.nan
    cold_peak = max(cold[:RESUME_WINDOW]) / at_save if cold else math.nan
    warm_peak = max(warm[:RESUME_WINDOW]) / at_save if warm else math.nan
    described = (f"loss peak in the first {RESUME_WINDOW} steps after resuming: {cold_peak:.3g}× the loss at the save "
                 f"without the optimizer state, {warm_peak:.3g}× with it")
    if not finite(cold_peak):
        return CONFIRMED, described + " (the loss diverged)", cold_peak, warm_peak
    if cold_peak >= RESUME_SPIKE and cold_peak >= RESUME_SPIKE * warm_peak:
        return CONFIRMED, described, cold_peak, warm_peak
    return NOT_CONFIRMED, described + f": no jump of ≥ {RESUME_SPIKE:g}× on this model", cold_peak, warm_peak


def missing(all_variables: list[str], saved: list[str]) -> list[str]:
    saved_set = set(saved)
    return [name for name in all_variables if name not in saved_set]


def compare_savers(original: tuple[list[str], list[str]], fixed: tuple[list[str], list[str]]) -> tuple[str, str]:
    """NN401: each side is (global variables, names its first Saver saves). Confirmed when the original
    Saver misses some variable (Adam's slots) and the fixed one misses none."""
    (all_before, saved_before), (all_after, saved_after) = original, fixed
    missing_before, missing_after = missing(all_before, saved_before), missing(all_after, saved_after)
    if missing_before and not missing_after:
        return CONFIRMED, (f"the original Saver misses {len(missing_before)} of {len(all_before)} variables "
                           f"(optimizer slots); the fixed one saves all {len(all_after)}")
    if not missing_before:
        return NOT_CONFIRMED, "the original Saver already saves every global variable"
    return NOT_CONFIRMED, f"the fixed Saver still misses {len(missing_after)} of {len(all_after)} variables"


def overfit(curve: list[float], nan_step: int | None) -> tuple[str, str, float | None]:
    """The single-sample overfit test: (passed/failed, reason, orders of magnitude the loss fell)."""
    if nan_step is not None:
        return FAILED, f"cannot overfit one sample: the loss became NaN/Inf at step {nan_step}", None
    if len(curve) < 2:
        return FAILED, "no training step ran", None
    first, last = curve[0], curve[-1]
    if min(curve) < 0:
        return FAILED, (f"the loss went negative ({min(curve):.3g}): it is not a loss these outputs can be fitted with "
                        f"(a probability loss fed raw scores?)"), None
    if last == 0:
        return PASSED, f"can overfit one sample (loss {first:.3g} → 0)", None
    if first == 0:
        return FAILED, "the loss is zero from the start: nothing to fit", None
    orders = math.log10(first / last)
    if orders >= OVERFIT_ORDERS:
        return PASSED, f"can overfit one sample: the loss fell {orders:.1f} orders of magnitude ({first:.3g} → {last:.3g})", orders
    reason = (f"cannot overfit one sample in {len(curve)} steps: the loss fell only {orders:.1f} orders of magnitude "
              f"({first:.3g} → {last:.3g}; needs ≥ {OVERFIT_ORDERS:g})")
    tail = curve[-max(2, len(curve) // 10):]
    if tail[0] > 0 and tail[-1] < STILL_FALLING * tail[0]:
        reason += "; it is still falling at the end: rerun with more --steps before suspecting the model"
    return FAILED, reason, orders


def gradient_flags(norms: dict[str, float]) -> dict[str, str]:
    flags = {}
    for layer, norm in norms.items():
        if not finite(norm):
            flags[layer] = "nan"
        elif norm < VANISHING:
            flags[layer] = "vanishing"
        elif norm > EXPLODING:
            flags[layer] = "exploding"
    return flags
