"""The fixed source, computed in memory with the same fix engine as `nnlint --fix` (never written)."""

from __future__ import annotations

from dataclasses import dataclass

from ..fix import fix_source
from ..selection import Selection

ENGINE = "nnlint.fix"


@dataclass
class Fixed:
    text: str
    engine: str = ENGINE


def fixed_source(text: str, path: str, codes: list[str] | None) -> Fixed:
    """The source with the fixes of `codes` applied (every fixable rule when None); noqa is respected."""
    selection = Selection(select=list(codes)) if codes else None
    return Fixed(fix_source(text, path, selection=selection).text)
