"""Linting and fixing files in a process pool, with results in the order of the files (identical to one process).

Workers are forked where the platform allows it: they inherit the linter (rules, options, cache) from
the parent instead of unpickling it, and start in milliseconds. Only file paths go to them and only
findings come back. Files are handed out largest first, a few small ones per task, so that both the
start-up and the tail of the run stay short. A handful of files is linted in the calling process.

A worker that dies (the out-of-memory killer, a crash in a C extension) does not hang the run, as it would a
bare `multiprocessing.Pool`, which waits forever for the task that died with it: each worker records which
task it is on, the parent notices a task whose worker is gone, and lints that task's files again, each in a
process of its own; a file that kills its process again is an NN000 finding naming the signal
(`Linter.worker_died`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal

from . import gc_policy

#: fewer files than this (or one job) are linted in-process: a pool would cost more than it saves
MIN_FILES = 8
#: files are grouped into tasks of about this many bytes (one large file is a task on its own)
TASK_BYTES = 48 * 1024

#: how often the parent looks for workers that died, while no result arrives (seconds)
POLL_SECONDS = 0.5

_LINTER = None  # the linter a worker runs (inherited through fork, or set by the initializer)
_STARTED = None  # per task: the pid of the worker that took it (0: not yet), shared with the workers


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _initialize(linter, started=None) -> None:
    global _LINTER, _STARTED
    _LINTER, _STARTED = linter, started
    gc_policy.tune()  # a spawned worker starts with the defaults; a forked one inherits the parent's settings


def _work(job: tuple[int, str, tuple, list[tuple[int, str]]]) -> tuple[int, list[tuple[int, object]]]:
    number, method, args, task = job
    if _STARTED is not None:
        _STARTED[number] = os.getpid()
    work = getattr(_LINTER, method)
    return number, [(index, work(path, *args)) for index, path in task]


def _tasks(items: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    sized = []
    for index, path in items:
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        sized.append((size, index, path))
    sized.sort(key=lambda item: (-item[0], item[1]))
    tasks, current, total = [], [], 0
    for size, index, path in sized:
        current.append((index, path))
        total += size
        if total >= TASK_BYTES:
            tasks.append(current)
            current, total = [], 0
    if current:
        tasks.append(current)
    return tasks


def run(linter, items: list[tuple[int, str]], jobs: int, method: str = "lint_file", args: tuple = ()) -> dict:
    """{index: linter.<method>(path, *args)} for each (index, path), with `jobs` processes."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or len(items) < MIN_FILES:
        work = getattr(linter, method)
        return {index: work(path, *args) for index, path in items}
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        context = multiprocessing.get_context("fork")
        _initialize(linter)  # the children inherit it
        initializer, initargs = None, ()
    else:  # pragma: no cover - Windows, and macOS builds without fork
        context = multiprocessing.get_context("spawn")
        initializer, initargs = _initialize, (linter,)
    tasks = _tasks(items)
    started = context.RawArray("i", len(tasks))
    if initializer is None:
        _initialize(linter, started)
    else:  # pragma: no cover - spawn
        initargs = (linter, started)
    results: dict[int, list] = {}
    lost: set[int] = set()
    try:
        with context.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
            jobs_in = pool.imap_unordered(_work, [(number, method, args, task) for number, task in enumerate(tasks)])
            done: set[int] = set()
            while len(done | lost) < len(tasks):
                try:
                    number, found = jobs_in.next(timeout=POLL_SECONDS)
                except multiprocessing.TimeoutError:  # nothing for a while: has a worker died with its task?
                    lost.update(number for number in range(len(tasks))
                                if number not in done and started[number] and not _alive(started[number]))
                    continue
                done.add(number)
                results.update(found)
    finally:
        _initialize(None)
    for number in sorted(lost - done):
        for index, path in tasks[number]:
            results[index] = _alone(context, linter, method, args, path)
    return results


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _alone(context, linter, method: str, args: tuple, path: str):
    """`linter.<method>(path, *args)` in a process of its own (a file whose worker died); what
    `linter.worker_died` says when this process dies too."""
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_one, args=(send, linter, method, args, path), daemon=True)
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        result = None
    finally:
        process.join()
        receive.close()
    if result is not None and process.exitcode == 0:
        return result
    return linter.worker_died(method, path, _how(process.exitcode))


def _one(send, linter, method: str, args: tuple, path: str) -> None:
    send.send(getattr(linter, method)(path, *args))
    send.close()


def _how(exitcode: int | None) -> str:
    """How a process ended, for a message: `killed by SIGKILL (the system may have run out of memory)`."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (the system may have run out of memory)" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exited with status {exitcode}"
