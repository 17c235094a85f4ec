"""Which fixes `--fix` may apply, as ruff decides it: fix safety, `fixable`/`unfixable`, and the
`extend-safe-fixes`/`extend-unsafe-fixes` promotions.

Every fix declares its applicability (`nnlint.diagnostics.Applicability`): a *safe* fix cannot change
what a trained model computes or loads; an *unsafe* one can (adding a bias changes the `state_dict`, so an
old checkpoint no longer loads; removing an output activation changes predictions). `--fix` applies safe
fixes only; `--unsafe-fixes` (or `unsafe-fixes = true`) applies both. `extend-safe-fixes` /
`extend-unsafe-fixes` re-label the fixes of the rules they select, and `unfixable` (over `fixable`) takes a
rule's fixes away altogether. Between two selectors the more specific one wins (`NN201` over `NN2`); a tie
goes to the cautious side (unsafe, unfixable).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .diagnostics import Applicability, Diagnostic


def _specificity(selectors: list[str], code: str) -> int:
    """How specifically the selectors name `code`: -1 not at all, 0 by ALL, else the selector's length."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


@dataclass(frozen=True)
class FixPolicy:
    unsafe_fixes: bool = False
    fixable: tuple[str, ...] = ("ALL",)
    unfixable: tuple[str, ...] = ()
    extend_safe_fixes: tuple[str, ...] = ()
    extend_unsafe_fixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, config) -> "FixPolicy":
        return cls(bool(config.unsafe_fixes), tuple(config.fixable), tuple(config.unfixable),
                   tuple(config.extend_safe_fixes), tuple(config.extend_unsafe_fixes))

    def fixable_code(self, code: str) -> bool:
        wanted = _specificity(list(self.fixable), code)
        return wanted >= 0 and wanted > _specificity(list(self.unfixable), code)

    def applicability(self, code: str, declared: Applicability) -> Applicability:
        safe = _specificity(list(self.extend_safe_fixes), code)
        unsafe = _specificity(list(self.extend_unsafe_fixes), code)
        if unsafe >= 0 and unsafe >= safe:
            return Applicability.UNSAFE
        if safe >= 0:
            return Applicability.SAFE
        return declared

    def shown(self, diagnostic: Diagnostic) -> Diagnostic:
        """The finding as reports show it: no fix for an unfixable rule, the fix re-labelled as configured."""
        fix = diagnostic.fix
        if fix is None:
            return diagnostic
        if not self.fixable_code(diagnostic.code):
            return replace(diagnostic, fix=None, intent=None)
        applicability = self.applicability(diagnostic.code, fix.applicability)
        if applicability is fix.applicability:
            return diagnostic
        return replace(diagnostic, fix=replace(fix, applicability=applicability))

    def allows(self, diagnostic: Diagnostic) -> bool:
        """Whether `--fix` may apply this finding's fix."""
        fix = diagnostic.fix
        if fix is None or not self.fixable_code(diagnostic.code):
            return False
        return self.unsafe_fixes or self.applicability(diagnostic.code, fix.applicability) is Applicability.SAFE

    def hidden(self, diagnostic: Diagnostic) -> bool:
        """A fix that exists and is fixable, but unsafe and not enabled: what `--unsafe-fixes` would add."""
        fix = diagnostic.fix
        return (fix is not None and self.fixable_code(diagnostic.code) and not self.unsafe_fixes
                and self.applicability(diagnostic.code, fix.applicability) is Applicability.UNSAFE)


class FileFixPolicy:
    """The policy of each finding's own file (its nearest configuration); picklable for worker processes."""

    def __init__(self, settings):
        self.settings = settings
        self._policies: dict[int, FixPolicy] = {}

    def policy(self, path: str) -> FixPolicy:
        config = self.settings.for_file(path)
        policy = self._policies.get(id(config))
        if policy is None:
            policy = self._policies[id(config)] = FixPolicy.of(config)
        return policy

    def __call__(self, diagnostic: Diagnostic) -> bool:
        return self.policy(diagnostic.path).allows(diagnostic)

    def shown(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        return [self.policy(d.path).shown(d) for d in diagnostics]

    def applicable(self, diagnostic: Diagnostic) -> bool:
        return self.policy(diagnostic.path).allows(diagnostic)

    def hidden(self, diagnostic: Diagnostic) -> bool:
        return self.policy(diagnostic.path).hidden(diagnostic)
