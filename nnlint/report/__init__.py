"""Output formats. Each module renders a list of diagnostics to a string."""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic
from . import concise, full, github, json_format, sarif

DOCS_URL = "https://github.com/nnlint/nnlint/blob/main/docs/rules.md#{anchor}"

#: formats that print a summary line to stderr (the human ones)
HUMAN_FORMATS = frozenset({"full", "concise"})

RENDERERS: dict[str, Callable[..., str]] = {
    "full": full.render,
    "concise": concise.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}


def docs_url(code: str) -> str:
    from ..rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code)
    anchor = f"{code.lower()}-{rule.name}" if rule else code.lower()
    return DOCS_URL.format(anchor=anchor)


def render(fmt: str, diagnostics: list[Diagnostic], color: bool = False) -> str:
    return RENDERERS[fmt](diagnostics, color=color)
