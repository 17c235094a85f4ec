"""Turning measurements into verdicts: the criteria, in one place, with no framework imports.

Every function takes plain numbers (loss curves, standard deviations, variable names) so the rules
that decide "confirmed" can be read and unit-tested without torch or TensorFlow.
"""

from __future__ import annotations

import math

CONFIRMED, NOT_CONFIRMED, SKIPPED, ERROR = "confirmed", "not confirmed", "skipped", "error"
PASSED, FAILED = "passed", "failed"
VERDICTS = (CONFIRMED, NOT_CONFIRMED, SKIPPED, ERROR)

#: the fixed model's final loss must be this many times below the original's
FIT_RATIO = 10.0
#: "fits": final mean squared error at most this fraction of the target's mean square
FIT_TOLERANCE = 1e-2
#: NN301: the fixed signal ratio must be closer to 1 by at least this factor (in log terms)
SIGNAL_MARGIN = 1.25
#: the overfit test passes when the loss falls by this many orders of magnitude
OVERFIT_ORDERS = 2.0
#: per-layer gradient norms outside these bounds are reported as vanishing / exploding
VANISHING, EXPLODING = 1e-7, 1e3


def final(curve: list[float]) -> float:
    return curve[-1] if curve else math.nan


def finite(value: float) -> bool:
    return value is not None and math.isfinite(value)


def steps_to_fit(curve: list[float], scale: float) -> int | None:
    """The first step whose loss is within FIT_TOLERANCE of the target's scale, or None."""
    limit = FIT_TOLERANCE * scale
    return next((step for step, loss in enumerate(curve) if loss <= limit), None)


def compare_fits(original: list[float], fixed: list[float], scale: float) -> tuple[str, str]:
    """NN101 / NN201: the original plateaus, the fixed model reaches a small loss."""
    before, after = final(original), final(fixed)
    if not finite(after):
        return NOT_CONFIRMED, "the fixed model's loss is not finite"
    if not finite(before):
        return CONFIRMED, "the original's loss diverged (NaN/Inf); the fixed model trains"
    ratio = before / max(after, 1e-12)
    fits = after <= FIT_TOLERANCE * scale
    if fits and before <= FIT_TOLERANCE * scale:
        return NOT_CONFIRMED, f"both fit (final loss {before:.3g} vs {after:.3g}): the original is not held back here"
    if ratio >= FIT_RATIO and fits:
        return CONFIRMED, f"final loss {before:.3g} → {after:.3g} ({ratio:.3g}× lower); the fixed model fits the target"
    if not fits:
        return NOT_CONFIRMED, f"the fixed model does not fit the target either (final loss {after:.3g})"
    return NOT_CONFIRMED, f"both fit (final loss {before:.3g} vs {after:.3g}): the original is not held back here"


def depth_ratio(stds: list[float]) -> float | None:
    """Last-to-first ratio of per-layer activation standard deviations."""
    if len(stds) < 2 or not stds[0] or not all(finite(s) for s in stds):
        return None
    return stds[-1] / stds[0]


def compare_signal(original: list[float], fixed: list[float], steps_original: int | None,
                   steps_fixed: int | None) -> tuple[str, str]:
    """NN301: the fixed init keeps the signal nearer constant through depth, and fits no slower."""
    before, after = depth_ratio(original), depth_ratio(fixed)
    if before is None or after is None:
        return NOT_CONFIRMED, "fewer than two weight layers were seen, so there is no signal ratio to compare"
    drift_before = abs(math.log10(max(before, 1e-30)))
    drift_after = abs(math.log10(max(after, 1e-30)))
    closer = drift_before >= SIGNAL_MARGIN * drift_after and drift_before - drift_after >= math.log10(1.2)
    slower = steps_fixed is None and steps_original is not None or (
        steps_fixed is not None and steps_original is not None and steps_fixed > steps_original)
    described = f"last/first std {before:.3g} → {after:.3g}; steps to fit {_steps(steps_original)} → {_steps(steps_fixed)}"
    if closer and not slower:
        return CONFIRMED, described
    if not closer:
        return NOT_CONFIRMED, described + " (the original's signal already survives this depth)"
    return NOT_CONFIRMED, described + " (the fixed model fits more slowly)"


def _steps(steps: int | None) -> str:
    return "never" if steps is None else str(steps)


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


def missing(all_variables: list[str], saved: list[str]) -> list[str]:
    saved_set = set(saved)
    return [name for name in all_variables if name not in saved_set]


def overfit(curve: list[float], nan_step: int | None) -> tuple[str, str, float | None]:
    """The single-sample overfit test: (passed/failed, reason, orders of magnitude of loss reduction)."""
    if nan_step is not None:
        return FAILED, f"loss became NaN/Inf at step {nan_step}", None
    if len(curve) < 2 or curve[0] <= 0:
        return PASSED, "the loss is already zero", None
    orders = math.log10(curve[0] / max(curve[-1], 1e-30))
    if orders >= OVERFIT_ORDERS:
        return PASSED, f"loss fell {orders:.1f} orders of magnitude", orders
    return FAILED, f"loss fell only {orders:.1f} orders of magnitude (cannot overfit one sample)", orders


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
