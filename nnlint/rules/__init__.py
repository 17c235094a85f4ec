"""The rules. Each family lives in its own module and registers itself (`registry`); `ALL_RULES` and
`RULES_BY_CODE` include the rules of installed plugins (the `nnlint.rules` entry-point group)."""

from __future__ import annotations

from .base import Finding, Invalid, Option, Rule, Valid

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Invalid", "Option", "Rule", "Valid"]


def __getattr__(name: str):
    """`ALL_RULES` / `RULES_BY_CODE` are computed on first use: loading plugins must not happen at import."""
    from .registry import all_rules, rules_by_code

    if name == "ALL_RULES":
        return all_rules()
    if name == "RULES_BY_CODE":
        return rules_by_code()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
