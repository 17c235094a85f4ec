"""Applying fixes to source text, in memory: passes until stable, every pass validated.

Each pass lints the current text with fixes, applies the fixes whose edits do not overlap (the
others wait for the next pass, as ruff does), and checks the result: it must parse, each fixed
finding must be gone, and no finding of another code may appear. A pass that fails the check is
retried fix by fix, so one bad fix is refused (and reported) without holding back the others.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Edit
from ..engine import check_source
from ..rules import Rule
from ..selection import Selection
from ..source import SourceFile
from .text import Lines, apply_edits, edit_span, map_offset

MAX_PASSES = 10


@dataclass
class Rejected:
    diagnostic: Diagnostic
    reason: str


@dataclass
class FixOutcome:
    """The result of fixing one text: the new `text`, the findings fixed, those that remain."""

    text: str
    original: str
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    passes: int = 0

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fix_source(text: str, path: str = "<string>", selection: Selection | None = None,
               options: dict | None = None) -> FixOutcome:
    """Fix Python source text in memory (never writes). Respects the selection and noqa comments."""
    return fix_text(text, path, (selection or Selection()).rules(), options)


def fix_text(text: str, path: str, rules: list[type[Rule]], options: dict | None = None,
             max_passes: int = MAX_PASSES) -> FixOutcome:
    outcome = FixOutcome(text=text, original=text)
    refused: set[tuple] = set()
    current = text
    for _ in range(max_passes):
        diagnostics = check_source(SourceFile(path, current), rules, options, fixes="unchecked")
        candidates = [d for d in diagnostics if d.fix is not None and _key(d) not in refused]
        if not candidates:
            break
        outcome.passes += 1
        check = Checker(path, rules, options)
        new_text, good, bad = _apply_checked(current, diagnostics, _non_overlapping(current, candidates), check)
        for diagnostic, reason in bad:
            refused.add(_key(diagnostic))
            outcome.rejected.append(Rejected(diagnostic, reason))
        outcome.applied.extend(good)
        current = new_text
    outcome.text = current
    outcome.remaining = check_source(SourceFile(path, current), rules, options, fixes=True)
    for diagnostic in outcome.remaining:
        if diagnostic.fix is not None and _key(diagnostic) in refused:
            diagnostic.fix = None  # known not to work: do not advertise it
    return outcome


def _key(d: Diagnostic) -> tuple:
    """Identifies a finding across passes (positions move as other fixes apply)."""
    return (d.code, d.message, d.context, d.source_line.strip())


def _spans(lines: Lines, edits) -> list[tuple[int, int, str]]:
    return [(*edit_span(lines, e), e.content) for e in edits]


def _non_overlapping(text: str, candidates: list[Diagnostic]) -> list[Diagnostic]:
    lines = Lines(text)
    taken: list[tuple[int, int]] = []
    taken_edits: set[tuple[Edit, ...]] = set()
    chosen = []
    for d in sorted(candidates, key=lambda d: min(edit_span(lines, e) for e in d.fix.edits)):
        edits = tuple(sorted(d.fix.edits, key=lambda e: (e.line, e.column)))
        if edits in taken_edits:  # two findings fixed by the same edit (an activation flagged twice)
            chosen.append(d)
            continue
        spans = [edit_span(lines, e) for e in edits]
        if any(start < t_end and t_start < end or start == end == t_start or start == t_start
               for start, end in spans for t_start, t_end in taken):
            continue
        taken.extend(spans)
        taken_edits.add(edits)
        chosen.append(d)
    return chosen


def _edits_of(fixed: list[Diagnostic]) -> list[Edit]:
    return list(dict.fromkeys(e for d in fixed for e in d.fix.edits))


class Checker:
    """Decides whether applying some fixes to a text did what they promised."""

    def __init__(self, path: str, rules, options):
        self.path, self.rules, self.options = path, rules, options

    def problem(self, old: str, new: str, before: list[Diagnostic], fixed: list[Diagnostic]) -> str | None:
        try:
            ast.parse(new)
        except (SyntaxError, ValueError):
            return "the fixed code would not parse"
        after = check_source(SourceFile(self.path, new), self.rules, self.options)
        old_lines, new_lines = Lines(old), Lines(new)
        spans = _spans(old_lines, _edits_of(fixed))

        def where(d: Diagnostic) -> tuple:
            return d.code, new_lines.position(map_offset(old_lines.offset(d.line, d.column), spans))

        fixed_ids = {id(d) for d in fixed}
        gone = {where(d) for d in fixed}
        kept = Counter(where(d) for d in before if id(d) not in fixed_ids)
        codes = {d.code for d in fixed}
        for d in after:
            key = (d.code, (d.line, d.column))
            if kept[key] > 0:
                kept[key] -= 1
            elif key in gone:
                return f"the fix does not remove the {d.code} finding"
            elif d.code not in codes:
                return f"the fix would introduce {d.code} ({d.message})"
        return None


def _apply_checked(text: str, before: list[Diagnostic], chosen: list[Diagnostic], check: Checker):
    """(new text, fixes applied, [(fix refused, why)])."""
    new = apply_edits(text, _edits_of(chosen))
    if check.problem(text, new, before, chosen) is None:
        return new, chosen, []
    good, bad = [], []
    for d in chosen:
        reason = check.problem(text, apply_edits(text, d.fix.edits), before, [d])
        (bad.append((d, reason)) if reason else good.append(d))
    if not good:
        return text, [], bad
    new = apply_edits(text, _edits_of(good))
    if len(good) > 1 and check.problem(text, new, before, good) is not None:
        good = good[:1]  # fine alone, not together: take one now, the rest next pass
        new = apply_edits(text, _edits_of(good))
    return new, good, bad
