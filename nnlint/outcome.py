"""How a command-line run ends when something other than its findings stops it.

Exit codes (docs/reliability.md): 0 clean, 1 findings that fail the run, 2 usage or configuration error,
3 internal error (a bug in nnlint: a message naming where, never a bare traceback with the findings' code),
130 interrupted by Ctrl-C (SIGINT) and 143 terminated by SIGTERM — in both cases after cleaning up: the
exception unwinds every `finally`, so temporary files are removed and worker processes stopped.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from contextlib import contextmanager

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, the shells' code for a process stopped by Ctrl-C
EXIT_TERMINATED = 128 + getattr(signal, "SIGTERM", 15)  # 143
#: set (to anything) for the full traceback of an internal error; the test suite's variable re-raises it
TRACEBACK_VARIABLE = "NNLINT_TRACEBACK"


class Terminated(SystemExit):
    """SIGTERM, raised where the process is: a SystemExit, so it unwinds `finally` blocks and a worker
    process exits quietly (multiprocessing treats SystemExit as a normal exit)."""

    def __init__(self) -> None:
        super().__init__(EXIT_TERMINATED)


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def sigterm_unwinds():
    """While the block runs, SIGTERM raises `Terminated` instead of killing the process on the spot (forked
    workers inherit this); the previous handler comes back afterwards. Nothing changes off the main thread."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except (AttributeError, ValueError, OSError):  # not the main thread, or no SIGTERM (Windows)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupted_message(terminated: bool) -> str:
    how = "terminated by SIGTERM" if terminated else "interrupted (Ctrl-C)"
    return (f"nnlint: {how}; stopped cleanly: a file being written was either fully written or left as it was, "
            "and no temporary file is left behind")


def internal_error_message(error: BaseException) -> str:
    """What an uncaught exception prints: what and where, and how to report it (the traceback on request)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" at {os.path.basename(last.filename)}:{last.lineno} ({last.name})"
    text = str(error) or "no message"
    message = (f"nnlint: internal error{where}: {type(error).__name__}: {text}\n"
               "nnlint: this is a bug in nnlint (exit code 3); please report it with the command that ran")
    if os.environ.get(TRACEBACK_VARIABLE):
        message = "".join(traceback.format_exception(error)) + message
    else:
        message += f" and the traceback (set {TRACEBACK_VARIABLE}=1 to print it)"
    return message


def reraise_internal_errors() -> bool:
    """The test suite's switch (also used by the rules' error handling): bugs surface as exceptions."""
    return bool(os.environ.get("NNLINT_RAISE_INTERNAL_ERRORS"))


def write_error(message: str) -> None:
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
