"""Keeping the verifier's child and everything it starts on a leash (Linux `/proc`; no cgroups needed).

The child runs in its own session and makes itself a *child subreaper*: a process the user's code
starts, even one that double-forks and calls `setsid()`, stays below the child in the process tree
instead of being adopted by init. Ending the tree is then: stop (SIGSTOP) every process below the
root until no new one appears — a stopped process cannot fork —, then kill them all. The parent also
remembers every descendant it saw while the child ran (pid and start time), and every process in the
child's session or process group, so a tree whose root died first is still found.

Framework-free: imported by the parent and by the child.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _stat(pid: int) -> tuple[int, int, int, int] | None:
    """(ppid, process group, session, start time) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2:].split()  # the command name may hold spaces and parentheses
    try:
        return int(fields[1]), int(fields[2]), int(fields[3]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _all_processes() -> dict[int, tuple[int, int, int, int]]:
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if name.isdigit():
            stat = _stat(int(name))
            if stat is not None:
                table[int(name)] = stat
    return table


def tree(root: int, table: dict | None = None) -> dict[int, int]:
    """{pid: start time} of `root`'s descendants, plus processes in its session or process group."""
    table = _all_processes() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = {}, list(children.get(root, ()))
    while stack:
        pid = stack.pop()
        if pid in found or pid not in table:
            continue
        found[pid] = table[pid][3]
        stack.extend(children.get(pid, ()))
    for pid, (_, group, session, started) in table.items():
        if pid != root and (group == root or session == root):
            found.setdefault(pid, started)
    found.pop(os.getpid(), None)
    return found


def end_tree(root: int | None, remembered: dict[int, int] | None = None, include_root: bool = True) -> int:
    """Stop, then kill, `root` (when `include_root`), its tree and the remembered processes that are
    still the same processes (same start time). Returns how many processes were killed."""
    stopped: dict[int, int] = {}
    for _ in range(50):  # until a pass finds no new process: stopped processes cannot fork
        table = _all_processes()
        current = tree(root, table) if root is not None else {}
        for pid, started in (remembered or {}).items():
            stat = table.get(pid)
            if stat is not None and stat[3] == started:
                current.setdefault(pid, started)
        if include_root and root is not None and root in table:
            current.setdefault(root, table[root][3])
        new = {pid: started for pid, started in current.items() if pid not in stopped}
        if not new:
            break
        for pid in new:
            _signal(pid, signal.SIGSTOP)
        stopped.update(new)
    for pid in stopped:
        _signal(pid, signal.SIGKILL)
    return len(stopped)


def _signal(pid: int, sig: int) -> None:
    if pid == os.getpid():
        return
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """Orphans of this process's descendants are re-parented to it (not to init)."""
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Receive `sig` when the parent (nnlint) dies, so the child never outlives it."""
    return _prctl(PR_SET_PDEATHSIG, int(sig))


def reap() -> None:
    """Collect exited children (a subreaper adopts them) so none lingers as a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def end_descendants() -> int:
    """The child's last act: end everything the user's code started, then collect it."""
    killed = end_tree(os.getpid(), include_root=False)
    deadline = time.monotonic() + 1.0
    while killed and time.monotonic() < deadline:
        reap()
        if not tree(os.getpid()):
            break
        time.sleep(0.01)
    reap()
    return killed
