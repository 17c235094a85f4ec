"""Fixing one document in memory: passes until stable, every pass validated.

Each pass lints the current text, turns the intents of the findings that may be fixed into edits, applies
the fixes whose edits do not overlap (the others wait for the next pass, as ruff does), and checks the
result: it must parse, each fixed finding must be gone, and no finding of another code may appear. A pass
that fails the check is retried fix by fix, so one bad fix is refused (and reported) without holding back
the others. `compute_fixes` gives findings their validated edits without applying them (for the JSON and
SARIF `fix` fields, and editors' code actions).
"""

from __future__ import annotations

import ast
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from ..diagnostics import Diagnostic, Edit, Fix
from ..document import Document
from ..edits import apply_edits, edit_span, map_offset
from ..lines import LineIndex
from ..lint import RAISE_ENV, internal_error, lint
from .intent_edits import edits_for
from .unfixable import Unfixable

#: fixes that touch each other are applied over several passes; a chain longer than this is not a real
#: fix sequence but two fixes undoing each other
MAX_PASSES = 10

Allow = Callable[[Diagnostic], bool]


def allow_all(diagnostic: Diagnostic) -> bool:
    return True


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


def fix_document(document: Document, rules: Sequence, options: Mapping | None = None, allow: Allow = allow_all,
                 max_passes: int = MAX_PASSES) -> FixOutcome:
    """Apply the fixes `allow` permits, pass after pass, each pass validated; never writes anything."""
    outcome = FixOutcome(text=document.text, original=document.text)
    refused: set[tuple] = set()
    crashes: list[Diagnostic] = []
    current = document
    # the findings of each text linted here, the checker's included: the text a pass leaves is the one the
    # checker has just linted, and it is what the next pass and the final result lint again
    linted: dict[str, list[Diagnostic]] = {}
    check = Checker(rules, options, linted)
    for _ in range(max_passes):
        diagnostics = linted.get(current.text)
        if diagnostics is None:
            diagnostics = linted[current.text] = lint(current, rules, options)
        candidates = []
        for diagnostic in diagnostics:
            if diagnostic.intent is None or _key(diagnostic) in refused or not allow(diagnostic):
                continue
            computed = _with_edits(current, diagnostic, crashes)
            if computed is None:
                refused.add(_key(diagnostic))
            else:
                candidates.append(computed)
        if not candidates:
            break
        outcome.passes += 1
        new_text, good, bad = _apply_checked(current, diagnostics, _non_overlapping(current.text, candidates), check)
        for diagnostic, reason in bad:
            refused.add(_key(diagnostic))
            outcome.rejected.append(Rejected(diagnostic, reason))
        outcome.applied.extend(good)
        if new_text == current.text:
            break
        current = current.replaced(new_text)
    outcome.text = current.text
    remaining = linted.get(current.text)
    if remaining is None:
        remaining = lint(current, rules, options)
    for diagnostic in remaining:
        if diagnostic.fix is not None and _key(diagnostic) in refused:
            diagnostic.fix = None  # known not to work: do not advertise it
    outcome.remaining = remaining + crashes
    return outcome


def compute_fixes(document: Document, diagnostics: list[Diagnostic], rules: Sequence,
                  options: Mapping | None = None) -> list[Diagnostic]:
    """The findings of a `lint(document, ...)` run with each fix's edits computed and checked: a fix that
    does not parse, does not remove its finding or brings another one is dropped (`fix=None`). Fixes that
    `--fix` would apply together in one pass are checked together; only when that fails, or for the fixes
    that overlap them, each on its own. Bugs in a fix come back as NN000 findings."""
    crashes: list[Diagnostic] = []
    result = []
    for d in diagnostics:
        if d.intent is None:
            result.append(d)
            continue
        computed = _with_edits(document, d, crashes)
        result.append(computed if computed is not None else replace(d, fix=None))
    offered = [d for d in result if d.fix is not None and d.fix.edits is not None]
    if offered:
        check = Checker(rules, options)
        together = _non_overlapping(document.text, offered)
        alone = offered
        if check.problem(document, apply_edits(document.text, _edits_of(together)), result, together) is None:
            chosen = {id(d) for d in together}
            alone = [d for d in offered if id(d) not in chosen]
        for d in alone:
            if check.problem(document, apply_edits(document.text, d.fix.edits), result, [d]) is not None:
                d.fix = None
    return result + crashes


