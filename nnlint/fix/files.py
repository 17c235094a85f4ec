"""Fixing files on disk: what `nnlint --fix`, `--diff` and `--fix-only` do.

A file is written only when its text changed, atomically (a temporary file in the same directory,
then `os.replace`), in its own encoding (a BOM or PEP 263 cookie kept) with its permissions. A file
that cannot be written is reported and left as it was; its findings count as remaining.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..discovery import discover
from ..engine import LintResult, Linter, _error
from ..source import SourceError, read
from .apply import FixOutcome, Rejected, fix_text
from .text import unified_diff


class WriteError(Exception):
    pass


@dataclass
class FixReport:
    result: LintResult  # what remains (what would remain, for --diff)
    fixed: list[Diagnostic] = field(default_factory=list)
    fixed_files: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be written
    diff: str = ""

    def messages(self) -> list[str]:
        """Lines for stderr: refused fixes and unwritable files."""
        lines = [f"nnlint: error: {message}" for message in self.errors]
        for item in self.rejected:
            d = item.diagnostic
            lines.append(f"nnlint: warning: {d.path}:{d.line}:{d.column}: {d.code} fix not applied: {item.reason}")
        return lines

    def summary(self, pending: bool) -> str:
        count, files = len(self.fixed), len(self.fixed_files)
        verb = "Would fix" if pending else "Fixed"
        if not count:
            return "No fixes available." if pending else "No fixes applied."
        return (f"{verb} {count} finding{'s' if count != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''}.")


def fix_paths(linter: Linter, paths: list[str], force_exclude: bool = False, write: bool = True) -> FixReport:
    found = discover(paths, linter.settings, force_exclude)
    report = FixReport(LintResult(files=len(found.files), missing=found.missing))
    for path in found.files:
        try:
            source = read(path)
        except SourceError as error:
            report.result.diagnostics.append(_error(path, error))
            continue
        outcome = fix_text(source.text, path, linter.rules_for(path), linter.options_for(path))
        report.rejected.extend(outcome.rejected)
        if not outcome.changed:
            report.result.diagnostics.extend(outcome.remaining)
            continue
        if not write:
            report.diff += unified_diff(source.text, outcome.text, path)
        else:
            try:
                write_atomic(path, outcome.text, source.encoding)
            except WriteError as exc:
                report.errors.append(f"{path}: {exc}; not fixed")
                report.result.diagnostics.extend(linter.lint_file(path))
                continue
        _record(report, path, outcome)
    return report


def _record(report: FixReport, path: str, outcome: FixOutcome) -> None:
    report.fixed.extend(outcome.applied)
    report.fixed_files.append(path)
    report.result.diagnostics.extend(outcome.remaining)


def write_atomic(path: str, text: str, encoding: str) -> None:
    """Replace a file's contents atomically, keeping its encoding and permission bits."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise WriteError(f"cannot stat: {exc.strerror or exc}") from None
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise WriteError("file is read-only")  # no write bit: respected even when running as root
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise WriteError(f"cannot encode as {encoding}: {exc}") from None
    directory = os.path.dirname(target) or "."
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".nnlint")
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        os.replace(temporary, target)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
