"""nnlint's configuration: `[tool.nnlint]` in pyproject.toml, or `nnlint.toml` / `.nnlint.toml`.

Each file is linted with the settings of the configuration file nearest to it (as ruff does): walking up
from the file's folder, the first folder holding `.nnlint.toml`, `nnlint.toml` or a `pyproject.toml` with
a `[tool.nnlint]` table decides (in that order of preference within one folder). A file with no such
folder above it uses the configuration found from the current directory, or the defaults. `--config FILE`
uses one file for everything instead. Patterns are relative to the file that declares them.

`extend = "../pyproject.toml"` reads another configuration first and applies this one on top: lists
such as `extend-select`, `extend-exclude` and `per-file-ignores` add to the base's, `select` starts
afresh as on the command line, other keys replace the base's value.

Keys are kebab-case, as in ruff: `SETTINGS` lists nnlint's own with their types and documentation, and
the rules declare theirs (`adam-lr-threshold` is NN502's; plugin rules bring their own); the JSON schema
`nnlint.schema.json` and docs/configuration.md are generated from both. An unknown key, a wrong type, an unknown rule
code, an invalid glob, an unreadable or undecodable file: each is a `ConfigError` naming the file (and
the key's line where it can be found) — never a silently ignored setting.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

from .selection import Selection, SelectorError, validate

#: configuration file names, in order of preference within one folder (as ruff's .ruff.toml/ruff.toml)
CONFIG_NAMES = (".nnlint.toml", "nnlint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
#: Python versions nnlint knows the syntax of (target-version values)
PYTHON_VERSIONS = tuple(f"py3{minor}" for minor in range(8, 15))
MAX_CONFIG_BYTES = 1 << 20  # a configuration file is small; anything larger is not one
#: the files a folder yields unless `include` replaces them (as ruff's): Python files, stubs, Jupyter notebooks
DEFAULT_INCLUDE = ["*.py", "*.pyi", "*.ipynb"]
#: excluded unless `exclude` replaces them (as ruff's defaults)
DEFAULT_EXCLUDE = [
    ".bzr", ".direnv", ".eggs", ".git", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox", ".pants.d",
    ".pytest_cache", ".pytype", ".ruff_cache", ".nnlint_cache", ".svn", ".tox", ".venv", "__pypackages__",
    "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv", "__pycache__",
]


@dataclass(frozen=True)
class Setting:
    """One key of `[tool.nnlint]` that is not a rule's option: what it holds, its default and what it does
    (the documentation and the JSON schema are generated from these and from the rules' `Option`s)."""

    key: str
    kind: str  # selectors | patterns | bool | number | severity | python-version | path | per-file
    default: object
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("extend", "path", None, "Another configuration file to read first; this file's settings apply on "
           "top of it (relative to this file's folder)."),
    Setting("select", "selectors", None, "Rules to enable: codes (NN201), prefixes (NN2) or ALL. Default: every "
           "rule that is not opt-in."),
    Setting("extend-select", "selectors", [], "Rules to enable on top of `select`."),
    Setting("ignore", "selectors", [], "Rules to disable: codes or prefixes."),
    Setting("per-file-ignores", "per-file", {}, "Rules to disable in files matching a glob (relative to this file's "
           "folder; a bare file name matches in any folder)."),
    Setting("include", "patterns", None, "Globs of the files a folder yields (a file named on the command line is "
            "linted whatever its name); replaces the default: `*.py`, `*.pyi` and `*.ipynb` (Jupyter notebooks)."),
    Setting("extend-include", "patterns", [], "Globs of files a folder yields on top of `include`."),
    Setting("exclude", "patterns", None, "Globs of files and folders never linted; replaces the default excludes "
           "(.venv, build, dist, __pycache__, ...)."),
    Setting("extend-exclude", "patterns", [], "Globs excluded on top of the default excludes."),
    Setting("respect-gitignore", "bool", True, "Skip files that .gitignore files ignore."),
    Setting("fail-on", "severity", "warning", "The lowest severity that makes the run fail (exit 1): `error`, "
           "`warning` (default: info findings are shown but do not fail) or `info`."),
    Setting("target-version", "python-version", None, "The oldest Python your code must run on (py38 ... py314). "
           "Default: the lower bound of `project.requires-python` in the same pyproject.toml, if any."),
    Setting("unsafe-fixes", "bool", False, "Let `--fix` apply unsafe fixes too (fixes that may change what a "
           "trained model computes or loads)."),
    Setting("fixable", "selectors", ["ALL"], "Rules whose fixes `--fix` may apply."),
    Setting("unfixable", "selectors", [], "Rules whose fixes `--fix` never applies."),
    Setting("extend-safe-fixes", "selectors", [], "Rules whose unsafe fixes count as safe."),
    Setting("extend-unsafe-fixes", "selectors", [], "Rules whose safe fixes count as unsafe."),
)
SETTINGS_BY_KEY = {setting.key: setting for setting in SETTINGS}
CORE_KEYS = set(SETTINGS_BY_KEY)


