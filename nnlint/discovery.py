"""Which files to lint: walk the given paths, honouring .gitignore files and excludes.

Files named explicitly on the command line are linted even when excluded (as ruff does),
unless `force_exclude` is set — what a pre-commit hook wants, since it passes every
changed file by name. `exclude` in the config replaces the default excludes and
`extend-exclude` adds to them (as in ruff). Nested `.gitignore` files are honoured up to the
repository root, the nearest one deciding (so `!keep.py` re-includes). Only regular files are
collected from directories; pipes, sockets and devices are skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pathspec

from .config import Config, relative_to_root

DEFAULT_EXCLUDE = [
    ".bzr", ".direnv", ".eggs", ".git", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox", ".pants.d",
    ".pytest_cache", ".pytype", ".ruff_cache", ".nnlint_cache", ".svn", ".tox", ".venv", "__pypackages__",
    "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv", "__pycache__",
]
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Discovered:
    files: list[str]
    missing: list[str]


def _spec(patterns: list[str]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


class _GitIgnores:
    """The .gitignore files that apply to a directory (its own and its ancestors' up to the repository root)."""

    def __init__(self) -> None:
        self._cache: dict[Path, pathspec.PathSpec | None] = {}

    def _load(self, directory: Path) -> pathspec.PathSpec | None:
        if directory not in self._cache:
            ignore_file = directory / ".gitignore"
            spec = None
            if ignore_file.is_file():
                try:
                    spec = pathspec.GitIgnoreSpec.from_lines(ignore_file.read_text(encoding="utf-8", errors="replace").splitlines())
                except OSError:
                    spec = None
            self._cache[directory] = spec
        return self._cache[directory]

    def ignored(self, path: Path, is_dir: bool, stop: Path | None = None) -> bool:
        """Git's rule: the nearest .gitignore with a matching pattern decides, its last match winning.

        `.gitignore` files are read up to the repository root, or up to `stop` when given.
        """
        directory = path.parent
        while True:
            spec = self._load(directory)
            if spec is not None:
                relative = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
                decision = spec.check_file(relative).include
                if decision is not None:
                    return decision
            if directory == stop or (directory / ".git").exists() or directory.parent == directory:
                return False
            directory = directory.parent


def discover(paths: list[str], config: Config, force_exclude: bool = False) -> Discovered:
    base_excludes = DEFAULT_EXCLUDE if config.exclude is None else config.exclude
    exclude = _spec(base_excludes + config.extend_exclude)
    gitignores = _GitIgnores() if config.respect_gitignore else None
    files: list[str] = []
    missing: list[str] = []

    def excluded(path: Path, is_dir: bool, within: Path | None = None) -> bool:
        """Whether excludes or .gitignore drop `path`; `within` an explicitly named, itself excluded folder,
        whose contents are then judged as if it were the root (so `nnlint build/` lints build/)."""
        if within is None:
            relative = relative_to_root(str(path), config.root)
        else:
            relative = path.relative_to(within).as_posix()
        suffix = "/" if is_dir else ""
        if exclude.match_file(relative + suffix) or exclude.match_file(path.name + suffix):
            return True
        stop = within.resolve() if within is not None else None
        return gitignores is not None and gitignores.ignored(path.resolve(), is_dir, stop)

    for given in paths:
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            missing.append(given)
            continue
        if path.is_file() or not path.is_dir():
            if not force_exclude or not excluded(path, False):
                files.append(_display(given))
            continue
        named_excluded = path.resolve() != Path.cwd().resolve() and excluded(path, True)
        if named_excluded and force_exclude:
            continue
        within = path if named_excluded else None
        for directory, subdirs, names in os.walk(path):
            base = Path(directory)
            subdirs[:] = sorted(d for d in subdirs if not excluded(base / d, True, within))
            for name in sorted(names):
                candidate = base / name
                if (name.endswith(PYTHON_SUFFIXES) and candidate.is_file()
                        and not excluded(candidate, False, within)):
                    files.append(_display(str(candidate)))
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return Discovered(unique, missing)


def _display(path: str) -> str:
    """Paths as given, made relative to the working directory when they lie under it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd + os.sep):
        return os.path.relpath(absolute, cwd)
    return os.path.normpath(path)
