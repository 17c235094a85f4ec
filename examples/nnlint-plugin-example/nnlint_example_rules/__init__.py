"""Two example rules for nnlint: one on the facts API, one on LibCST with a fix."""

from __future__ import annotations

import ast
from typing import Iterator

import libcst as cst
import libcst.matchers as m

from nnlint.diagnostics import Applicability, Severity
from nnlint.facts import ModuleFacts
from nnlint.rules import Finding, Invalid, LibCSTRule, Option, Rule, Valid, register

MOMENTUM_MINIMUM = Option("example-sgd-momentum-minimum", float, 0.5,
                          "EXA101 fires on SGD whose momentum is missing or below this value.")


@register
class SGDWithoutMomentum(Rule):
    """## What it does
    Flags `torch.optim.SGD(...)` with no momentum, or a literal momentum below
    `example-sgd-momentum-minimum`.

    ## Why it matters
    Plain SGD follows each noisy minibatch gradient; momentum averages them and trains much faster.

    ## Example
    ```python
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    ```

    ## Use instead
    ```python
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    ```
    """

    code = "EXA101"
    name = "sgd-without-momentum"
    severity = Severity.INFO
    summary = "SGD without momentum"
    options = (MOMENTUM_MINIMUM,)
    valid = [Valid("import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\n")]
    invalid = [Invalid("import torch\nopt = torch.optim.SGD(params, lr=0.1)\n", at=((2, 7),))]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        minimum = facts.options[MOMENTUM_MINIMUM.name]
        for call in facts.calls:
            if facts.qualify(call.func) != "torch.optim.SGD":
                continue
            momentum = next((kw.value for kw in call.keywords if kw.arg == "momentum"), None)
            if momentum is None:
                yield Finding(call, "SGD without momentum follows every noisy gradient; pass momentum=0.9")
            elif isinstance(momentum, ast.Constant) and isinstance(momentum.value, (int, float)) \
                    and momentum.value < minimum:
                yield Finding(momentum, f"SGD momentum {momentum.value} is below {minimum}; try 0.9")


@register
class DeprecatedVariable(LibCSTRule):
    """## What it does
    Flags `torch.autograd.Variable(x)`.

    ## Why it matters
    Since PyTorch 0.4 tensors track gradients themselves; `Variable(x)` returns `x` and only adds noise.

    ## Example
    ```python
    x = Variable(torch.randn(3))
    ```

    ## Use instead
    ```python
    x = torch.randn(3)
    ```

    ## Fix safety
    Safe: `Variable(x)` is `x`.
    """

    code = "EXA201"
    name = "deprecated-variable"
    severity = Severity.WARNING
    summary = "torch.autograd.Variable is a no-op"
    valid = [Valid("import torch\nx = torch.randn(3)\n")]
    invalid = [Invalid("import torch\nfrom torch.autograd import Variable\nx = Variable(torch.randn(3))\n",
                       at=((3, 5),), fixed="import torch\nfrom torch.autograd import Variable\nx = torch.randn(3)\n")]

    @m.visit(m.Call(func=m.Name("Variable") | m.Attribute(attr=m.Name("Variable")), args=[m.Arg(keyword=None)]))
    def flag(self, node: cst.Call) -> None:
        self.report(node, "Variable(x) is x since PyTorch 0.4; use the tensor itself",
                    replacement=node.args[0].value, applicability=Applicability.SAFE,
                    fix_message="Remove the Variable() wrapper")
