"""Which rule codes have a fixer, and attaching fixes to diagnostics.

A fixer is `fixer(finding, facts) -> Fix`; it raises `Unfixable` (or returns None) where no safe
and obvious fix exists. Fixers live outside the rules: rules stay cheap `ast` queries, and LibCST is
parsed only for files whose findings are being fixed or shown with their fixes.
"""

from __future__ import annotations

from typing import Callable

from ..diagnostics import Diagnostic, Fix
from ..facts import ModuleFacts
from .activation import remove_activation
from .bias import restore_bias
from .document import Unfixable
from .init import scale_initializer
from .loss import from_logits
from .saver import move_saver

Fixer = Callable[[object, ModuleFacts], "Fix | None"]

FIXERS: dict[str, Fixer] = {
    "NN101": remove_activation,
    "NN102": remove_activation,
    "NN104": from_logits,
    "NN201": restore_bias,
    "NN301": scale_initializer,
    "NN401": move_saver,
}


def fix_for(code: str, finding, facts: ModuleFacts) -> Fix | None:
    """The fix for one finding, or None (no fixer, not safe here, or a fixer bug: never fatal)."""
    fixer = FIXERS.get(code)
    if fixer is None:
        return None
    try:
        return fixer(finding, facts)
    except Unfixable:
        return None
    except Exception:  # a fixer bug must never stop linting; the finding is reported without a fix
        return None


def attach_fixes(pairs: list[tuple[Diagnostic, object]], facts: ModuleFacts, rules=None, options=None,
                 check: bool = True) -> None:
    """Give each diagnostic its fix; with `check`, only a fix that parses, removes its finding and brings
    no other finding (so a `[*]` mark never promises what `--fix` would refuse).

    The check re-lints the fixed text, so it is done once for all the fixes that `--fix` would apply
    together in its first pass (the non-overlapping ones, checked together exactly as `--fix` checks
    them); only when that fails, or for the fixes that overlap those, is each fix checked on its own.
    """
    from .apply import Checker, _edits_of, _non_overlapping
    from .text import apply_edits

    before = [diagnostic for diagnostic, _ in pairs]
    computed = []
    for diagnostic, finding in pairs:
        if diagnostic.fix is not None:
            continue
        diagnostic.fix = finding.fix or fix_for(diagnostic.code, finding, facts)
        if diagnostic.fix is not None:
            computed.append(diagnostic)
    if not computed or not check or rules is None:
        return
    checker = Checker(facts.source.path, rules, options)
    text = facts.source.text
    together = _non_overlapping(text, computed)
    alone = computed
    if checker.problem(text, apply_edits(text, _edits_of(together)), before, together) is None:
        chosen = {id(d) for d in together}
        alone = [d for d in computed if id(d) not in chosen]
    for diagnostic in alone:
        if checker.problem(text, apply_edits(text, diagnostic.fix.edits), before, [diagnostic]) is not None:
            diagnostic.fix = None
