"""Fixing files on disk: what `nnlint --fix`, `--diff` and `--fix-only` do, gathered into one report.

A file is written only when its text changed, atomically (a temporary file in the same directory, then
`os.replace`), in its own encoding (a BOM or PEP 263 cookie kept) with its permissions, and only if it still
holds exactly the bytes that were fixed (an editor's save in between is never overwritten). A file that
cannot be written is reported and left as it was; its findings count as remaining.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .engine import LintResult, Linter


@dataclass
class FixReport:
    result: LintResult  # what remains (what would remain, for --diff)
    fixed: list[Diagnostic] = field(default_factory=list)
    fixed_files: list[str] = field(default_factory=list)
    rejected: list = field(default_factory=list)  # `nnlint.fix.Rejected`
    errors: list[str] = field(default_factory=list)  # files that could not be written
    diff: str = ""

    def messages(self) -> list[str]:
        """Lines for stderr: refused fixes and unwritable files."""
        lines = [f"nnlint: error: {message}" for message in self.errors]
        for item in self.rejected:
            d = item.diagnostic
            where = f"cell {d.cell}:" if d.cell is not None else ""  # a notebook's finding
            lines.append(f"nnlint: warning: {d.path}:{where}{d.line}:{d.column}: {d.code} fix not applied: {item.reason}")
        return lines

    def summary(self, pending: bool) -> str:
        count, files = len(self.fixed), len(self.fixed_files)
        verb = "Would fix" if pending else "Fixed"
        if not count:
            return "No fixes available." if pending else "No fixes applied."
        return (f"{verb} {count} finding{'s' if count != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''}.")


def fix_paths(linter: Linter, paths: list[str], force_exclude: bool = False, write: bool = True) -> FixReport:
    """Fix (or, without `write`, diff) every file of `paths`, through the linter's pool and cache."""
    files = linter.fix_paths(paths, force_exclude, write)
    report = FixReport(LintResult(files=len(files), missing=linter.missing))
    for done in files:
        report.rejected.extend(done.rejected)
        report.result.diagnostics.extend(done.remaining)
        if done.error is not None:
            report.errors.append(done.error)
            continue
        if done.applied:
            report.fixed.extend(done.applied)
            report.fixed_files.append(done.path)
        report.diff += done.diff
    report.result.diagnostics.extend(linter.unreadable)  # folders that could not be read
    return report
