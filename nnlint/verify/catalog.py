"""Which rules `nnlint verify` can check, how each check gets its two sides, and what decides it.

`sides` says where the comparison comes from: "fix" — the model as written vs as `nnlint --fix`
leaves it; "experiment" — vs the change the rule asks for, made by the verifier only (there is no
automatic fix); "runtime" — the same model, trained two ways (the setup is what the rule is about).
The thresholds themselves live in `verdicts`; `docs/verify.md` explains each check.
"""

from __future__ import annotations

from dataclasses import dataclass

MODEL_FRAMEWORKS = ("torch", "keras")


@dataclass(frozen=True)
class CheckInfo:
    code: str
    title: str
    sides: str  # fix | experiment | runtime
    metric: str  # the deciding metric, as the report and the docs name it
    frameworks: tuple[str, ...] = MODEL_FRAMEWORKS


CHECKS = {info.code: info for info in (
    CheckInfo("NN101", "output range and a fit below it", "fix",
              "final MSE of a fit to a target 1 below the original's output range"),
    CheckInfo("NN102", "fit of labelled samples with the file's loss", "fix",
              "final loss of a fit of 8 labelled samples with the file's logits loss"),
    CheckInfo("NN103", "output and gradient of the one-unit softmax", "runtime",
              "output spread over 256 inputs and the loss's gradient norm"),
    CheckInfo("NN104", "fit with the probability loss vs its logits twin", "runtime",
              "final loss of a fit of 8 labelled samples (or the loss raising / going negative)"),
    CheckInfo("NN106", "wrong classes' outputs after a fit", "runtime",
              "mean output of the wrong classes after fitting 8 labelled samples"),
    CheckInfo("NN111", "gradient reaching the first layer, saturating vs ReLU", "experiment",
              "first/last-layer gradient-norm ratio at initialisation, original vs ReLU in its place"),
    CheckInfo("NN201", "fit along a ray of inputs", "fix",
              "final MSE of a fit to targets that are not affine along the inputs 0, x, 2x, 3x"),
    CheckInfo("NN301", "signal through depth", "fix",
              "last/first weight layer output-std ratio at initialisation (train mode)"),
    CheckInfo("NN401", "what each Saver saves", "fix",
              "global variables the first Saver does not save", ("tf1",)),
    CheckInfo("NN402", "resume with and without the optimizer state", "runtime",
              "loss peak in the 5 steps after a resume, relative to the loss at the save"),
    CheckInfo("NN501", "the file's schedule vs a constant rate", "runtime",
              "final loss on a learnable task, scheduled vs constant learning rate"),
    CheckInfo("NN502", "the file's learning rate vs 1e-3", "runtime",
              "final loss on a learnable task (and inactive hidden units), the file's rate vs 1e-3"),
    CheckInfo("NN601", "batch-norm at batch size 1", "runtime",
              "an error at batch size 1, outputs that no longer depend on the input, or the final loss at "
              "batch size 1 vs a batch of 16"),
    CheckInfo("NN701", "raw vs scaled inputs", "runtime",
              "final loss on a learnable task with inputs in 0-255 vs the same inputs scaled to 0-1"),
)}

#: why a rule with no check has none
UNCHECKED = {
    "NN001": "it is about a noqa comment, not the model", "NN002": "it is about a noqa comment, not the model",
    "NN003": "it is about the Python version the file needs, not the model",
    "NN702": "it is about the scaling of test-time inputs, and verify does not evaluate on the file's data",
    "NN703": "inputs scaled twice are not measured yet (NN701's check measures the input range)",
    "NN801": "a reshape that scrambles axes shows in the data's layout, which verify does not have",
    "NN105": "a bounded output is right or wrong depending on the targets' range, which only the data shows",
    "NN202": "an opt-in convention hint (bias-free projections in transformers), not a defect to measure",
    "NN302": "Keras's default Glorot init is an opt-in hint; its effect is NN301's, on an explicit init",
    "NN303": "an opt-in convention hint (small-std init in transformers), not a defect to measure",
    "NN503": "an opt-in hint about smooth schedules, which the tips do not call harmful",
}


def skip_reason(code: str, framework: str | None) -> str | None:
    """Why a finding of `code` cannot be checked on a file of `framework`, or None when it can."""
    info = CHECKS.get(code)
    if info is None:
        why = UNCHECKED.get(code, "its effect is not measurable at run time")
        return f"no run-time check exists for {code} ({why})"
    if framework not in info.frameworks:
        where = {"tf1": "TF1 graph code", "jax": "JAX/Flax code", None: "this file"}.get(framework, framework)
        return (f"{code}'s check runs on {' and '.join(_names(info.frameworks))} models, not on {where}")
    return None


def _names(frameworks: tuple[str, ...]) -> list[str]:
    return [{"torch": "PyTorch", "keras": "Keras", "tf1": "TF1 graph"}[f] for f in frameworks]
