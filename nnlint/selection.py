"""Which rules run: `select` / `extend-select` / `ignore` with codes, prefixes (`NN2`) and `ALL`.

Resolution, as ruff users expect: the selected set is `select` (or the default set) plus
`extend-select`; then for each rule the most specific matching selector between the
select side and the ignore side wins, and a tie goes to ignore. Opt-in rules run only
when selected by their exact code or by `ALL`; a prefix selects only default rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules import ALL_RULES, Rule


class SelectorError(ValueError):
    pass


def _specificity(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def validate(selectors: list[str], where: str) -> list[str]:
    codes = [rule.code for rule in ALL_RULES] + ["NN000"]
    cleaned = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not selector:
            continue
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            raise SelectorError(f"{where}: unknown rule selector {raw!r} (see `nnlint rule --all`)")
        cleaned.append(selector)
    return cleaned


@dataclass
class Selection:
    select: list[str] | None = None  # None: the default set
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def enabled(self, rule: type[Rule]) -> bool:
        return self.is_enabled(rule.code, rule.opt_in)

    def is_enabled(self, code: str, opt_in: bool = False) -> bool:
        chosen = -1
        for selector in (self.select if self.select is not None else []) + self.extend_select:
            score = _specificity(selector, code)
            if score < 0:
                continue
            if opt_in and selector not in ("ALL", code):
                continue
            chosen = max(chosen, score)
        if self.select is None and not opt_in:
            chosen = max(chosen, 0)
        if chosen < 0:
            return False
        ignored = max((_specificity(s, code) for s in self.ignore), default=-1)
        return ignored < chosen or (ignored < 0)

    def rules(self) -> list[type[Rule]]:
        return [rule for rule in ALL_RULES if self.enabled(rule)]

    def codes_ignored(self, codes) -> "Selection":
        return Selection(self.select, self.extend_select, self.ignore + list(codes))
