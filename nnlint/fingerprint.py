"""Fingerprints that identify a finding across unrelated edits (lines added above it, re-indentation).

Built from the rule code, the file path, the enclosing class/function and the offending source
line with whitespace normalised — not from the line number. Findings that share all of these get an
occurrence index so each keeps its own fingerprint.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from .diagnostics import Diagnostic


def _key(d: Diagnostic) -> str:
    normalised = " ".join(d.source_line.split())
    return "\x1f".join((d.code, d.path.replace("\\", "/"), d.context, normalised))


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    seen: Counter[str] = Counter()
    result = []
    for d in diagnostics:
        key = _key(d)
        occurrence = seen[key]
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x1f{occurrence}".encode()).hexdigest()[:32])
    return result
