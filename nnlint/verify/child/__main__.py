"""Entry point of the child process: `python -m nnlint.verify.child REQUEST.json RESULT.json`.

Before any of the user's code runs, the child makes itself a subreaper (nothing the user's code starts
can leave its process tree), asks to be ended with its parent, and applies the memory and file-size
limits. At the end it ends every process the user's code started, and exits without waiting for the
user's threads.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import traceback

from .. import processes, verdicts
from .session import HINTS, GraphSession, Session


def apply_limits(limits: dict, device: str) -> list[str]:
    """`resource` limits on the address space (memory) and on the size of any file written."""
    notes = []
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return ["no resource limits on this platform"]
    memory = int(limits.get("memory_mb") or 0)
    if memory:
        if device != "cpu" and os.path.exists("/dev/nvidiactl"):
            notes.append("the memory limit is not applied with a GPU (its driver reserves a large address space)")
        else:
            size = memory * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
    file_size = int(limits.get("file_size_mb") or 0)
    if file_size:
        size = file_size * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), visibly
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return notes


def _terminated(signum, frame):  # the parent died or asked: end the tree, then leave at once
    processes.end_descendants()
    os._exit(128 + signum)


def main(argv: list[str]) -> int:
    request_path, result_path = argv
    processes.become_subreaper()
    processes.die_with_parent()
    signal.signal(signal.SIGTERM, _terminated)
    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    framework = request["framework"]
    notes = apply_limits(request.get("limits", {}), request["options"]["device"])
    if framework == "tf1" and importlib.util.find_spec("tf_keras") is not None:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.compat.v1.layers needs Keras 2's layers
    sys.path.insert(0, os.path.dirname(request["file"]))  # the file's own imports (its cwd is a temporary folder)
    session = (GraphSession if framework == "tf1" else Session)(request, result_path)
    session.result["notes"] = notes
    try:
        if framework == "tf1":
            try:
                session.run_graphs()
            except ImportError as exc:
                session.result["fatal"] = _missing(exc, framework)
        else:
            try:
                if framework == "torch":
                    from .torch_backend import Backend
                else:
                    from .keras_backend import Backend
            except ImportError as exc:
                session.result["fatal"] = _missing(exc, framework)
            else:
                backend = Backend(request["options"]["device"])
                session.result["device"] = backend.describe_device()
                session.result["versions"] = backend.version()
                session.start(backend)
                session.run_models()
        if request["options"]["plot"] and session.result["fatal"] is None:
            session.plot()
    except RuntimeError as exc:
        if "--device" not in str(exc):
            session.result["fatal"] = _internal(exc)
        else:
            session.result["fatal"] = {"verdict": "usage", "reason": str(exc)}
    except Exception as exc:  # an internal error: say so, with the whole traceback
        session.result["fatal"] = _internal(exc)
    session.result["done"] = True
    session.save()
    sys.stdout.flush()
    sys.stderr.flush()
    processes.end_descendants()
    os._exit(0)


def _internal(exc: BaseException) -> dict:
    return {"verdict": verdicts.ERROR, "reason": f"internal error in nnlint verify: {exc!r} (please report it)",
            "trace": traceback.format_exc()}


def _missing(exc: ImportError, framework: str) -> dict:
    name = (exc.name or "").split(".")[0] or framework
    return {"verdict": verdicts.SKIPPED, "reason": f"{name} is not installed: {HINTS[framework]}",
            "hint": HINTS[framework]}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
