"""Writing a file nnlint changed, without ever losing what is on disk.

Atomically (a temporary file in the same directory, then `os.replace`), in the file's own encoding, with its
permission bits, and only if the file still holds exactly the bytes that were read: an editor's save or a
`git checkout` in between is reported, never overwritten.
"""

from __future__ import annotations

import os
import stat
import tempfile


class WriteError(Exception):
    """The file could not be written (the message says why); it was left as it was."""


def write_atomic(path: str, text: str, encoding: str, expected: bytes | None = None) -> None:
    """Replace a file's contents atomically, keeping its encoding and permission bits; with `expected`, only
    if the file still holds exactly those bytes."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise WriteError("file is read-only")  # no write bit: respected even when running as root
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise WriteError(f"cannot encode as {encoding}: {exc}") from None
    directory = os.path.dirname(target) or "."
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".nnlint")
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if expected is not None and _current(target) != expected:
            raise WriteError("the file changed while it was being fixed")
        os.replace(temporary, target)
    except (OSError, WriteError) as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, WriteError):
            raise
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None


def _current(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None
