"""NN6: BatchNorm needs more than one sample per batch."""

from __future__ import annotations

import ast
import re
from typing import Iterator

from .. import frameworks
from ..analysis.flow import argument, keyword
from ..diagnostics import Severity
from ..facts import ModuleFacts
from ..frameworks import methods as api
from .registry import register
from .base import Finding, Invalid, Rule, Valid, dedent

# a word that starts with an evaluation term: `val_loader`, `testloader`, `DataLoader(eval_set)`, `evaluate()`
_EVALUATION = re.compile(r"(?<![a-z])(val(?!ue)|test|eval|infer|predict|holdout)", re.IGNORECASE)


@register
class BatchNormWithBatchSizeOne(Rule):
    """## What it does
    Flags training with batch size 1 (`DataLoader(..., batch_size=1)`, a training `DataLoader` with no
    `batch_size` — PyTorch's default is 1 — or `model.fit(..., batch_size=1)`) in a module whose model
    contains a BatchNorm layer.

    ## Why it matters
    Batch size 1 gives the finest feedback when debugging, but BatchNorm then normalises each sample by
    its own statistics: activations collapse and gradients vanish or explode (practitioners saw NaN on the
    second iteration). Remove batch norm while debugging at batch size 1, or use a larger batch.

    ## Example
    ```python
    loader = DataLoader(train_set, batch_size=1, shuffle=True)   # model has nn.BatchNorm2d
    ```

    ## Use instead
    ```python
    loader = DataLoader(train_set, batch_size=32, shuffle=True)
    ```
    Evaluation-only loaders and models without BatchNorm are fine.
    """

    code = "NN601"
    name = "batchnorm-with-batch-size-1"
    severity = Severity.WARNING
    summary = "BatchNorm model trained with batch size 1"

    valid = [
        Valid(dedent("""
            import torch.nn as nn
            from torch.utils.data import DataLoader
            model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
            train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
            val_loader = DataLoader(val_set, batch_size=1)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch.nn as nn
            from torch.utils.data import DataLoader
            model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
            loader = DataLoader(train_set, shuffle=True)
        """), at=((4, 10),)),
        Invalid(dedent("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(8), keras.layers.BatchNormalization(), keras.layers.Dense(1)])
            model.fit(x, y, batch_size=1, epochs=3)
        """), at=((3, 17),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        index = facts.index
        if not any(index.qualify(c.func) in frameworks.BATCH_NORMS for c in index.calls):
            return
        for call in index.calls:
            scope = index.scope_of(call)
            if index.qualify(call.func) in frameworks.DATA_LOADERS:
                size = argument(call, *api.LOADER_BATCH_SIZE)
                if size is not None and index.values.literal(size, scope) != 1:
                    continue
                if size is None and keyword(call, api.LOADER_BATCH_SAMPLER) is not None:
                    continue
                if self._evaluation_only(facts, call):
                    continue
                where = _on_call_line(call, size)
                size_text = "batch_size=1" if size is not None else "no batch_size (PyTorch's default is 1)"
                yield Finding(where, f"training DataLoader with {size_text} for a model with BatchNorm; use a larger "
                                     f"batch, or remove BatchNorm to debug at size 1: per-sample statistics make "
                                     f"gradients vanish or explode")
            elif isinstance(call.func, ast.Attribute) and call.func.attr in api.FIT_METHODS:
                size = keyword(call, api.BATCH_SIZE_KEYWORD)
                if size is not None and index.values.literal(size.value, scope) == 1:
                    yield Finding(_on_call_line(call, size), "fit() with batch_size=1 for a model with "
                                  "BatchNormalization; use a larger batch, or remove BatchNorm to debug at size 1: "
                                  "per-sample statistics make gradients vanish or explode")

    @staticmethod
    def _evaluation_only(facts: ModuleFacts, call: ast.Call) -> bool:
        """A loader named for evaluation (`val_loader`, `DataLoader(test_set)`, built in `evaluate()`)."""
        parent = facts.index.parents.get(call)
        names_seen = []
        if isinstance(parent, ast.Assign):
            names_seen += [ast.unparse(t) for t in parent.targets]
        elif isinstance(parent, ast.keyword) and parent.arg:
            names_seen.append(parent.arg)
        dataset = argument(call, *api.LOADER_DATASET)
        if dataset is not None:
            names_seen.append(ast.unparse(dataset))
        function = facts.index.enclosing_function(call)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names_seen.append(function.name)
        return any(_EVALUATION.search(name) for name in names_seen)


def _on_call_line(call: ast.Call, size) -> ast.AST:
    """The caret under `batch_size=1` when it is on the line the call starts (the contract's line), else the call."""
    if size is None:
        return call
    node = next((kw for kw in call.keywords if kw.value is size or kw is size), size)
    return node if getattr(node, "lineno", None) == call.lineno else call
