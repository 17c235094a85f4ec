"""Output formats. Each module renders a list of diagnostics to a string."""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic
from . import concise, full, github, gitlab, json_format, sarif
from .urls import docs_url  # noqa: F401  (part of this package's interface)

#: formats that print a summary line to stderr (the human ones)
HUMAN_FORMATS = frozenset({"full", "concise"})

RENDERERS: dict[str, Callable[..., str]] = {
    "full": full.render,
    "concise": concise.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
    "gitlab": gitlab.render,
}


def render(fmt: str, diagnostics: list[Diagnostic], color: bool = False, applicable=None) -> str:
    """`applicable(diagnostic)`: whether `--fix` would apply its fix (the `[*]` mark of the full and concise
    formats; default: safe fixes)."""
    if fmt in ("full", "concise") and applicable is not None:
        return RENDERERS[fmt](diagnostics, color=color, applicable=applicable)
    return RENDERERS[fmt](diagnostics, color=color)
