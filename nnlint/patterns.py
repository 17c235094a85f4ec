"""Matching paths against configuration globs, each glob relative to the folder of the file declaring it.

A glob matches a path relative to its root (`tests/*`, `/pkg/both.py`) or the path's bare name
(`legacy.py`, `generated/`): gitignore semantics, through pathspec, as ruff and `.gitignore` do.
Globs that are plain names (every default exclude) are matched without pathspec: that is most runs.
"""

from __future__ import annotations

import os
from typing import Iterable

from .config import PatternGroup


class _Group:
    def __init__(self, group: PatternGroup):
        self.root = str(group.root)
        self.prefix = self.root.rstrip(os.sep) + os.sep
        patterns = list(group.patterns)
        plain = all(p and not any(c in p for c in "/*?[]!\\#") and p.strip() == p for p in patterns)
        self.names = frozenset(patterns) if plain else None
        self.spec = None
        if not plain:
            import pathspec  # only where a pattern needs it: importing it costs tens of milliseconds

            self.spec = pathspec.GitIgnoreSpec.from_lines(patterns)

    def relative(self, absolute: str) -> str | None:
        if absolute.startswith(self.prefix):
            return absolute[len(self.prefix):].replace(os.sep, "/")
        return None

    def match(self, absolute: str, name: str, is_dir: bool) -> bool:
        relative = self.relative(absolute)
        if self.names is not None:
            if name in self.names:
                return True
            return relative is not None and any(part in self.names for part in relative.split("/"))
        suffix = "/" if is_dir else ""
        if relative is not None and self.spec.match_file(relative + suffix):
            return True
        return self.spec.match_file(name + suffix)


class PathMatcher:
    """Whether a path matches any of some groups of globs."""

    def __init__(self, groups: Iterable[PatternGroup]):
        self._groups = [_Group(group) for group in groups if group.patterns]

    def __bool__(self) -> bool:
        return bool(self._groups)

    def match(self, path: str, is_dir: bool = False) -> bool:
        absolute = os.path.abspath(path)
        name = os.path.basename(absolute)
        return any(group.match(absolute, name, is_dir) for group in self._groups)

    def match_absolute(self, absolute: str, name: str, is_dir: bool) -> bool:
        """`match` for a path already absolute and normalised, its last component given (the walk's hot path)."""
        return any(group.match(absolute, name, is_dir) for group in self._groups)

    def rebased(self, root: str) -> "PathMatcher":
        """The same globs, relative to another folder (an explicitly named, itself excluded folder)."""
        from pathlib import Path

        matcher = PathMatcher(())
        for group in self._groups:
            copy = object.__new__(_Group)
            copy.__dict__.update(group.__dict__)
            copy.root = str(Path(root))
            copy.prefix = copy.root.rstrip(os.sep) + os.sep
            matcher._groups.append(copy)
        return matcher
