"""`--output-format gitlab`: a GitLab Code Quality report (a JSON list of Code Climate issues).

Each issue has `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
`location.lines.begin` (what GitLab requires), plus `lines.end`, `categories`, `type` and `engine_name`.
Paths are relative to `$CI_PROJECT_DIR` when GitLab sets it (the repository root), else to the working
directory, as GitLab expects them. Severity: info → `info`, warning → `major`, error → `critical`, and a
file that could not be read or parsed (NN000) → `blocker`. In a notebook, `lines` are the lines of the
`.ipynb` file (its JSON) that hold the finding, and the description starts with `cell N:line:col:`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..fingerprint import fingerprints
from .location import cell_position, decodable, file_region

_SEVERITY = {Severity.INFO: "info", Severity.WARNING: "major", Severity.ERROR: "critical"}


def _path(path: str, root: str) -> str:
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, root) if os.path.splitdrive(absolute)[0] == os.path.splitdrive(root)[0] else ""
    if not relative or relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(path).as_posix()  # outside the project: as given
    return Path(relative).as_posix()


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    root = os.path.abspath(os.environ.get("CI_PROJECT_DIR") or os.getcwd())
    paths = [_path(d.path, root) for d in diagnostics]
    issues = []
    for d, path, fingerprint in zip(diagnostics, paths, fingerprints(diagnostics, paths)):
        line, _, end_line, _ = file_region(d)
        cell = f"{cell_position(d)}: " if d.cell is not None else ""
        issues.append({
            "type": "issue",
            "engine_name": "nnlint",
            "check_name": d.code,
            "description": f"{d.code} {cell}{' '.join(d.message.split())}",
            "categories": ["Bug Risk"],
            "severity": "blocker" if d.is_internal else _SEVERITY[d.severity],
            "fingerprint": fingerprint,
            "location": {"path": decodable(path), "lines": {"begin": line, "end": max(line, end_line)}},
        })
    return json.dumps(issues, indent=2) + "\n"
