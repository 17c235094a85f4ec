"""Reading data nnlint did not write itself (configuration, baseline, cache entries) with bounded resources.

`read_limited` reads at most `limit` bytes of a regular file and never blocks: a FIFO, socket or device
(`/dev/zero` behind a symlink, a pipe named as `--config`) is refused before anything is read, and a file
larger than the limit is refused after reading `limit + 1` bytes, however large or endless it is. Parsing
what was read is the caller's; `json.loads` of hostile input must also catch `RecursionError` (deep nesting).
"""

from __future__ import annotations

import os
import stat


class TooLarge(ValueError):
    """The file is larger than the limit given (nothing of it is used)."""


class NotRegular(OSError):
    """The path is a FIFO, socket, device or folder, which nnlint does not read as data."""


def read_limited(path, limit: int, follow_symlinks: bool = True) -> bytes:
    """At most `limit` bytes of a regular file, or TooLarge / NotRegular / OSError."""
    flags = getattr(os, "O_NONBLOCK", 0) | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))

    def opener(name, mode):
        return os.open(name, mode | flags)

    with open(path, "rb", opener=opener) as handle:  # `open`, not os.open: tests can simulate failures
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegular(0, "not a regular file (a FIFO, socket, device or folder)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"larger than {describe(limit)}")
    return data


def describe(size: int) -> str:
    """A byte count as people read it: `1 MiB`, `64 KiB`, `512 bytes`."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"
