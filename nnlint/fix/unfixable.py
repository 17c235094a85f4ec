"""The one exception a fix raises when its intent cannot be carried out safely."""

from __future__ import annotations


class Unfixable(Exception):
    """The intent cannot be carried out safely here; the finding gets no fix (the reason says why)."""
