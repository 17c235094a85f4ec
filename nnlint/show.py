"""`--show-settings FILE`: which configuration applies to a file, and what it amounts to."""

from __future__ import annotations

import os

from .config import Config, Settings


def _chain(config: Config) -> list[str]:
    files = []
    while config is not None:
        if config.path is not None:
            files.append(str(config.path))
        config = config.base
    return files


def _groups(groups) -> str:
    return "; ".join(f"{', '.join(g.patterns)} (relative to {g.root})" for g in groups if g.patterns) or "none"


def settings_report(settings: Settings, target: str) -> str:
    from .engine import Linter

    linter = Linter(settings)
    config = settings.for_file(target) if not os.path.isdir(target) else settings.for_directory(target)
    plan = linter.plan_for_config(config)
    chain = _chain(config)
    rules = linter.rules_for(target) if not os.path.isdir(target) else plan.rules
    per_file = [f"{group.patterns[0]!r} (relative to {group.root}) -> {', '.join(codes)}"
                for group, codes in config.per_file_groups()]
    target_version = (f"py{config.target_version[0]}{config.target_version[1]}"
                      if config.target_version else "not set")
    lines = [
        f"Settings for {target}",
        f"  configuration file: {chain[0] if chain else '(none: defaults)'}",
        *[f"    extends: {path}" for path in chain[1:]],
        f"  project root: {config.root}",
        f"  rules ({len(rules)}): {', '.join(rule.code for rule in rules) or 'none'}",
        f"  per-file-ignores: {'; '.join(per_file) or 'none'}",
        f"  exclude: {_groups(config.exclude_groups())}",
        f"  respect-gitignore: {str(config.respect_gitignore).lower()}",
        f"  fail-on: {config.fail_on}",
        f"  target-version: {target_version}",
        f"  unsafe-fixes: {str(config.unsafe_fixes).lower()}",
        f"  fixable: {', '.join(config.fixable) or 'none'}; unfixable: {', '.join(config.unfixable) or 'none'}",
        f"  extend-safe-fixes: {', '.join(config.extend_safe_fixes) or 'none'}; "
        f"extend-unsafe-fixes: {', '.join(config.extend_unsafe_fixes) or 'none'}",
    ]
    declared = {}
    for rule in plan.rules:
        for option in rule.options:
            declared[option.name] = option
    lines += [f"  {name}: {config.rule_options.get(name, option.default)!r}" for name, option in sorted(declared.items())]
    return "\n".join(lines) + "\n"
