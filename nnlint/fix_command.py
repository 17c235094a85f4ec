"""The command-line side of fixing: `nnlint --fix`, `--diff`, `--fix-only` (called from `cli.check`)."""

from __future__ import annotations

import sys

import click

from .engine import LintResult, Linter
from .fix_files import fix_paths

EXIT_CLEAN, EXIT_PENDING, EXIT_ERROR = 0, 1, 2


def run_fixes(linter: Linter, paths: list[str], force_exclude: bool, diff: bool, fix_only: bool,
              quiet: bool, announce: bool) -> LintResult:
    """Apply (or, with `diff`, show) the fixes. `--diff` and `--fix-only` exit here; `--fix` returns
    what remains, for the caller to report like a normal run."""
    report = fix_paths(linter, paths, force_exclude, write=not diff)
    for line in report.messages():
        if not (quiet and line.startswith("nnlint: warning")):
            click.echo(line, err=True)
    if diff or fix_only:
        for missing in report.result.missing:
            click.echo(f"nnlint: error: {missing}: no such file or directory", err=True)
    if diff:
        sys.stdout.write(report.diff)
        if not quiet:
            click.echo(report.summary(pending=True), err=True)
        sys.exit(EXIT_ERROR if report.result.missing else EXIT_PENDING if report.fixed else EXIT_CLEAN)
    if fix_only:
        if not quiet:
            click.echo(report.summary(pending=False), err=True)
        sys.exit(EXIT_ERROR if report.result.missing else EXIT_PENDING if report.errors else EXIT_CLEAN)
    if announce and not quiet and report.fixed:
        click.echo(report.summary(pending=False), err=True)
    return report.result
