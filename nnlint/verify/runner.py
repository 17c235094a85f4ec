"""Running the child process: contained, watched, time-limited, and read back.

The child (`python -m nnlint.verify.child`) starts in a new session, in a temporary working directory
that is removed afterwards, with `resource` limits on memory and file size. Its stdout and stderr (the
user's prints, framework noise) stream into a bounded buffer. The parent watches the process tree
while the child runs and, when the child is done or the time is up, stops and kills the whole tree
(see `processes`). The child reports its progress (which phase, which line of the file) in a small
file, so a timeout can say whose code was running.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import processes

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)
#: how much of the child's output is kept: its first and its last bytes
OUTPUT_HEAD, OUTPUT_TAIL = 4 * 1024, 32 * 1024
WATCH_INTERVAL = 0.25


class BoundedOutput:
    """The first `head` and the last `tail` bytes of a stream, and how many bytes there were."""

    def __init__(self, head: int = OUTPUT_HEAD, tail: int = OUTPUT_TAIL):
        self.head_limit, self.tail_limit = head, tail
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.head_limit - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            if len(self.tail) > self.tail_limit:
                del self.tail[:len(self.tail) - self.tail_limit]

    @property
    def dropped(self) -> int:
        return self.total - len(self.head) - len(self.tail)

    def text(self) -> str:
        middle = f"\n[... {self.dropped} bytes of output not kept ...]\n" if self.dropped else ""
        return (bytes(self.head).decode("utf-8", "replace") + middle + bytes(self.tail).decode("utf-8", "replace"))


@dataclass
class Limits:
    """What the child may use. 0 means no limit."""

    timeout: float
    memory_mb: int = 0
    file_size_mb: int = 0


@dataclass
class ChildRun:
    result: dict | None
    timed_out: bool
    returncode: int | None
    seconds: float
    output: BoundedOutput
    #: the child's last progress record: {"phase": ..., "line": ..., "owner": "user" | "nnlint", ...}
    progress: dict | None = None
    killed: int = 0  # processes the parent had to end
    workdir_files: list[str] = field(default_factory=list)


def run_child(request: dict, limits: Limits) -> ChildRun:
    """Run the child on `request`; see the module docstring for what is contained and how."""
    private = tempfile.mkdtemp(prefix="nnlint-verify-")
    workdir = os.path.join(private, "cwd")
    os.mkdir(workdir)
    try:
        return _run(request, limits, private, workdir)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _run(request: dict, limits: Limits, private: str, workdir: str) -> ChildRun:
    request_path = os.path.join(private, "request.json")
    result_path = os.path.join(private, "result.json")
    progress_path = os.path.join(private, "progress.json")
    request = dict(request, limits={"memory_mb": limits.memory_mb, "file_size_mb": limits.file_size_mb},
                   progress_path=progress_path)
    with open(request_path, "w", encoding="utf-8") as handle:
        json.dump(request, handle)
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("PYTHONHASHSEED", "0")
    env["PYTHONUNBUFFERED"] = "1"
    env["MPLBACKEND"] = "Agg"
    output = BoundedOutput()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "nnlint.verify.child", request_path, result_path],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=workdir,
        start_new_session=True,
    )
    seen: dict[int, int] = {}
    timed_out, killed = False, 0
    try:
        timed_out = _watch(process, output, seen, started + limits.timeout)
    finally:  # done, timed out, or interrupted (Ctrl-C): nothing the child started survives
        killed = processes.end_tree(process.pid, seen)
        process.wait()
        _drain(process, output)
        process.stdout.close()
    seconds = time.monotonic() - started
    files = sorted(os.listdir(workdir))
    return ChildRun(_read_json(result_path), timed_out, process.returncode, seconds, output,
                    _read_json(progress_path), killed, files)


def _watch(process: subprocess.Popen, output: BoundedOutput, seen: dict[int, int], deadline: float) -> bool:
    """Stream the child's output and note its descendants until it exits (False) or time is up (True)."""
    fd = process.stdout.fileno()
    open_stream = True
    next_scan = 0.0
    while True:
        now = time.monotonic()
        if now >= deadline:
            return True
        if now >= next_scan:
            seen.update(processes.tree(process.pid))
            next_scan = now + WATCH_INTERVAL
        if open_stream:
            ready, _, _ = select.select([fd], [], [], min(WATCH_INTERVAL, max(0.0, deadline - now)))
            if ready:
                chunk = os.read(fd, 65536)
                if chunk:
                    output.add(chunk)
                else:
                    open_stream = False
        else:
            time.sleep(min(WATCH_INTERVAL, max(0.0, deadline - now)))
        if process.poll() is not None:
            return False


def _drain(process: subprocess.Popen, output: BoundedOutput) -> None:
    """What is left in the pipe; never waits for a writer that escaped (there is none left)."""
    fd = process.stdout.fileno()
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        output.add(chunk)


def _read_json(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None
