"""The pull-request gate: `--baseline`, `--write-baseline` and `--diff-base` as filters of the finding list.

`cli.check` calls `Gate.prepare` before linting (so a missing baseline or an unknown git revision fails
fast, exit 2) and `Gate.apply` on the sorted findings. The baseline is matched on the full list first
(its fingerprints number identical findings in order), then the diff filter keeps what touches changed
lines.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import baseline as baselines
from .diagnostics import Diagnostic
from .diffbase import Changes, DiffBaseError, changed_lines, keep_changed


class GateError(Exception):
    """A usage error of the gate options (exit 2), its message naming the file or revision."""


def _folder_of(path: str) -> str:
    """Where to ask git: the first path's folder (as configuration is found), else the working directory."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return path
    parent = os.path.dirname(path)
    return parent if os.path.isdir(parent) else os.getcwd()


def _count(n: int) -> str:
    return f"{n} finding{'s' if n != 1 else ''}"


@dataclass
class Gate:
    baseline: str | None = None
    write_baseline: str | None = None
    diff_base: str | None = None
    recorded: set[str] | None = None
    changes: Changes | None = None
    #: (message, shown for every output format) — the others only for the human formats
    notes: list[tuple[str, bool]] = field(default_factory=list)

    @classmethod
    def prepare(cls, baseline: str | None, write_baseline: str | None, diff_base: str | None,
                paths: list[str]) -> Gate | None:
        if not (baseline or write_baseline or diff_base is not None):
            return None
        if write_baseline and diff_base is not None:
            raise GateError("--write-baseline records every finding; it cannot be combined with --diff-base")
        gate = cls(baseline, write_baseline, diff_base)
        try:
            gate.recorded = baselines.load(baseline) if baseline else None
            gate.changes = changed_lines(diff_base, _folder_of(paths[0])) if diff_base is not None else None
        except (baselines.BaselineError, DiffBaseError) as exc:
            raise GateError(str(exc)) from None
        return gate

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        if self.baseline or self.write_baseline:
            split = baselines.split(diagnostics, self.baseline or self.write_baseline, self.recorded)
            if self.write_baseline:  # everything found, or (with --baseline) what is still recorded
                try:
                    written = baselines.write(self.write_baseline, split.known)
                except baselines.BaselineError as exc:
                    raise GateError(str(exc)) from None
                self.notes.append((f"nnlint: recorded {_count(written)} in {self.write_baseline}", True))
            if self.baseline:
                if split.known:
                    self.notes.append((f"nnlint: {_count(len(split.known))} recorded in {self.baseline} not shown", False))
                if split.gone and self.baseline != self.write_baseline:
                    self.notes.append((
                        f"nnlint: {_count(split.gone)} recorded in {self.baseline} did not occur in this run (fixed, "
                        f"or not linted); `--baseline {self.baseline} --write-baseline {self.baseline}` drops them",
                        False))
            diagnostics = split.new
        if self.changes is not None:
            kept = keep_changed(diagnostics, self.changes)
            if len(kept) < len(diagnostics):
                self.notes.append((f"nnlint: {_count(len(diagnostics) - len(kept))} on lines unchanged since "
                                   f"{self.diff_base} not shown", False))
            diagnostics = kept
        return diagnostics
