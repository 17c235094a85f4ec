"""What a rule is: one class carrying its code, name, severity, documentation, options and examples.

A rule is a subclass of `Rule` with a `check(facts)` that yields `Finding`s: the `ast` node a finding points
at, the message, and — where a safe and obvious change exists — the fix as an intent (`nnlint.intents`).
Decorating the class with `@register` adds it to the registry (`nnlint.rules.registry`); rules of other
packages are found through the `nnlint.rules` entry-point group. `LibCSTRule` (in `nnlint.rules.libcst_rule`) is the base for rules
written as LibCST visitors.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Iterator

from ..diagnostics import Severity
from ..document import Span
from ..facts import ModuleFacts
from ..intents import Intent


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


@dataclass(frozen=True)
class Option:
    """A setting a rule reads (`[tool.nnlint]` key `name`); config validation and the docs come from here."""

    name: str
    type: type
    default: Any
    doc: str

    def validate(self, value: Any) -> Any:
        """The value converted to the option's type, or `ValueError` saying what was expected."""
        if self.type is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if self.type is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if self.type is bool and isinstance(value, bool):
            return value
        if self.type is str and isinstance(value, str):
            return value
        if self.type is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        expected = {float: "a number", int: "an integer", bool: "true or false", str: "a string",
                    list: "a list of strings"}.get(self.type, self.type.__name__)
        raise ValueError(f"must be {expected}")


@dataclass
class Finding:
    node: ast.AST | None
    message: str
    fix: Intent | None = None
    #: where the finding is when there is no `ast` node (LibCST rules): character columns, 1-based
    span: Span | None = None
    statement_line: int | None = None
    context: str = ""


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: opt-in rules run only when selected by their exact code or by ALL
    opt_in: ClassVar[bool] = False
    #: settings the rule reads from `facts.options[name]`
    options: ClassVar[tuple[Option, ...]] = ()
    #: also checks files that import no deep-learning framework but prepare a model's inputs (an image
    #: reader, an inference runtime, torchvision transforms, CIFAR pickles): NN703 and NN801
    input_pipeline: ClassVar[bool] = False
    valid: ClassVar[list[Valid]] = []
    invalid: ClassVar[list[Invalid]] = []
    #: derived, never declared: a rule is fixable when one of its invalid examples shows its fix (`fixed=`)
    fixable: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.fixable = any(example.fixed is not None for example in cls.invalid)

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        raise NotImplementedError

    def findings(self, facts: ModuleFacts) -> Iterable[Finding]:
        """What `lint` calls; a rule written another way (LibCST) overrides this instead of `check`."""
        return self.check(facts)

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent(inspect.getdoc(cls) or "").strip()


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")
