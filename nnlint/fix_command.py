"""The command-line side of fixing: `nnlint --fix`, `--diff`, `--fix-only` (called from `cli.check`)."""

from __future__ import annotations

import sys

import click

from .engine import LintResult, Linter
from .fix_files import fix_paths

EXIT_CLEAN, EXIT_PENDING, EXIT_ERROR = 0, 1, 2


def run_fixes(linter: Linter, paths: list[str], force_exclude: bool, diff: bool, fix_only: bool,
              quiet: bool, announce: bool, show_fixes: bool = False,
              exit_non_zero_on_fix: bool = False) -> tuple[LintResult, int]:
    """Apply (or, with `diff`, show) the fixes the linter's `allow_fix` permits. `--diff` and `--fix-only`
    exit here; `--fix` returns what remains and how many findings were fixed, for the caller to report like
    a normal run. `show_fixes` lists what was (or would be) fixed, per file and code, on stderr."""
    report = fix_paths(linter, paths, force_exclude, write=not diff)
    if show_fixes:
        listing = fixes_listing(report, pending=diff)
        if listing:
            click.echo(listing, err=True, nl=False)
    for line in report.messages():
        if not (quiet and line.startswith("nnlint: warning")):
            click.echo(line, err=True)
    if diff or fix_only:
        for missing in report.result.missing:
            click.echo(f"nnlint: error: {missing}: no such file or directory", err=True)
    hidden_of = getattr(linter.allow_fix, "hidden", None)
    hidden = sum(1 for d in report.result.diagnostics if hidden_of(d)) if hidden_of is not None else 0
    note = (f" {hidden} unsafe fix{'es' if hidden != 1 else ''} not applied (--unsafe-fixes applies "
            f"{'them' if hidden != 1 else 'it'})." if hidden else "")
    if diff:
        sys.stdout.write(report.diff)
        if not quiet:
            click.echo(report.summary(pending=True) + note, err=True)
        sys.exit(EXIT_ERROR if report.result.missing else EXIT_PENDING if report.fixed else EXIT_CLEAN)
    if fix_only:
        if not quiet:
            click.echo(report.summary(pending=False) + note, err=True)
        fixed_fails = exit_non_zero_on_fix and report.fixed
        sys.exit(EXIT_ERROR if report.result.missing or report.result.failed_writes
                 else EXIT_PENDING if report.errors or fixed_fails else EXIT_CLEAN)
    if announce and not quiet and report.fixed:
        click.echo(report.summary(pending=False), err=True)
    return report.result, len(report.fixed)


def fixes_listing(report, pending: bool) -> str:
    """`--show-fixes`: the fixed findings by file and code, as ruff lists them."""
    from collections import Counter

    if not report.fixed:
        return ""
    lines = [f"{'Would fix' if pending else 'Fixed'} {len(report.fixed)} finding{'s' if len(report.fixed) != 1 else ''}:"]
    by_file: dict[str, Counter] = {}
    names = {}
    for d in report.fixed:
        by_file.setdefault(d.path, Counter())[d.code] += 1
        names[d.code] = d.name
    for path, counts in by_file.items():
        lines.append(f"- {path}:")
        lines.extend(f"    {count} × {code} ({names[code]})" for code, count in sorted(counts.items()))
    return "\n".join(lines) + "\n"
