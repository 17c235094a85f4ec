"""Automatic fixes: `nnlint --fix`, `--diff`, `--fix-only`, and `fix_source()` for other tools.

- `registry`: which codes have a fixer; fixers compute a `Fix` from a finding's `ast` node.
- `document`/`sequence`/`common`: LibCST plumbing shared by the fixers.
- `apply`: applying fixes to text in passes, each pass re-linted and validated.
- `files`: fixing files on disk, atomically; the command-line entry point.
"""

from __future__ import annotations

from . import document  # noqa: F401  (first: it imports LibCST with its deprecation noise silenced)
from .apply import FixOutcome, fix_source, fix_text
from .registry import FIXERS, attach_fixes

__all__ = ["FIXERS", "FixOutcome", "attach_fixes", "fix_source", "fix_text"]
