"""Shared helpers for the CLI tests: run nnlint in-process (fast) or as `python -m nnlint` (real)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from nnlint.cli import main

ROOT = Path(__file__).resolve().parent.parent

#: fires NN101 on the ReLU (line 2, column 40)
RELU_HEAD = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"
#: fires NN201 on `bias=False` (line 2, column 32) — nothing normalises the Linear's output
BIAS_OFF = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))\n"
#: silent
CLEAN = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\n"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under root (folders as needed); str content is dedented."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def _runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def nnlint(*args: str, env: dict[str, str | None] | None = None) -> Run:
    """Run the CLI in this process (current directory as it is), colour env cleared unless given."""
    environment = {"NO_COLOR": None, "FORCE_COLOR": None, **(env or {})}
    result = _runner().invoke(main, list(args), env=environment, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def nnlint_process(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
    """Run `python -m nnlint` from this checkout in a child process."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("NO_COLOR", None) if "NO_COLOR" not in (env or {}) else None
    done = subprocess.run([sys.executable, "-m", "nnlint", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


SCHEMA_NAME = "sarif-schema-2.1.0.json"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema from `shared/data/` beside the checkout (or above it), or
    $NNLINT_SARIF_SCHEMA. Missing: a skip on a developer's machine, a failure in CI (CI=true), where a
    silently skipped schema check would pass without checking anything."""
    import json

    import pytest

    candidates = [Path(os.environ["NNLINT_SARIF_SCHEMA"])] if os.environ.get("NNLINT_SARIF_SCHEMA") else []
    candidates += [parent / "shared" / "data" / SCHEMA_NAME for parent in ROOT.parents]
    for candidate in candidates:
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    message = f"SARIF schema not found (looked for shared/data/{SCHEMA_NAME} above {ROOT}, and $NNLINT_SARIF_SCHEMA)"
    if in_ci():
        pytest.fail(message + "; in CI the schema check must run")
    pytest.skip(message)


def need_module(name: str):
    """`pytest.importorskip`, except in CI, where a missing test dependency is a failure."""
    import importlib

    import pytest

    try:
        return importlib.import_module(name)
    except ImportError:
        if in_ci():
            pytest.fail(f"{name} is missing in CI: it belongs to the test extra (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed")
