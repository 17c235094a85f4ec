"""Writing the user's files without ever losing a byte: every file nnlint writes for the user goes through here
(`--fix`, `--fix-only`, `--add-noqa`, notebooks, `--write-baseline`).

The guarantees (docs/reliability.md explains them to users):

* **Compare before replace.** A file nnlint read is written only if it is still what was read: same size,
  same modification time (nanoseconds) and same content hash (`Snapshot`). The comparison is the last step
  before the rename (or the in-place rewrite), so an editor's autosave or a `git checkout` during the run is
  reported ("changed since nnlint read it") and the file is left as it is.
* **Atomic where it keeps everything.** The new bytes go to a temporary file in the same folder, flushed to
  disk, given the file's owner, group and mode, then renamed over the file: a reader sees the old or the new
  file, never half of one. Where a rename would lose something the file has, the file is rewritten in place
  instead (after the same comparison, with SIGINT/SIGTERM held off): a file with several hard links (a rename
  would split them), with extended attributes or ACLs, or whose owner cannot be given back (not root, file of
  another user). A folder nnlint cannot create a file in also means an in-place rewrite.
* **Only regular files.** A FIFO, socket or device is never replaced (nor written): a `WriteError` says so.
* **Symlinks.** The link is kept and its target written. With `within` (the folders and files named on the
  command line), a target that resolves outside all of them is refused ("outside the linted tree"); naming a
  symlinked file itself puts its target inside. Without `within` (an explicitly named output file such as
  the baseline), the target is written wherever it is.
* **Reports** (`--output-file`, `write_output`) may go to a pipe or character device (`-o /dev/stdout`), which
  are written to as streams; anything else as above.
* **Temporary files** are named `.<name>.nnlint-<pid>-<random>.tmp`, removed on every error, on Ctrl-C and on
  SIGTERM (the command line turns SIGTERM into an exit that runs this cleanup). A writer killed outright
  (SIGKILL, power loss) leaves one; the next nnlint run that writes in that folder removes those whose writer
  process is gone (and at least `DEAD_WRITER_GRACE` seconds old) and any older than `STALE_AFTER` — never
  another name. A run that only lints deletes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import signal
import stat
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

#: a temporary file older than this is stale whoever wrote it (seconds)
STALE_AFTER = 3600
#: a temporary file whose writer process is gone is stale once it is this old (seconds)
DEAD_WRITER_GRACE = 10
#: temporary names keep at most this much of the file's name (a name may have 255 bytes)
_NAME_KEPT = 120
_TEMPORARY = re.compile(r"^\..*\.nnlint-(\d+)-[0-9a-f]{8}\.tmp$", re.DOTALL)
_OLD_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.nnlint$", re.DOTALL)  # nnlint < 0.x: mkstemp's names
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class WriteError(Exception):
    """The file was not written (the message says why); it was left as it was."""


@dataclass(frozen=True)
class Snapshot:
    """What was read: size, modification time (None when unknown) and a hash of the bytes."""

    size: int
    mtime_ns: int | None
    digest: bytes

    @classmethod
    def of(cls, data: bytes, info: os.stat_result | None = None) -> "Snapshot":
        """The snapshot of bytes read from a file whose status (taken before reading) was `info`."""
        return cls(len(data), info.st_mtime_ns if info is not None else None, hashlib.sha256(data).digest())

    @classmethod
    def read(cls, path: str) -> tuple[bytes, "Snapshot"]:
        """Read a regular file and take its snapshot; OSError or WriteError when it cannot be read."""
        fd = os.open(path, _READ_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise WriteError(_NOT_REGULAR)
            data = _read_all(fd)
        finally:
            os.close(fd)
        return data, cls.of(data, info)

    def matches(self, data: bytes, info: os.stat_result) -> bool:
        return (len(data) == self.size and (self.mtime_ns is None or info.st_mtime_ns == self.mtime_ns)
                and hashlib.sha256(data).digest() == self.digest)


_NOT_REGULAR = "not a regular file (a FIFO, socket or device); nnlint never writes or replaces one"
_CHANGED = "changed since nnlint read it (saved by an editor, git or another tool); left as it is: run nnlint again"


def write_atomic(path: str, text: str, encoding: str, expected: Snapshot | bytes | None = None,
                 within: Sequence[str] | None = None) -> None:
    """Write `text` to the file `path` in `encoding` (see the module's guarantees); WriteError when refused."""
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise WriteError(f"cannot encode as {encoding}: {exc}") from None
    write_file(path, data, expected, within)


def write_file(path: str, data: bytes, expected: Snapshot | bytes | None = None,
               within: Sequence[str] | None = None) -> None:
    """Write `data` to `path`: replace it when it exists (only if it still matches `expected`, when given),
    create it otherwise. WriteError, naming the reason, when nnlint must not or cannot write it."""
    if isinstance(expected, bytes):
        expected = Snapshot.of(expected)
    target = os.path.realpath(path)
    if within is not None and not inside(target, within):
        raise WriteError(f"a symlink to {target}, outside the linted tree; nnlint writes only inside the "
                         "folders and files it was given (name the file itself to fix it there)")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        if expected is not None:
            raise WriteError("no longer exists (deleted or moved since nnlint read it); not recreated") from None
        info = None
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(_NOT_REGULAR)
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise WriteError("file is read-only")  # no write bit: respected even when running as root
    directory = os.path.dirname(target) or "."
    sweep(directory)
    if info is not None and (info.st_nlink > 1 or _has_attributes(target)):
        return _rewrite_in_place(target, data, expected)
    try:
        temporary, fd = _create_temporary(directory, os.path.basename(target), 0o600 if info is not None else 0o666)
    except PermissionError:
        if info is None:
            raise WriteError(f"cannot create a file in {directory}: permission denied") from None
        return _rewrite_in_place(target, data, expected)  # a folder we may not write in, a file we may
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        in_place = False
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if info is not None:
                in_place = not _give_back(fd, temporary, info)
        finally:
            os.close(fd)
        if in_place:
            _remove(temporary)
            return _rewrite_in_place(target, data, expected)
        with _signals_held():
            if info is not None:
                _check_unchanged(target, expected)
            elif os.path.lexists(target):
                raise WriteError("created by something else while nnlint was writing it; left as it is")
            os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    except BaseException:  # WriteError, and Ctrl-C / SIGTERM (SystemExit) on their way out
        _remove(temporary)
        raise


def write_output(path: str, data: bytes) -> None:
    """Write a report to the file the user named (`--output-file`): a pipe or character device (`/dev/stdout`,
    a FIFO a reader waits on) is written to as the stream it is; a regular file, or a new one, as `write_file`
    writes it (atomic, owner and mode kept, a symlink's target written). A block device, a socket or a folder
    is refused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if info is None or stat.S_ISREG(info.st_mode):
        return write_file(path, data)
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise WriteError("not a regular file, a pipe or a character device; nnlint does not write reports there")
    try:
        with open(path, "wb") as stream:  # a stream: nothing to replace, nothing to compare
            stream.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None


def inside(target: str, within: Sequence[str]) -> bool:
    """Whether a resolved path is one of `within` (resolved here) or lies under one of them."""
    for root in within:
        root = os.path.realpath(root)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def sweep(directory: str) -> list[str]:
    """Remove nnlint's stale temporary files from one folder (at most once per folder and process); the names
    removed. Stale: the writer process is gone and the file is `DEAD_WRITER_GRACE` seconds old, or the file
    is older than `STALE_AFTER`."""
    key = os.path.realpath(directory)
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    now = time.time()
    try:
        with os.scandir(directory) as listing:
            candidates = [entry for entry in listing if entry.name.startswith(".") and "nnlint" in entry.name]
    except OSError:
        return []
    for entry in candidates:
        current, old = _TEMPORARY.match(entry.name), _OLD_TEMPORARY.match(entry.name)
        if not current and not old:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        age = now - info.st_mtime
        stale = age > STALE_AFTER or (current is not None and age > DEAD_WRITER_GRACE
                                      and not _running(int(current.group(1))))
        if stale and _remove(entry.path):
            removed.append(entry.name)
    return removed


_swept: set[str] = set()


# -- the steps ---------------------------------------------------------------------------------------------
def _check_unchanged(target: str, expected: Snapshot | None) -> None:
    """WriteError unless `target` is still the regular file that was read (by `expected`, when given)."""
    try:
        fd = os.open(target, _READ_FLAGS)
    except FileNotFoundError:
        raise WriteError("no longer exists (deleted or moved since nnlint read it); not recreated") from None
    except OSError as exc:
        raise WriteError(_NOT_REGULAR if exc.errno == getattr(os, "ELOOP", -1) else
                         f"cannot read it again before writing: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(_NOT_REGULAR)
        if expected is None:
            return
        if info.st_size != expected.size or not expected.matches(_read_all(fd), info):
            raise WriteError(_CHANGED)
    finally:
        os.close(fd)


def _rewrite_in_place(target: str, data: bytes, expected: Snapshot | None) -> None:
    """Rewrite the file through its own inode (links, owner, attributes kept), after the same comparison."""
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WriteError(_NOT_REGULAR)
        if expected is not None and (info.st_size != expected.size or not expected.matches(_read_all(fd), info)):
            raise WriteError(_CHANGED)
        with _signals_held():
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _create_temporary(directory: str, name: str, mode: int) -> tuple[str, int]:
    for _ in range(100):
        temporary = os.path.join(directory, f".{name[:_NAME_KEPT]}.nnlint-{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                                      | getattr(os, "O_BINARY", 0), mode)
        except FileExistsError:
            continue
    raise WriteError(f"cannot create a temporary file in {directory}")


def _give_back(fd: int, temporary: str, info: os.stat_result) -> bool:
    """Give the new file the old one's owner, group and mode; False when the owner cannot be given back."""
    if hasattr(os, "fchown") and _owner_differs(os.fstat(fd), info):
        try:
            os.chown(fd, info.st_uid, info.st_gid)
        except PermissionError:
            return False
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after the owner: chown clears set-user-ID bits
    else:  # pragma: no cover - Windows
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
    return True


def _owner_differs(new: os.stat_result, old: os.stat_result) -> bool:
    return (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid)


def _has_attributes(path: str) -> bool:
    """Extended attributes (ACLs among them) that a new file would not carry; SELinux labels excepted (a new
    file gets its folder's)."""
    try:
        names = os.listxattr(path)
    except (AttributeError, OSError):
        return False
    return any(name != "security.selinux" for name in names)


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill there would terminate the process: only the age decides
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):  # gone, or no process could have that number
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is done (an in-place rewrite is never left half written)."""
    held = {signal.SIGINT, getattr(signal, "SIGTERM", signal.SIGINT)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
