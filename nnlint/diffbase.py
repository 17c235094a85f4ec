"""`--diff-base REF`: report only findings on lines added or changed since a git revision.

The lines come from `git diff --unified=0` between the merge base of REF and HEAD (what a pull request
shows; plain REF when the histories share nothing) and the working tree, so committed, staged and
unstaged edits all count. Untracked files (not git-ignored) are new in full. Paths git prints relative
to the repository root are matched against the findings' paths (relative to the working directory)
through their absolute, symlink-resolved form. A notebook's changed lines are lines of its JSON text: a
finding in a cell counts as changed when a line of the file holding it changed (a source written as one
string is one line of the file, so any change to that cell counts). NN000 (a file that could not be read
or parsed) is never hidden.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence

from .diagnostics import INTERNAL_CODE, Diagnostic

ALWAYS_SHOWN = INTERNAL_CODE
_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}

#: absolute path -> the changed line numbers, or None when the whole file is new
Changes = dict[str, "set[int] | None"]


class DiffBaseError(Exception):
    """Not a git checkout, an unknown revision, or git missing (a usage error)."""


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, and git is not installed (or not on PATH)") from None


def _unquote(raw: bytes) -> bytes:
    """A path as git prints it on a `+++` line: C-quoted ("a\\tb", octal bytes) when it holds unusual
    characters, else followed by a tab when it holds a space."""
    if not raw.startswith(b'"'):
        return raw[:-1] if raw.endswith(b"\t") else raw  # git ends a name holding a space with a tab
    out, i, body = bytearray(), 0, raw[1:-1]
    while i < len(body):
        char = body[i:i + 1]
        if char != b"\\":
            out += char
            i += 1
        elif body[i + 1:i + 2].isdigit():
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1:i + 2], body[i + 1]))
            i += 2
    return bytes(out)


def parse_diff(diff: bytes) -> dict[bytes, set[int]]:
    """Added line numbers per new-side path (repository-relative bytes) of a `--unified=0` diff."""
    changes: dict[bytes, set[int]] = {}
    current: set[int] | None = None
    remaining = 0  # lines of the current hunk still to skip: their text may look like a header
    for line in diff.split(b"\n"):
        if remaining:
            if not line.startswith(b"\\"):  # "\ No newline at end of file" is not a hunk line
                remaining -= 1
            continue
        if line.startswith(b"+++ "):
            target = line[4:]
            current = None if target == b"/dev/null" else changes.setdefault(_unquote(target)[2:], set())
        elif line.startswith(b"@@ "):
            match = _HUNK.match(line)
            if match is None:
                continue
            old = int(match.group(1)) if match.group(1) is not None else 1
            start = int(match.group(2))
            count = int(match.group(3)) if match.group(3) is not None else 1
            remaining = old + count
            if current is not None:
                current.update(range(start, start + count))
    return changes


def changed_lines(ref: str, cwd: str | None = None) -> Changes:
    """The lines added or changed since REF in the repository holding `cwd`, by absolute path;
    DiffBaseError with a clear reason."""
    cwd = os.path.abspath(cwd or os.getcwd())
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise DiffBaseError(f"--diff-base needs a git checkout, and {cwd} is not inside one")
    root = os.fsdecode(top.stdout.rstrip(b"\n"))
    resolved = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if resolved.returncode != 0 or not ref:
        raise DiffBaseError(f"--diff-base {ref!r}: unknown git revision in {root} (a branch, tag or commit; "
                            "in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)")
    base = resolved.stdout.decode().strip()
    merge_base = _git(["merge-base", base, "HEAD"], root)
    if merge_base.returncode == 0 and merge_base.stdout.strip():
        base = merge_base.stdout.decode().strip()
    diff = _git(["-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
                 "--unified=0", "-M", "--src-prefix=a/", "--dst-prefix=b/", base, "--"], root)
    if diff.returncode != 0:
        raise DiffBaseError(f"--diff-base {ref!r}: git diff failed: {diff.stderr.decode(errors='replace').strip()}")
    untracked = _git(["-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z"], root)

    def absolute(relative: bytes) -> str:
        return os.path.realpath(os.path.join(root, os.fsdecode(relative)))

    changes: Changes = {absolute(path): lines for path, lines in parse_diff(diff.stdout).items()}
    for path in untracked.stdout.split(b"\0"):
        if path:
            changes[absolute(path)] = None
    return changes


def keep_changed(diagnostics: Sequence[Diagnostic], changes: Changes) -> list[Diagnostic]:
    """The findings that touch a changed line (any line of a finding spanning several), plus every NN000."""
    kept = []
    for d in diagnostics:
        if d.code == ALWAYS_SHOWN:
            kept.append(d)
            continue
        path = os.path.realpath(os.path.abspath(d.path))
        if path not in changes:
            continue
        lines = changes[path]
        # git diffs a notebook's JSON text: compare the lines of the file that hold the finding
        if d.cell is not None:
            from .report.location import file_region

            first, _, last, _ = file_region(d)
        else:
            first, last = d.line, d.end_line
        if lines is None or any(line in lines for line in range(first, max(first, last) + 1)):
            kept.append(d)
    return kept
