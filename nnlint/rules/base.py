"""What a rule is: one class carrying its code, name, severity, documentation and examples."""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from typing import ClassVar, Iterator

from ..diagnostics import Fix, Severity
from ..facts import ModuleFacts


@dataclass(frozen=True)
class Valid:
    """Code the rule must stay silent on."""

    code: str


@dataclass(frozen=True)
class Invalid:
    """Code the rule must fire on, at exactly these (line, column) places, 1-based."""

    code: str
    at: tuple[tuple[int, int], ...]
    fixed: str | None = None  # the text after `--fix`, where the rule has a fix


@dataclass
class Finding:
    node: ast.AST
    message: str
    fix: Fix | None = None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: opt-in rules run only when selected by their exact code or by ALL
    opt_in: ClassVar[bool] = False
    fixable: ClassVar[bool] = False
    valid: ClassVar[list[Valid]] = []
    invalid: ClassVar[list[Invalid]] = []

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent(inspect.getdoc(cls) or "").strip()


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")