def rule_options() -> dict:
    """Every option a rule declares (`nnlint.rules.Option`), by its key."""
    from .rules import ALL_RULES

    return {option.name: option for rule in ALL_RULES for option in rule.options}


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class PatternGroup:
    """Globs declared in one configuration file, matched relative to that file's folder."""

    root: Path
    patterns: tuple[str, ...]


@dataclass
class Config:
    """The settings for the files under one configuration file (its `extend` chain merged in)."""

    root: Path = field(default_factory=Path.cwd)
    path: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    include: list[str] | None = None
    extend_include: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    #: values of rule options set in the file (the rules' declared defaults apply to the others)
    rule_options: dict = field(default_factory=dict)
    fail_on: str = "warning"
    target_version: tuple[int, int] | None = None
    unsafe_fixes: bool = False
    fixable: list[str] = field(default_factory=lambda: ["ALL"])
    unfixable: list[str] = field(default_factory=list)
    extend_safe_fixes: list[str] = field(default_factory=list)
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    #: the configuration this one extends (its selection is the layer below this one's)
    base: "Config | None" = None
    #: which keys this file set itself (the others come from `base` or the defaults)
    set_keys: frozenset[str] = frozenset()
    #: the command line's rule selection, a layer above this file's
    command_line: "Overrides | None" = None

    def selection(self) -> Selection:
        own = Selection(self.select, list(self.extend_select), list(self.ignore))
        chosen = own if self.base is None else self.base.selection().override(
            self.select, self.extend_select, self.ignore)
        if self.command_line is not None:
            cli = self.command_line
            chosen = chosen.override(cli.select, cli.extend_select, cli.ignore)
        return chosen

    def options(self) -> dict:
        """What the rules (and the syntax check) read: rule options set here, and the target version."""
        return {**self.rule_options, "target_version": self.target_version}

    def exclude_groups(self) -> list[PatternGroup]:
        """The exclude globs with the folder each is relative to: the nearest `exclude` in the extend chain
        (or the default excludes), then every `extend-exclude` of the chain."""
        config: Config | None = self
        chosen = PatternGroup(self.root, tuple(DEFAULT_EXCLUDE))
        while config is not None:
            if config.exclude is not None:
                chosen = PatternGroup(config.root, tuple(config.exclude))
                break
            config = config.base
        return [chosen, *self.extend_groups()]

    def include_groups(self) -> list[PatternGroup]:
        """The include globs with the folder each is relative to: the nearest `include` in the extend chain
        (or the default include), then every `extend-include` of the chain."""
        config: Config | None = self
        chosen = PatternGroup(self.root, tuple(DEFAULT_INCLUDE))
        while config is not None:
            if config.include is not None:
                chosen = PatternGroup(config.root, tuple(config.include))
                break
            config = config.base
        chain, extra = self, []
        while chain is not None:
            if chain.extend_include:
                extra.insert(0, PatternGroup(chain.root, tuple(chain.extend_include)))
            chain = chain.base
        return [chosen, *extra]

    def extend_groups(self) -> list[PatternGroup]:
        inherited = self.base.extend_groups() if self.base is not None else []
        own = [PatternGroup(self.root, tuple(self.extend_exclude))] if self.extend_exclude else []
        return inherited + own

    def per_file_groups(self) -> list[tuple[PatternGroup, list[str]]]:
        """(glob relative to its file's folder, codes), the base's first."""
        inherited = self.base.per_file_groups() if self.base is not None else []
        return inherited + [(PatternGroup(self.root, (pattern,)), codes)
                            for pattern, codes in self.per_file_ignores.items()]

    def describe(self) -> str:
        return str(self.path) if self.path is not None else "(defaults: no configuration file)"


