"""The rule registry. Each family lives in its own module; `ALL_RULES` lists them in code order."""

from __future__ import annotations

from .activation import HiddenSaturatingActivation
from .base import Finding, Invalid, Rule, Valid
from .batchnorm import BatchNormWithBatchSizeOne
from .bias import BiasDisabled
from .checkpoint import CheckpointWithoutOptimizerState, SaverBeforeOptimizerSlots
from .init import ImplicitGlorotDefault, NonVarianceScalingInit
from .lr import AdamLearningRateTooHigh, DecayWithAdam
from .meta import META_RULES
from .output import OutputActivation
from .probability import (
    BoundedOutputActivation, DoubleActivation, LogitsIntoProbabilityLoss, MismatchedProbabilityLoss, SingleUnitSoftmax,
)

ALL_RULES: list[type[Rule]] = sorted(
    [
        OutputActivation, DoubleActivation, SingleUnitSoftmax, LogitsIntoProbabilityLoss, BoundedOutputActivation,
        MismatchedProbabilityLoss, HiddenSaturatingActivation, BiasDisabled, NonVarianceScalingInit,
        ImplicitGlorotDefault, SaverBeforeOptimizerSlots, CheckpointWithoutOptimizerState, DecayWithAdam,
        AdamLearningRateTooHigh, BatchNormWithBatchSizeOne, *META_RULES,
    ],
    key=lambda rule: rule.code,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Invalid", "Rule", "Valid"]
