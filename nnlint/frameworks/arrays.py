"""NumPy, as far as the model rules need it: the math of hand-written losses and softmaxes."""

from __future__ import annotations

from .record import FrameworkRecord

RECORD = FrameworkRecord(
    name="numpy",
    roots=("numpy",),
    is_framework=False,  # importing numpy alone does not make a file model code
    log_functions=frozenset({"numpy.log"}),
    exp_functions=frozenset({"numpy.exp"}),
    sum_functions=frozenset({"numpy.sum", "numpy.mean"}),
    # einops is framework-neutral: its einsum multiplies torch, TF and JAX tensors alike
    product_functions=frozenset({"numpy.matmul", "numpy.einsum", "einops.einsum"}),
)
