"""nnlint: a static linter for deep-learning model code.

Public API: `lint_paths`, `lint_source`, and the command line (`nnlint`). Everything
else is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .engine import lint_paths, lint_source  # noqa: E402

__all__ = ["__version__", "lint_paths", "lint_source"]