# -- reading files ----------------------------------------------------------------------------------

def _read_text(path: Path) -> str:
    """A configuration file's text: UTF-8 (a BOM allowed), bounded, every failure a ConfigError."""
    from .bounded import TooLarge, read_limited

    try:
        raw = read_limited(path, MAX_CONFIG_BYTES)
    except TooLarge:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB; not a configuration file") from None
    except PermissionError:
        raise ConfigError(f"{path}: cannot read the configuration: permission denied; make it readable "
                          "(or pass another file with --config)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); TOML files are UTF-8: "
                          "save it as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def _parse(path: Path, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}; fix the file or pass another with --config") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*nnlint\b|^\s*tool\s*\.\s*nnlint\s*[.=]|^\s*nnlint\s*[.=]", re.MULTILINE)


def _configures_nnlint(path: Path) -> bool:
    """Whether the file is nnlint's: `.nnlint.toml`/`nnlint.toml` always, a pyproject.toml with the table.

    A pyproject.toml that cannot be read or decoded, or whose TOML is broken while it mentions nnlint,
    counts (so that loading it reports the problem instead of silently using other settings).
    """
    if path.name != "pyproject.toml":
        return True
    try:
        text = _read_text(path)
    except ConfigError:
        return True
    if not _TABLE.search(text):
        return False
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "nnlint" in tool


