"""Which rules run: `select` / `extend-select` / `ignore` with codes, prefixes (`NN2`) and `ALL`.

Resolution, as ruff users expect: the selected set is `select` (or the default set) plus
`extend-select`; then for each rule the most specific matching selector between the
select side and the ignore side wins, and a tie goes to ignore. Opt-in rules run only
when selected by their exact code or by `ALL`; a prefix selects only default rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import INTERNAL_CODE
from .rules import Rule


class SelectorError(ValueError):
    pass


def _specificity(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def validate(selectors: list[str], where: str) -> list[str]:
    """Upper-cased selectors, or `SelectorError` for one that names no rule (NN000 included: it is always on)
    or is empty (`select = [""]` would otherwise silently select nothing)."""
    from .rules import ALL_RULES

    codes = [rule.code for rule in ALL_RULES]
    cleaned = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not selector:
            raise SelectorError(f"{where}: empty rule selector {raw!r}; give codes such as NN201, prefixes such "
                                "as NN2, or ALL (an empty list, [], selects nothing on purpose)")
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            if INTERNAL_CODE.startswith(selector) and len(selector) > 2:
                raise SelectorError(f"{where}: {raw!r}: NN000 (a file that cannot be read or parsed) is always "
                                    "reported and cannot be selected or ignored; exclude the file instead")
            raise SelectorError(f"{where}: unknown rule selector {raw!r} (see `nnlint rule --all`)")
        cleaned.append(selector)
    return cleaned


@dataclass
class Selection:
    """One layer of `select` / `extend-select` / `ignore`, optionally on top of an earlier layer.

    Layers are how "the command line overrides the config" works: the config is the base layer and
    the command line's options form the layer above it. A layer with its own `select` starts afresh
    (the base is not consulted); without one it starts from what the base enables. Then, within the
    layer, the most specific selector wins and a tie goes to ignore. Per-file ignores are one more
    layer on top, so they always apply.
    """

    select: list[str] | None = None  # None: the default set, or the base layer's choice
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    base: "Selection | None" = None

    def enabled(self, rule: type[Rule]) -> bool:
        return self.is_enabled(rule.code, rule.opt_in)

    def is_enabled(self, code: str, opt_in: bool = False) -> bool:
        if self.select is None:
            inherited = self.base.is_enabled(code, opt_in) if self.base is not None else not opt_in
        else:
            inherited = False
        chosen = 0 if inherited else -1
        for selector in (self.select or []) + self.extend_select:
            score = _specificity(selector, code)
            if score < 0 or (opt_in and selector not in ("ALL", code)):
                continue
            chosen = max(chosen, score)
        if chosen < 0:
            return False
        ignored = max((_specificity(s, code) for s in self.ignore), default=-1)
        return ignored < chosen

    def rules(self) -> list[type[Rule]]:
        from .rules import ALL_RULES

        return [rule for rule in ALL_RULES if self.enabled(rule)]

    def override(self, select: list[str] | None = None, extend_select: list[str] | None = None,
                 ignore: list[str] | None = None) -> "Selection":
        """A layer above this one (the command line above the config)."""
        if select is None and not extend_select and not ignore:
            return self
        return Selection(select, list(extend_select or []), list(ignore or []), base=self)

    def codes_ignored(self, codes) -> "Selection":
        return Selection(None, [], list(codes), base=self)
