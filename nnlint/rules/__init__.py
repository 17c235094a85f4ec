"""The rules. Each family lives in its own module and registers itself (`registry`); `ALL_RULES` and
`RULES_BY_CODE` include the rules of installed plugins (the `nnlint.rules` entry-point group).

The public API for writing rules (docs/plugins.md): `Rule`, `LibCSTRule`, `Finding`, `Option`, `Valid`,
`Invalid`, `register`, the facts a rule reads (`nnlint.facts.ModuleFacts`) and the fix intents
(`nnlint.intents`)."""

from __future__ import annotations

from .base import Finding, Invalid, Option, Rule, Valid
from .registry import register

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Invalid", "LibCSTRule", "Option", "Rule", "Valid", "register"]


def __getattr__(name: str):
    """`ALL_RULES` / `RULES_BY_CODE` are computed on first use: loading plugins must not happen at import."""
    from .registry import all_rules, rules_by_code

    if name == "LibCSTRule":  # imports LibCST: only for whoever writes such a rule
        from .libcst_rule import LibCSTRule

        return LibCSTRule
    if name == "ALL_RULES":
        return all_rules()
    if name == "RULES_BY_CODE":
        return rules_by_code()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
