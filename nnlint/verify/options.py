"""What `nnlint verify` was asked to do: the target, the options, and their validation.

Nothing here imports a deep-learning framework; bad values raise `UsageError` (exit code 2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DEVICES = ("auto", "cpu", "cuda")
DEFAULT_STEPS = 300
DEFAULT_TIMEOUT = 300.0
SEED = 0


class UsageError(ValueError):
    """A problem with the command line or the target: reported in one line, exit code 2."""


@dataclass
class Target:
    """`file.py` or `file.py::Name` (a model class, a factory function, or a module-level model)."""

    path: Path
    name: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Target":
        file_part, sep, name = text.partition("::")
        if sep and not name.isidentifier():
            raise UsageError(f"{text!r}: after '::' give a class, function or variable name (file.py::Net)")
        path = Path(file_part)
        if not path.is_file():
            raise UsageError(f"{file_part}: no such file")
        if path.suffix not in (".py", ".ipynb"):
            raise UsageError(f"{file_part}: verify takes a Python file (.py) or a notebook (.ipynb)")
        return cls(path, name or None)

    def __str__(self) -> str:
        return f"{self.path}::{self.name}" if self.name else str(self.path)


@dataclass
class Options:
    device: str = "auto"
    steps: int = DEFAULT_STEPS
    input_shape: list[int] | None = None
    init_args: dict | list | None = None
    timeout: float = DEFAULT_TIMEOUT
    overfit: bool = False
    plot: str | None = None
    seed: int = SEED
    #: findings to verify given directly (code, line), bypassing the linter: lets a check be driven
    #: before its rule exists, and lets tests pin one finding
    findings: list[dict] | None = field(default=None, repr=False)


def parse_shape(text: str | None) -> list[int] | None:
    """'1,3,32,32' → [1, 3, 32, 32]; the first number is the batch size."""
    if text is None:
        return None
    try:
        shape = [int(part) for part in text.replace("x", ",").split(",") if part.strip()]
    except ValueError:
        raise UsageError(f"--input-shape {text!r}: expected comma-separated integers such as 1,3,32,32") from None
    if len(shape) < 2 or any(size <= 0 for size in shape):
        raise UsageError(f"--input-shape {text!r}: give the batch size and at least one positive dimension")
    return shape


def parse_init_args(text: str | None) -> dict | list | None:
    """A JSON object (keyword arguments) or array (positional arguments) for the model's constructor."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--init-args is not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(value, (dict, list)):
        raise UsageError("--init-args must be a JSON object of keyword arguments or an array of positional ones")
    return value


def parse_findings(values: tuple[str, ...] | list[str]) -> list[dict] | None:
    """`NN401:15` → [{"code": "NN401", "line": 15}]; None when no finding is given (lint instead)."""
    if not values:
        return None
    findings = []
    for value in values:
        code, _, line = value.partition(":")
        if not (code.upper().startswith("NN") and line.isdigit() and int(line) > 0):
            raise UsageError(f"--finding {value!r}: expected CODE:LINE such as NN401:15")
        findings.append({"code": code.upper(), "line": int(line)})
    return findings
