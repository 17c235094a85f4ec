"""NN0: findings about nnlint's own inputs rather than the model code — noqa comments, newer syntax.

These rules are not queries over a module's facts: the engine produces their findings while applying
noqa comments (NN001, NN002) or when the file uses syntax of a newer Python than the running one
(NN003). They are rules all the same — selected, ignored, documented and listed like any other.
"""

from __future__ import annotations

from typing import ClassVar, Iterator

from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..syntax_version import example_for
from .base import Finding, Invalid, Rule, Valid
from .registry import register


class MetaRule(Rule):
    """A rule whose findings the engine produces itself (`check` finds nothing in the facts)."""

    meta: ClassVar[bool] = True

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        return iter(())


@register
class UnusedNoqa(MetaRule):
    """## What it does
    Flags `# noqa: NN…` codes that suppress nothing: the finding they were written for is gone (fixed,
    or the code moved), or the rule they name is not enabled. Other tools' codes in the same comment
    (`E501`, `RUF100`) and bare `# noqa` comments are left alone: nnlint cannot tell whether another
    tool needs them. Opt-in, like ruff's RUF100: `--extend-select NN001`.

    ## Why it matters
    A stale suppression hides the next real finding on that line. Removing them keeps every `noqa` a
    deliberate, current decision.

    ## Example
    ```python
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU())  # noqa: NN201
    ```

    ## Use instead
    ```python
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
    ```

    ## Fix safety
    Safe: the fix removes only the unused codes from the comment (the whole comment when nothing else is
    in it); no code changes, and nothing that was suppressed becomes visible, since these codes suppressed
    nothing.
    """

    code = "NN001"
    name = "unused-noqa"
    severity = Severity.WARNING
    summary = "a noqa code that suppresses nothing"
    opt_in = True
    valid = [Valid("x = 1  # noqa: E501\n"), Valid("x = 1  # noqa\n")]
    invalid = [Invalid("x = 1  # noqa: NN201\n", ((1, 8),), fixed="x = 1\n"),
               Invalid("x = 1  # noqa: E501, NN201\n", ((1, 8),), fixed="x = 1  # noqa: E501\n")]


@register
class InvalidNoqa(MetaRule):
    """## What it does
    Flags a `# noqa` comment nnlint cannot read as intended: one whose list names no rule code
    (`# noqa: NN`, `# noqa: 101`, `# noqa:,`), a non-code after a comma (`# noqa: NN101, 101`), an `NN`
    code that names no rule (`# noqa: NN999`), NN000 (never suppressed), or codes without the colon
    (`# noqa NN201`).

    ## Why it matters
    flake8 reads a malformed list as a bare `# noqa` and silently hides every finding on the line.
    nnlint never suppresses more than a comment names: an invalid list suppresses nothing, and this
    rule says why, so the comment can be corrected.

    ## Example
    ```python
    model = nn.Linear(4, 8, bias=False)  # noqa: 201
    ```

    ## Use instead
    ```python
    model = nn.Linear(4, 8, bias=False)  # noqa: NN201
    ```

    ## Fix safety
    Safe: the fix (for unknown codes only) removes the code that names no rule, which suppressed nothing;
    no code changes. A list without any valid code has no automatic fix: only you know which code was
    meant.
    """

    code = "NN002"
    name = "invalid-noqa"
    severity = Severity.WARNING
    summary = "a noqa comment that names no valid rule code"
    valid = [Valid("x = 1  # noqa: NN201\n"), Valid("x = 1  # noqa: E501, NN2 the reason\n"), Valid("x = 1  # noqa\n")]
    invalid = [Invalid("x = 1  # noqa: NN\n", ((1, 8),)), Invalid("x = 1  # noqa: 101\n", ((1, 8),)),
               Invalid("x = 1  # noqa:,\n", ((1, 8),)), Invalid("x = 1  # noqa: NN101, 101\n", ((1, 23),)),
               Invalid("x = 1  # noqa: E501, NN999\n", ((1, 22),), fixed="x = 1  # noqa: E501\n")]


_NEWER = example_for()


@register
class NewerPythonSyntax(MetaRule):
    """## What it does
    Reports a file that uses syntax of a newer Python than the one running nnlint (a `type` alias,
    generics or PEP 701 f-strings under Python 3.11; a t-string under 3.13), which that Python cannot
    parse. The file is not linted. It names the feature and the Python version it needs.

    ## Why it matters
    The file is not broken — nnlint just cannot read it — so it is not a syntax error of your code
    (NN000). But it was not linted either, so it must not look clean. Run nnlint with a newer Python,
    or ignore NN003 where you accept that. When the project's `target-version` (or
    `project.requires-python`) is older than the feature, the file really is a syntax error for the
    project, and it is reported as NN000 instead.

    ## Example
    ```python
    type Vector = list[float]   # linted by nnlint running on Python 3.11
    ```

    ## Use instead
    Run nnlint on Python 3.12 or newer (`pipx install --python python3.12 nnlint`), or
    `ignore = ["NN003"]`.
    """

    code = "NN003"
    name = "newer-python-syntax"
    severity = Severity.WARNING
    summary = "syntax of a newer Python than the one running nnlint"
    valid = [Valid("Vector = list[float]\n")]
    invalid = [Invalid(_NEWER[0], (_NEWER[1],))] if _NEWER else []

