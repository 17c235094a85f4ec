"""`[tool.nnlint]` in pyproject.toml (or a file given with `--config`).

Keys (kebab-case, as in ruff): `select`, `extend-select`, `ignore`, `per-file-ignores`,
`exclude`, `extend-exclude`, `respect-gitignore`, and the options the rules declare (`adam-lr-threshold`,
and those of plugin rules): their types and defaults come from the rules' `Option` declarations. The nearest
pyproject.toml with a `[tool.nnlint]` table, walking up from the first linted path, is used;
patterns in it are relative to its directory. Unknown keys are an error, not a silent no-op.

A file given with `--config` may be a pyproject.toml (its `[tool.nnlint]` table is read) or a
dedicated TOML file holding either a `[tool.nnlint]` table or the keys at top level.
Every error names the file, and the line of the offending key where it can be found.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

from .selection import Selection, SelectorError, validate

CORE_KEYS = {
    "select", "extend-select", "ignore", "per-file-ignores", "exclude", "extend-exclude",
    "respect-gitignore",
}


def rule_options() -> dict:
    """Every option a rule declares, by its key."""
    from .rules import ALL_RULES

    return {option.name: option for rule in ALL_RULES for option in rule.options}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    root: Path = field(default_factory=Path.cwd)
    path: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    #: values of rule options set in the file (the rules' declared defaults apply to the others)
    rule_options: dict = field(default_factory=dict)

    def selection(self) -> Selection:
        return Selection(self.select, list(self.extend_select), list(self.ignore))

    def options(self) -> dict:
        return dict(self.rule_options)


def find_config(start: Path) -> Path | None:
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in [directory, *directory.parents]:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*nnlint\b|^\s*tool\s*\.\s*nnlint\s*[.=]|^\s*nnlint\s*[.=]", re.MULTILINE)


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml configures nnlint (parsed, so comments and strings do not count)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    text = raw.decode("utf-8", errors="replace")
    if not _TABLE.search(text):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True  # it means to configure nnlint: `load` reports the error with the file's name
    tool = data.get("tool")
    return isinstance(tool, dict) and "nnlint" in tool


def _line_of(path: Path, key: str) -> str:
    """`:LINE` of the first line that assigns `key` (bare or quoted), or "" when not found."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    pattern = re.compile(r"^\s*(?:[\w.-]+\.)?[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        if pattern.match(line):
            return f":{number}"
    return ""


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}; fix the file or pass another with --config") from None
    tool = data.get("tool")
    nested = tool.get("nnlint") if isinstance(tool, dict) else None
    if path.name == "pyproject.toml" or nested is not None:
        table, where = nested or {}, "[tool.nnlint]"
    else:
        table, where = data, "(top level)"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}{_line_of(path, 'nnlint')}: tool.nnlint must be a table")
    return from_table(table, path, where)


def from_table(table: dict, path: Path, section: str = "[tool.nnlint]") -> Config:
    def where(key: str) -> str:
        return f"{path}{_line_of(path, key)}: {section} {key}"

    declared = rule_options()
    known = CORE_KEYS | set(declared)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where(unknown[0])}: unknown option(s) {', '.join(map(repr, unknown))}; "
                          f"known options: {', '.join(sorted(known))}")
    config = Config(root=path.resolve().parent, path=path)
    try:
        if "select" in table:
            config.select = validate(_strings(table["select"], where("select")), where("select"))
        config.extend_select = validate(_strings(table.get("extend-select", []), where("extend-select")),
                                        where("extend-select"))
        config.ignore = validate(_strings(table.get("ignore", []), where("ignore")), where("ignore"))
        per_file = table.get("per-file-ignores", {})
        if not isinstance(per_file, dict):
            raise ConfigError(f"{where('per-file-ignores')}: must be a table of \"pattern\" = [codes]")
        config.per_file_ignores = {
            pattern: validate(_strings(codes, where(pattern)), where(pattern))
            for pattern, codes in per_file.items()
        }
    except SelectorError as exc:
        raise ConfigError(str(exc)) from None
    if "exclude" in table:
        config.exclude = _strings(table["exclude"], where("exclude"))
    config.extend_exclude = _strings(table.get("extend-exclude", []), where("extend-exclude"))
    respect = table.get("respect-gitignore", True)
    if not isinstance(respect, bool):
        raise ConfigError(f"{where('respect-gitignore')}: must be true or false")
    config.respect_gitignore = respect
    for name, option in declared.items():
        if name in table:
            try:
                config.rule_options[name] = option.validate(table[name])
            except ValueError as exc:
                raise ConfigError(f"{where(name)}: {exc}") from None
    return config


def _strings(value, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: must be a list of strings")
    return list(value)


def resolve(config_file: str | None, paths: list[str]) -> Config:
    if config_file is not None:
        return load(Path(config_file))
    start = Path(paths[0]) if paths else Path.cwd()
    if not start.exists():
        start = Path.cwd()
    return load(find_config(start))


def relative_to_root(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
