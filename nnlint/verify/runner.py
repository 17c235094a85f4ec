"""Running the child process with a time limit, and reading back what it wrote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


@dataclass
class ChildRun:
    result: dict | None
    timed_out: bool
    returncode: int | None
    seconds: float
    output: str  # the child's stdout and stderr (the user's prints, framework noise), tail only


def run_child(request: dict, timeout: float) -> ChildRun:
    """Run `python -m nnlint.verify.child` on `request`; kill its whole process group on timeout."""
    with tempfile.TemporaryDirectory(prefix="nnlint-verify-") as folder:
        request_path = os.path.join(folder, "request.json")
        result_path = os.path.join(folder, "result.json")
        output_path = os.path.join(folder, "output.txt")
        with open(request_path, "w", encoding="utf-8") as handle:
            json.dump(request, handle)
        env = dict(os.environ)
        env["PYTHONPATH"] = PACKAGE_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        env.setdefault("PYTHONHASHSEED", "0")
        started = time.perf_counter()
        with open(output_path, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "nnlint.verify.child", request_path, result_path],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=env,
                start_new_session=True,
            )
            timed_out = False
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(process)
            except BaseException:
                _kill_group(process)
                raise
        seconds = time.perf_counter() - started
        result = None
        if os.path.exists(result_path):
            with open(result_path, encoding="utf-8") as handle:
                result = json.load(handle)
        with open(output_path, encoding="utf-8", errors="replace") as handle:
            output = handle.read()[-4000:]
        return ChildRun(result, timed_out, process.returncode, seconds, output)


def _kill_group(process: subprocess.Popen) -> None:
    """End the child and anything it started (its own session), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()
