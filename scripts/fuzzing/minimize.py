"""Line-deletion delta debugging: the smallest set of lines (1-minimal with respect to removing chunks, then
single lines) for which a failure still reproduces.

`minimize(data, still_fails, deadline)` works on the input's lines as bytes, keeping each line's own line
ending, so CRLF, CR-only and mixed files stay what they were; a notebook is minimised by its code cells'
lines through the same predicate (the caller decides what a candidate is).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(data: bytes) -> list[bytes]:
    return _LINE.findall(data)


def minimize(data: bytes, still_fails: Callable[[bytes], bool], seconds: float = 60.0) -> bytes:
    """The smallest input found within `seconds` for which `still_fails` holds (`data` itself when the first
    check does not reproduce the failure)."""
    deadline = time.monotonic() + seconds
    lines = split_lines(data)
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, removed_any = 0, False
        while i < len(lines) and time.monotonic() < deadline:
            candidate = lines[:i] + lines[i + chunk:]
            if candidate and still_fails(b"".join(candidate)):
                lines = candidate
                removed_any = True
            else:
                i += chunk
        if not removed_any:
            chunk //= 2
        else:
            chunk = min(chunk, max(1, len(lines) // 2))
    return b"".join(lines)
