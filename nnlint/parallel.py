"""Linting and fixing files in a process pool, with results in the order of the files (identical to one process).

Workers are forked where the platform allows it: they inherit the linter (rules, options, cache) from
the parent instead of unpickling it, and start in milliseconds. Only file paths go to them and only
findings come back. Files are handed out largest first, a few small ones per task, so that both the
start-up and the tail of the run stay short. A handful of files is linted in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os

from . import gc_policy

#: fewer files than this (or one job) are linted in-process: a pool would cost more than it saves
MIN_FILES = 8
#: files are grouped into tasks of about this many bytes (one large file is a task on its own)
TASK_BYTES = 48 * 1024

_LINTER = None  # the linter a worker runs (inherited through fork, or set by the initializer)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _initialize(linter) -> None:
    global _LINTER
    _LINTER = linter
    gc_policy.tune()  # a spawned worker starts with the defaults; a forked one inherits the parent's settings


def _work(job: tuple[str, tuple, list[tuple[int, str]]]) -> list[tuple[int, object]]:
    method, args, task = job
    work = getattr(_LINTER, method)
    return [(index, work(path, *args)) for index, path in task]


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
    results: dict[int, list] = {}
    try:
        with context.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
            for done in pool.imap_unordered(_work, [(method, args, task) for task in _tasks(items)]):
                results.update(done)
    finally:
        _initialize(None)
    return results
