"""NN8: check your reshaping (NN801)."""

from __future__ import annotations

from typing import Iterator

from ..analysis.reshapes import Reshapes
from ..diagnostics import Severity
from ..facts import ModuleFacts
from .base import Finding, Invalid, Rule, Valid, dedent
from .registry import register


@register
class AxisScramblingReshape(Rule):
    """## What it does
    Flags a `reshape`/`view` (torch, numpy, TF, Keras `Reshape`) whose target lists a tensor's known
    dimensions in another order than they are laid out: `b, c, h, w = x.shape` then `x.view(b, h, w, c)`;
    `x.reshape(x.size(0), x.size(2), x.size(3), x.size(1))`; CIFAR-10/100 python-pickle rows (3×32×32,
    channel first) reshaped straight to `(-1, 32, 32, 3)`. A conversion keeps the dimensions it was given
    (`h, w, c = img.shape` then `torch.from_numpy(img).view(1, c, h, w)`). The message shows the
    `permute`/`transpose` that was probably meant, in the reshaped array's library. Files that import no
    deep-learning framework but prepare a model's inputs (cv2, PIL, imageio, onnxruntime, OpenVINO, TFLite,
    torchvision, or numpy reading CIFAR pickles) are checked too.

    ## Why it matters
    Check your reshaping. A reshape never moves values: it keeps them in memory order and only changes
    how they are indexed. Asking for the same dimensions in another order gives a tensor of the right
    shape whose "pixels" mix channels and rows: spatial locality is destroyed, convolutions see noise,
    and nothing raises an error — the model just learns badly. Changing the order of axes takes a
    `permute`/`transpose`.

    ## Example
    ```python
    b, c, h, w = x.shape
    x = x.view(b, h, w, c)
    ```

    ## Use instead
    ```python
    b, c, h, w = x.shape
    x = x.permute(0, 2, 3, 1)
    ```
    Reshapes that keep the order are fine: flattening (`x.view(b, -1)`), merging or splitting adjacent
    axes (`x.view(b, c, h * w)`, `x.view(b, t, heads, d // heads)`), and `reshape(-1, 3, 32, 32)` followed
    by `.transpose(0, 2, 3, 1)`. Shapes nnlint does not know (literals, another tensor's sizes) are never
    flagged.
    """

    code = "NN801"
    name = "axis-scrambling-reshape"
    severity = Severity.ERROR
    input_pipeline = True
    summary = "reshape lists a tensor's dimensions out of order"

    valid = [
        Valid(dedent("""
            import torch
            def forward(x):
                b, c, h, w = x.shape
                return x.view(b, c, h * w), x.view(b, -1)
        """)),
        Valid(dedent("""
            import torch
            def forward(x):
                b, c, h, w = x.shape
                x = x.permute(0, 2, 3, 1)
                return x.reshape(b, h, w, c)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            def forward(x):
                b, c, h, w = x.shape
                return x.view(b, h, w, c)
        """), at=((4, 12),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for scramble in Reshapes(facts).scrambles():
            yield Finding(scramble.call, f"this reshape lists the dimensions of `{scramble.tensor}` ({scramble.layout}) "
                                         f"in another order: a reshape only relabels memory, so the values are "
                                         f"scrambled, not moved; use {scramble.suggestion}")