def config_in(directory: Path) -> Path | None:
    """The configuration file in one folder, if there is one."""
    for name in CONFIG_NAMES:
        candidate = directory / name
        try:
            is_file = candidate.is_file()
        except OSError:
            is_file = False
        if is_file and _configures_nnlint(candidate):
            return candidate
    return None


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start` (a file or a folder)."""
    start = Path(os.path.abspath(start))
    directory = start if start.is_dir() else start.parent
    for candidate in [directory, *directory.parents]:
        found = config_in(candidate)
        if found is not None:
            return found
    return None


def _line_of(path: Path, key: str) -> str:
    """`:LINE` of the first line that assigns `key` (bare or quoted), or "" when not found."""
    try:
        lines = _read_text(path).splitlines()
    except ConfigError:
        return ""
    pattern = re.compile(r"^\s*(?:[\w.-]+\.)?[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        if pattern.match(line):
            return f":{number}"
    return ""


def load(path: Path | None, _chain: tuple[Path, ...] = ()) -> Config:
    """The configuration in one file (its `extend` chain merged); defaults for None."""
    if path is None:
        return Config()
    path = Path(path)
    data = _parse(path, _read_text(path))
    tool = data.get("tool")
    nested = tool.get("nnlint") if isinstance(tool, dict) else None
    if path.name == "pyproject.toml" or nested is not None:
        table, where = (nested if nested is not None else {}), "[tool.nnlint]"
    else:
        table, where = data, "(top level)"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}{_line_of(path, 'nnlint')}: tool.nnlint must be a table")
    base = None
    if "extend" in table:
        base = _load_base(path, table["extend"], where, _chain)
    config = from_table(table, path, where, base)
    if config.target_version is None and path.name == "pyproject.toml":
        config.target_version = _requires_python(data, path)
    return config


def _load_base(path: Path, value, section: str, chain: tuple[Path, ...]) -> Config:
    where = f"{path}{_line_of(path, 'extend')}: {section} extend"
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: must be the path of a configuration file, e.g. extend = \"../pyproject.toml\"")
    target = Path(os.path.expandvars(os.path.expanduser(value)))
    if not target.is_absolute():
        target = path.parent / target
    target = Path(os.path.abspath(target))
    if target in chain or target == Path(os.path.abspath(path)):
        cycle = " -> ".join(str(p) for p in (*chain, Path(os.path.abspath(path)), target))
        raise ConfigError(f"{where}: circular extend ({cycle})")
    if not target.is_file():
        raise ConfigError(f"{where}: {value!r}: no such file ({target})")
    try:
        return load(target, (*chain, Path(os.path.abspath(path))))
    except ConfigError as exc:
        raise ConfigError(f"{exc} (extended by {path})") from None


_REQUIRES = re.compile(r"^\s*(?:>=|~=|==)\s*3\.(\d+)")


def _requires_python(data: dict, path: Path) -> tuple[int, int] | None:
    """The lower bound of `project.requires-python` (">=3.10" -> (3, 10)), as ruff infers its target."""
    project = data.get("project")
    spec = project.get("requires-python") if isinstance(project, dict) else None
    if not isinstance(spec, str):
        return None
    bounds = [int(m.group(1)) for part in spec.split(",") if (m := _REQUIRES.match(part))]
    return (3, min(bounds)) if bounds else None


def parse_target_version(value, where: str) -> tuple[int, int]:
    if not isinstance(value, str) or value.lower() not in PYTHON_VERSIONS:
        raise ConfigError(f"{where}: {value!r} is not a Python version nnlint knows; use one of "
                          f"{', '.join(PYTHON_VERSIONS)}")
    return (3, int(value.lower()[3:]))


def from_table(table: dict, path: Path, section: str = "[tool.nnlint]", base: Config | None = None) -> Config:
    def where(key: str) -> str:
        return f"{path}{_line_of(path, key)}: {section} {key}"

    declared = rule_options()
    known = CORE_KEYS | set(declared)
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where(unknown[0])}: unknown option(s) {', '.join(map(repr, unknown))}; "
                          f"known options: {', '.join(sorted(known))}")
    root = Path(os.path.abspath(path)).parent
    if base is not None:
        config = replace(base, root=root, path=path, select=None, extend_select=[], ignore=[], per_file_ignores={},
                         exclude=None, extend_exclude=[], include=None, extend_include=[], base=base,
                         set_keys=frozenset(table),
                         rule_options=dict(base.rule_options))
    else:
        config = Config(root=root, path=path, set_keys=frozenset(table))

    def selectors(key: str) -> list[str]:
        value = _strings(table[key], where(key), key)
        try:
            return validate(value, where(key))
        except SelectorError as exc:
            raise ConfigError(str(exc)) from None

    if "select" in table:
        config.select = selectors("select")
    for key in ("extend-select", "ignore", "fixable", "unfixable", "extend-safe-fixes", "extend-unsafe-fixes"):
        if key in table:
            setattr(config, key.replace("-", "_"), selectors(key))
    if "per-file-ignores" in table:
        per_file = table["per-file-ignores"]
        if not isinstance(per_file, dict):
            raise ConfigError(f"{where('per-file-ignores')}: must be a table of \"glob\" = [codes], e.g. "
                              "[tool.nnlint.per-file-ignores] \"tests/*\" = [\"NN2\"]")
        checked = {}
        for pattern, codes in per_file.items():
            check_globs([pattern], where(pattern))
            try:
                checked[pattern] = validate(_strings(codes, where(pattern), pattern), where(pattern))
            except SelectorError as exc:
                raise ConfigError(str(exc)) from None
        config.per_file_ignores = checked
    if "include" in table:
        config.include = check_globs(_strings(table["include"], where("include"), "include"), where("include"))
    if "extend-include" in table:
        config.extend_include = check_globs(_strings(table["extend-include"], where("extend-include"),
                                                     "extend-include"), where("extend-include"))
    if "exclude" in table:
        config.exclude = check_globs(_strings(table["exclude"], where("exclude"), "exclude"), where("exclude"))
    if "extend-exclude" in table:
        config.extend_exclude = check_globs(_strings(table["extend-exclude"], where("extend-exclude"),
                                                     "extend-exclude"), where("extend-exclude"))
    for key in ("respect-gitignore", "unsafe-fixes"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where(key)}: must be true or false")
            setattr(config, key.replace("-", "_"), table[key])
    for name, option in declared.items():
        if name in table:
            try:
                config.rule_options[name] = option.validate(table[name])
            except ValueError as exc:
                raise ConfigError(f"{where(name)}: {exc}") from None
    if "fail-on" in table:
        config.fail_on = parse_fail_on(table["fail-on"], where("fail-on"))
    if "target-version" in table:
        config.target_version = parse_target_version(table["target-version"], where("target-version"))
    return config


def parse_fail_on(value, where: str) -> str:
    if not isinstance(value, str) or value.lower() not in SEVERITIES:
        raise ConfigError(f"{where}: must be one of {', '.join(SEVERITIES)} (got {value!r})")
    return value.lower()


def _strings(value, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        raise ConfigError(f"{where}: must be a list of strings, e.g. {key} = [{value!r}] "
                          "(a list, even for one entry; commas do not separate entries in a string)")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: must be a list of strings")
    return list(value)


def check_globs(patterns: list[str], where: str) -> list[str]:
    """The patterns, or a ConfigError for one that is not a valid glob (`[z-a]`)."""
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:  # pathspec raises re.error, ValueError or its own errors
            raise ConfigError(f"{where}: {pattern!r} is not a valid glob ({exc})") from None
    return patterns


@dataclass(frozen=True)
class Overrides:
    """What the command line sets on top of every configuration file (None: not given)."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    target_version: tuple[int, int] | None = None
    unsafe_fixes: bool | None = None

    def apply(self, config: Config) -> Config:
        changes: dict = {"command_line": self}
        for name in ("fail_on", "target_version", "unsafe_fixes"):
            if getattr(self, name) is not None:
                changes[name] = getattr(self, name)
        return replace(config, **changes)


# -- which configuration applies to which file --------------------------------------------------------

class Settings:
    """The configuration for each file: the nearest configuration file's, or `--config`'s for all.

    `overrides(config) -> Config` applies the command line on top of each configuration (it is called
    once per configuration file). Folders are looked up once and remembered.
    """

    def __init__(self, config_file: str | None = None, overrides: Overrides | None = None,
                 cwd: Path | None = None, config: Config | None = None):
        self._overrides = overrides.apply if overrides is not None else (lambda config: config)
        self._by_file: dict[Path, Config] = {}
        self._by_directory: dict[Path, Config] = {}
        self.fixed: Config | None = None
        cwd = Path(os.path.abspath(cwd or Path.cwd()))
        if config is not None:
            self.fixed = self.default = self._overrides(config)
        elif config_file is not None:
            self.fixed = self._load(Path(config_file))
            self.default = self.fixed
        else:
            found = find_config(cwd)
            self.default = self._load(found) if found is not None else self._overrides(Config(root=cwd))

    def _load(self, path: Path) -> Config:
        key = Path(os.path.abspath(path))
        if key not in self._by_file:
            self._by_file[key] = self._overrides(load(path))
        return self._by_file[key]

    @property
    def root(self) -> Path:
        """The project root: where the cache goes (the current directory's configuration's folder)."""
        return self.default.root

    def for_directory(self, directory: str | Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        directory = Path(os.path.abspath(directory))
        found = self._by_directory.get(directory)
        if found is not None:
            return found
        walked = []
        current = directory
        while True:
            known = self._by_directory.get(current)
            if known is not None:
                found = known
                break
            walked.append(current)
            config_file = config_in(current)
            if config_file is not None:
                found = self._load(config_file)
                break
            if current.parent == current:
                found = self.default
                break
            current = current.parent
        for folder in walked:
            self._by_directory[folder] = found
        return found

    def for_file(self, path: str | Path) -> Config:
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def configs(self) -> list[Config]:
        return list(self._by_file.values()) or [self.default]


def resolve(config_file: str | None, paths: list[str]) -> Config:
    """One configuration (for callers that lint a single tree): `--config`, else the nearest to the first path."""
    if config_file is not None:
        return load(Path(config_file))
    start = Path(paths[0]) if paths else Path.cwd()
    if not start.exists():
        start = Path.cwd()
    found = find_config(start)
    return load(found) if found is not None else Config()


def relative_to_root(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def running_python() -> tuple[int, int]:
    return sys.version_info[:2]