def _with_edits(document: Document, diagnostic: Diagnostic, crashes: list[Diagnostic]) -> Diagnostic | None:
    """The diagnostic with its fix's edits computed; None when the intent cannot be carried out (and, for a
    bug in the fix, an NN000 finding added to `crashes`)."""
    try:
        edits = edits_for(document, diagnostic.intent)
    except Unfixable:
        return None
    except Exception as exc:  # a bug in a fix is reported like a bug in a rule: never a silent "no fix"
        if os.environ.get(RAISE_ENV):
            raise
        crashes.append(internal_error(document.path, f"the {diagnostic.code} fix", exc))
        return None
    fix = diagnostic.fix or Fix(diagnostic.intent.message, diagnostic.intent.applicability)
    return replace(diagnostic, fix=replace(fix, edits=edits))


def _key(d: Diagnostic) -> tuple:
    """Identifies a finding across passes (positions move as other fixes apply)."""
    return (d.code, d.message, d.context, d.source_line.strip())


def _non_overlapping(text: str, candidates: list[Diagnostic]) -> list[Diagnostic]:
    lines = LineIndex(text)
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
    """Decides whether applying some fixes to a document did what they promised."""

    def __init__(self, rules, options, linted: dict[str, list[Diagnostic]] | None = None):
        self.rules, self.options = rules, options
        #: the findings of every text checked, by text (shared with `fix_document`)
        self.linted = linted if linted is not None else {}

    def problem(self, old: Document, new: str, before: list[Diagnostic], fixed: list[Diagnostic]) -> str | None:
        try:
            ast.parse(new)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return "the fixed code would not parse"
        after = self.linted.get(new)
        if after is None:
            after = self.linted[new] = lint(old.replaced(new), self.rules, self.options)
        old_lines, new_lines = LineIndex(old.text), LineIndex(new)
        spans = [(*edit_span(old_lines, e), e.content) for e in _edits_of(fixed)]

        def where(d: Diagnostic) -> tuple:
            return d.code, new_lines.position(map_offset(old_lines.offset(d.line, d.column), spans))

        fixed_ids = {id(d) for d in fixed}
        fixed_keys = {_key(d) for d in fixed}
        gone = {where(d) for d in fixed}
        others = [d for d in before if id(d) not in fixed_ids and _key(d) not in fixed_keys]
        kept = Counter(where(d) for d in others)
        codes = {d.code for d in fixed}
        unmatched = []
        for d in after:
            key = (d.code, (d.line, d.column))
            if kept[key] > 0:
                kept[key] -= 1
            elif key in gone:
                return f"the fix does not remove the {d.code} finding"
            elif d.code not in codes:
                unmatched.append(d)
        # a finding inside an edit's range (a comment the edit rewrites) cannot be followed by position: one
        # that was there before, with the same message, has moved, not appeared
        moved = Counter()
        for d in others:
            if kept[where(d)] > 0:
                kept[where(d)] -= 1
                moved[(d.code, d.message)] += 1
        for d in unmatched:
            if moved[(d.code, d.message)] > 0:
                moved[(d.code, d.message)] -= 1
            else:
                return f"the fix would introduce {d.code} ({d.message})"
        return None


def _apply_checked(document: Document, before: list[Diagnostic], chosen: list[Diagnostic], check: Checker):
    """(new text, fixes applied, [(fix refused, why)])."""
    text = document.text
    new = apply_edits(text, _edits_of(chosen))
    if check.problem(document, new, before, chosen) is None:
        return new, chosen, []
    good, bad = [], []
    for d in chosen:
        reason = check.problem(document, apply_edits(text, d.fix.edits), before, [d])
        (bad.append((d, reason)) if reason else good.append(d))
    if not good:
        return text, [], bad
    new = apply_edits(text, _edits_of(good))
    if len(good) > 1 and check.problem(document, new, before, good) is not None:
        good = good[:1]  # fine alone, not together: take one now, the rest next pass
        new = apply_edits(text, _edits_of(good))
    return new, good, bad
