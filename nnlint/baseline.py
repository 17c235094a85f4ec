"""`--baseline FILE` / `--write-baseline FILE`: adopt nnlint on a codebase that already has findings.

The baseline records today's findings by fingerprint (`nnlint.fingerprint`: rule code, path, enclosing
class/function and the offending line with whitespace normalised — never the line number), so a finding
keeps its identity when lines are added above it or its block is re-indented. With `--baseline`, only
findings that are not recorded are reported and fail the run.

The file is JSON, versioned, sorted and indented one finding per object, so it diffs well in review.
Paths in it are relative to the baseline file's own folder: the same baseline works from any working
directory. NN000 (a file that could not be read or parsed) is never recorded and never hidden.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .bounded import TooLarge, read_limited
from .diagnostics import INTERNAL_CODE, Diagnostic
from .fingerprint import fingerprints, normalised_source

FORMAT = "nnlint-baseline"
VERSION = 1
NEVER_BASELINED = INTERNAL_CODE
#: a baseline larger than this is refused (about 400,000 findings)
MAX_BASELINE_BYTES = 128 << 20
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class BaselineError(Exception):
    """A baseline file that is missing, unreadable, corrupt or cannot be written (a usage error)."""


@dataclass
class Split:
    new: list[Diagnostic]  # not in the baseline: reported
    known: list[Diagnostic]  # in the baseline: hidden
    gone: int  # baseline entries that no longer occur (fixed, or their file was not linted)


def _relative_paths(diagnostics: Sequence[Diagnostic], baseline_file: str) -> list[str]:
    folder = os.path.dirname(os.path.abspath(baseline_file))
    paths = []
    for d in diagnostics:
        absolute = os.path.abspath(d.path)
        try:
            paths.append(Path(os.path.relpath(absolute, folder)).as_posix())
        except ValueError:  # another drive (Windows): keep it absolute
            paths.append(Path(absolute).as_posix())
    return paths


def _fingerprinted(diagnostics: Sequence[Diagnostic], baseline_file: str) -> list[tuple[str, str, Diagnostic]]:
    paths = _relative_paths(diagnostics, baseline_file)
    return list(zip(fingerprints(diagnostics, paths), paths, diagnostics))


def load(baseline_file: str) -> set[str]:
    """The fingerprints recorded in a baseline file; BaselineError naming the file when it is unusable."""
    hint = f"create it with `nnlint --write-baseline {baseline_file}`"
    try:
        text = read_limited(baseline_file, MAX_BASELINE_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{baseline_file}: baseline file not found; {hint}") from None
    except (OSError, UnicodeDecodeError, TooLarge) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BaselineError(f"{baseline_file}: cannot read the baseline: {reason}") from None
    regenerate = f"regenerate it with `nnlint --write-baseline {baseline_file}`"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{baseline_file}: corrupt baseline (invalid JSON at line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}); {regenerate}") from None
    except RecursionError:
        raise BaselineError(f"{baseline_file}: corrupt baseline (JSON nested too deeply); {regenerate}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{baseline_file}: not an nnlint baseline (no \"format\": \"{FORMAT}\"); {hint}")
    if data.get("version") != VERSION:
        raise BaselineError(f"{baseline_file}: baseline version {data.get('version')!r} is not supported by this "
                            f"nnlint (it reads version {VERSION}); regenerate it with `nnlint --write-baseline {baseline_file}`")
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
            isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) for entry in findings):
        raise BaselineError(f"{baseline_file}: corrupt baseline (\"findings\" must be a list of objects with a "
                            f"\"fingerprint\"); regenerate it with `nnlint --write-baseline {baseline_file}`")
    return {entry["fingerprint"] for entry in findings}


def split(diagnostics: Sequence[Diagnostic], baseline_file: str, recorded: set[str] | None) -> Split:
    """Findings in the baseline vs new ones. `recorded=None` treats every finding as known (a fresh write)."""
    new, known, matched = [], [], set()
    for fingerprint, _, d in _fingerprinted(diagnostics, baseline_file):
        if d.code != NEVER_BASELINED and (recorded is None or fingerprint in recorded):
            known.append(d)
            matched.add(fingerprint)
        else:
            new.append(d)
    return Split(new, known, len(recorded - matched) if recorded is not None else 0)


def write(baseline_file: str, diagnostics: Sequence[Diagnostic]) -> int:
    """Record these findings (NN000 left out); returns how many. Written atomically, folders created."""
    entries = [
        {"code": d.code, "path": path, "context": d.context, "source": normalised_source(d), "fingerprint": fingerprint}
        for fingerprint, path, d in _fingerprinted(diagnostics, baseline_file) if d.code != NEVER_BASELINED
    ]
    entries.sort(key=lambda e: (e["path"], e["code"], e["context"], e["source"], e["fingerprint"]))
    text = json.dumps({"format": FORMAT, "version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    # a file name that is not valid UTF-8 (kept by Python as lone surrogates) is written as JSON escapes
    text = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    from .safe_write import WriteError, write_file

    try:
        os.makedirs(os.path.dirname(os.path.abspath(baseline_file)), exist_ok=True)
        write_file(baseline_file, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{baseline_file}: cannot write the baseline: {exc.strerror or exc}") from None
    except WriteError as exc:
        raise BaselineError(f"{baseline_file}: cannot write the baseline: {exc}") from None
    return len(entries)
