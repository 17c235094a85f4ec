"""The rule registry. Each family lives in its own module; `ALL_RULES` lists them in code order."""

from __future__ import annotations

from .base import Finding, Invalid, Rule, Valid
from .bias import BiasDisabled
from .init import NonVarianceScalingInit
from .output import OutputActivation
from .probability import (
    BoundedOutputActivation, DoubleActivation, LogitsIntoProbabilityLoss, MismatchedProbabilityLoss, SingleUnitSoftmax,
)

ALL_RULES: list[type[Rule]] = sorted(
    [OutputActivation, DoubleActivation, SingleUnitSoftmax, LogitsIntoProbabilityLoss, BoundedOutputActivation,
     MismatchedProbabilityLoss, BiasDisabled, NonVarianceScalingInit],
    key=lambda rule: rule.code,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Invalid", "Rule", "Valid"]
