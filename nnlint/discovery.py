"""Which files to lint: walk the given paths, honouring .gitignore files and excludes.

Folders yield the files `include` names (default: `*.py`, `*.pyi`, `*.ipynb`; `extend-include` adds globs).
Files named explicitly on the command line are linted even when excluded (as ruff does),
unless `force_exclude` is set — what a pre-commit hook wants, since it passes every
changed file by name. `exclude` in the config replaces the default excludes and
`extend-exclude` adds to them (as in ruff). Nested `.gitignore` files are honoured up to the
repository root, the nearest one deciding (so `!keep.py` re-includes). Only regular files are
collected from directories; pipes, sockets and devices are skipped. A folder (or an entry of one) that cannot
be read is never skipped silently: it is listed in `Discovered.unreadable` with the reason, and the command
line reports it as an NN000 finding (docs/reliability.md).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .config import DEFAULT_EXCLUDE, Config, PatternGroup  # noqa: F401  (DEFAULT_EXCLUDE: re-exported)
from .patterns import PathMatcher


@dataclass
class Discovered:
    files: list[str]
    missing: list[str]
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder or entry as printed, why)


def _spec(patterns: list[str]):
    import pathspec  # only where a pattern needs it: importing it costs tens of milliseconds

    return pathspec.GitIgnoreSpec.from_lines(patterns)


class _GitIgnores:
    """The .gitignore files that apply to a directory (its own and its ancestors' up to the repository root)."""

    def __init__(self) -> None:
        self._cache: dict[str, object] = {}
        self._chains: dict[tuple[str, str | None], list[tuple[str, object]]] = {}

    def _load(self, directory: str):
        if directory not in self._cache:
            ignore_file = os.path.join(directory, ".gitignore")
            spec = None
            if os.path.isfile(ignore_file):
                try:
                    with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                        spec = _spec(handle.read().splitlines())
                except OSError:
                    spec = None
            self._cache[directory] = spec
        return self._cache[directory]

    def _chain(self, directory: str, stop: str | None) -> list[tuple[str, object]]:
        """The .gitignore files consulted for entries of `directory`, nearest first (cached per folder)."""
        key = (directory, stop)
        chain = self._chains.get(key)
        if chain is None:
            chain = []
            while True:
                spec = self._load(directory)
                if spec is not None:
                    chain.append((directory, spec))
                parent = os.path.dirname(directory)
                if directory == stop or os.path.exists(os.path.join(directory, ".git")) or parent == directory:
                    break
                directory = parent
            self._chains[key] = chain
        return chain

    def ignored(self, path: Path | str, is_dir: bool, stop: Path | str | None = None) -> bool:
        """Git's rule: the nearest .gitignore with a matching pattern decides, its last match winning.

        `path` is absolute and resolved. `.gitignore` files are read up to the repository root, or up
        to `stop` when given.
        """
        path = str(path)
        return _ignored_by(self._chain(os.path.dirname(path), None if stop is None else str(stop)), path, is_dir)


def discover(paths: list[str], settings, force_exclude: bool = False) -> Discovered:
    """The files to lint under `paths`. `settings` is a `config.Settings` (each folder judged by the
    configuration nearest to it) or one `Config` for everything."""
    if isinstance(settings, Config):
        settings = _Single(settings)
    matchers: dict[int, PathMatcher] = {}
    includes: dict[int, _Includes] = {}
    gitignores = _GitIgnores()
    files: list[str] = []
    missing: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def rules_for(directory: str) -> tuple[PathMatcher, bool]:
        config = settings.for_directory(directory)
        matcher = matchers.get(id(config))
        if matcher is None:
            matcher = matchers[id(config)] = PathMatcher(config.exclude_groups())
        return matcher, config.respect_gitignore

    def include_for(directory: str) -> "_Includes":
        config = settings.for_directory(directory)
        found = includes.get(id(config))
        if found is None:
            found = includes[id(config)] = _Includes(config.include_groups())
        return found

    def excluded(path: Path, is_dir: bool, within: Path | None = None) -> bool:
        """Whether excludes or .gitignore drop `path`; `within` an explicitly named, itself excluded folder,
        whose contents are then judged as if it were the root (so `nnlint build/` lints build/)."""
        absolute = os.path.abspath(path)
        exclude, respect = rules_for(os.path.dirname(absolute))
        if within is not None:
            exclude = exclude.rebased(os.path.abspath(within))
        if exclude.match_absolute(absolute, os.path.basename(absolute), is_dir):
            return True
        stop = within.resolve() if within is not None else None
        return respect and gitignores.ignored(path.resolve(), is_dir, stop)

    def walk(directory: str, absolute: str, real: str, display: str, stop: str | None,
             within: str | None) -> None:
        """Files under `directory` in os.walk's order (its own files, then each sub-folder), sorted; the
        same judgement as `excluded`, with the absolute, resolved and printed paths built per folder."""
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except FileNotFoundError:  # removed while the tree was walked
            return
        except OSError as exc:
            unreadable.append((display, _reason(exc)))
            return
        exclude, respect = rules_for(absolute)
        include = include_for(absolute)
        if within is not None:
            exclude = exclude.rebased(within)
        chain = gitignores._chain(real, stop) if respect else ()
        folders = []
        for entry in entries:
            name = entry.name
            entry_absolute = os.path.join(absolute, name)
            try:
                is_dir = entry.is_dir()
                if not is_dir and not (include.match(entry_absolute, name) and entry.is_file()):
                    continue
                link = entry.is_symlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                unreadable.append((name if display == "." else os.path.join(display, name), _reason(exc)))
                continue
            if exclude.match_absolute(entry_absolute, name, is_dir):
                continue
            if chain:
                if link:
                    if gitignores.ignored(os.path.realpath(entry.path), is_dir, stop):
                        continue
                elif _ignored_by(chain, os.path.join(real, name), is_dir):
                    continue
            entry_display = name if display == "." else os.path.join(display, name)
            if is_dir:
                if not link:  # as os.walk: a symlinked folder is listed but not entered
                    folders.append((entry.path, entry_absolute, os.path.join(real, name), entry_display))
            else:
                files.append(entry_display)
        for folder in folders:
            walk(*folder, stop, within)

    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(os.stat(given).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if not os.path.islink(given):
                missing.append(given)
                continue
            is_dir = False  # a dangling symlink: listed, and reported when it cannot be read
        except OSError as exc:  # a path in a folder we may not search: reported, the other paths still run
            unreadable.append((_display(given), _reason(exc)))
            continue
        if not is_dir:
            if not force_exclude or not excluded(path, False):
                files.append(_display(given))
            continue
        named_excluded = path.resolve() != Path.cwd().resolve() and excluded(path, True)
        if named_excluded and force_exclude:
            continue
        within = os.path.abspath(path) if named_excluded else None
        stop = str(path.resolve()) if named_excluded else None
        walk(str(path), os.path.abspath(path), os.path.realpath(path), _display(str(path)), stop, within)
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return Discovered(unique, missing, unreadable)


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


class _Includes:
    """Whether a file is one a folder yields: `include` globs; `*.suffix` ones (all the defaults) are a
    suffix test, without pathspec."""

    def __init__(self, groups: list[PatternGroup]):
        patterns = [pattern for group in groups for pattern in group.patterns]
        plain = all(p.startswith("*.") and not any(c in p[2:] for c in "/*?[]!\\") for p in patterns)
        self.suffixes = tuple(p[1:] for p in patterns) if plain else None
        self.matcher = None if plain else PathMatcher(groups)

    def match(self, absolute: str, name: str) -> bool:
        if self.suffixes is not None:
            return name.endswith(self.suffixes)
        return self.matcher.match_absolute(absolute, name, False)


class _Single:
    """One configuration for every folder (`--config`, or a caller that passes a `Config`)."""

    def __init__(self, config: Config):
        self.config = config

    def for_directory(self, directory) -> Config:
        return self.config


def _ignored_by(chain: list, path: str, is_dir: bool) -> bool:
    for directory, spec in chain:
        relative = path[len(directory):].lstrip(os.sep).replace(os.sep, "/") + ("/" if is_dir else "")
        decision = spec.check_file(relative).include
        if decision is not None:
            return decision
    return False


def _display(path: str) -> str:
    """Paths as given, made relative to the working directory when they lie under it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd + os.sep):
        return os.path.relpath(absolute, cwd)
    return os.path.normpath(path)
