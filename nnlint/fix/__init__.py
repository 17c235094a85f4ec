"""Fixes: turning the intents rules attach to findings into validated text edits.

- `intent_edits`: one intent → edits (LibCST where commas, comments and blank lines must be kept right).
- `sequence`: removing an item from a call's arguments or a list, keeping it well-formed.
- `loop`: `fix_document` (passes until stable, each validated) and `compute_fixes` (edits without applying).

Files on disk are the business of `nnlint.fix_files` (an adapter over `nnlint.engine`).
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # libcst 1.0's metadata package uses a deprecated mypy_extensions API
    warnings.simplefilter("ignore", DeprecationWarning)
    import libcst  # noqa: F401

from .intent_edits import edits_for
from .loop import MAX_PASSES, FixOutcome, Rejected, compute_fixes, fix_document
from .unfixable import Unfixable

__all__ = ["MAX_PASSES", "FixOutcome", "Rejected", "Unfixable", "compute_fixes", "edits_for", "fix_document",
           "fix_source"]


def fix_source(text: str, path: str = "<string>", selection=None, options=None) -> FixOutcome:
    """Fix Python source text in memory (never writes). Respects the selection and noqa comments."""
    from ..document import Document
    from ..selection import Selection

    return fix_document(Document(path, text), (selection or Selection()).rules(), options)
