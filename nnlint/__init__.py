"""nnlint: a static linter for deep-learning model code.

Public API: `lint_paths`, `lint_source`, and the command line (`nnlint`). Everything
else is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "lint_paths", "lint_source"]


def __getattr__(name: str):
    """`lint_paths` and `lint_source` on first use: `nnlint --help` must not load the linter."""
    if name in ("lint_paths", "lint_source"):
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'nnlint' has no attribute {name!r}")
