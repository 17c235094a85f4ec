"""Linting and fixing files: reading, per-file rules, the result cache and the worker pool.

The analysis itself is `nnlint.lint.lint` (pure, one document) and `nnlint.fix.fix_document`; this module
is the adapter that runs them over files for the command line, as ruff does: files in worker processes,
findings of unchanged files from the cache, fixes applied and written through the same pool — a file whose
cached findings offer no fix that may be applied is not even parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic
from .discovery import Discovered, discover
from .document import Document, SourceError, read_bytes, read_source
from .lint import lint, unreadable
from .rules import Rule
from .selection import Selection


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    missing: list[str] = field(default_factory=list)


@dataclass
class FileFix:
    """What fixing one file did (what comes back from a worker)."""

    path: str
    remaining: list[Diagnostic]
    applied: list[Diagnostic] = field(default_factory=list)
    rejected: list = field(default_factory=list)  # `nnlint.fix.Rejected`
    error: str | None = None  # the file could not be written
    diff: str = ""


def _allow_all(diagnostic: Diagnostic) -> bool:
    return True


@dataclass
class FilePlan:
    """What linting files under one configuration means: its rules and options (per-file ignores aside)."""

    config: Config
    selection: Selection
    rules: list
    options: dict
    per_file: list  # [(PathMatcher, codes)]


class Linter:
    """Lints (and fixes) files as the command line does. `config` is a `nnlint.config.Settings` (each file
    gets the configuration nearest to it) or one `Config` for every file; `selection`, when given, replaces
    the configurations' rule selection. `cache` (a `nnlint.cache.Cache`) reuses the findings of files whose
    contents and settings are unchanged; `jobs` > 1 works in that many processes. `allow_fix(diagnostic)`
    decides which fixes `fix_paths` may apply (default: all)."""

    def __init__(self, config, selection: Selection | None = None, cache=None, jobs: int = 1,
                 allow_fix=_allow_all):
        from .config import Settings

        self.settings = config if isinstance(config, Settings) else Settings(config=config)
        self.config = self.settings.default
        self._selection = selection
        self.cache = cache
        self.jobs = jobs
        self.allow_fix = allow_fix
        self.unreadable: list[Diagnostic] = []  # folders fix_paths could not read (NN000)
        self.write_roots: list[str] | None = None  # where fixes may write (`safe_write`): set by fix_paths
        self._plans: dict[int, FilePlan] = {}
        default = self.plan_for_config(self.config)
        self.selection, self.rules = default.selection, default.rules

    def plan_for_config(self, config: Config) -> FilePlan:
        plan = self._plans.get(id(config))
        if plan is None:
            from .patterns import PathMatcher

            selection = self._selection or config.selection()
            per_file = [(PathMatcher([group]), codes) for group, codes in config.per_file_groups()]
            plan = self._plans[id(config)] = FilePlan(config, selection, selection.rules(), config.options(), per_file)
        return plan

    def plan(self, path: str) -> FilePlan:
        return self.plan_for_config(self.settings.for_file(path))

    def config_for(self, path: str) -> Config:
        return self.settings.for_file(path)

    def rules_for(self, path: str) -> list[type[Rule]]:
        plan = self.plan(path)
        if not plan.per_file:
            return plan.rules
        ignored = [c for matcher, codes in plan.per_file if matcher.match(path) for c in codes]
        if not ignored:
            return plan.rules
        narrowed = plan.selection.codes_ignored(ignored)
        return [rule for rule in plan.rules if narrowed.enabled(rule)]

    def options_for(self, path: str) -> dict:
        return self.plan(path).options

    def _key(self, data: bytes, path: str) -> str:
        return self.cache.key(data, self.rules_for(path), self.options_for(path), is_notebook(path))

    # -- one file -------------------------------------------------------------------------------------
    def lint_file(self, path: str) -> list[Diagnostic]:
        try:
            data = read_bytes(path)
        except SourceError as error:
            return [unreadable(path, error)]
        return self._lint_bytes(path, data)

    def _lint_bytes(self, path: str, data: bytes) -> list[Diagnostic]:
        rules = self.rules_for(path)
        key = None
        if self.cache is not None:
            key = self._key(data, path)
            cached = self.cache.get(key, path)
            if cached is not None:
                return cached
        if is_notebook(path):
            from .notebook.lint import lint_bytes

            diagnostics = lint_bytes(data, path, rules, self.options_for(path))
        else:
            try:
                document = Document.from_bytes(data, path)
            except SourceError as error:
                diagnostics = [unreadable(path, error)]
            else:
                diagnostics = lint(document, rules, self.options_for(path))
        if key is not None:
            self.cache.put(key, diagnostics)
        return _detached(diagnostics)

    def lint_document(self, document: Document, path: str) -> list[Diagnostic]:
        """Lint text that is not read from disk (standard input) as if it were the file `path`."""
        return _detached(lint(document, self.rules_for(path), self.options_for(path)))

    def _cached(self, path: str) -> list[Diagnostic] | None:
        try:
            data = read_bytes(path)
        except SourceError:
            return None
        return self.cache.get(self._key(data, path), path)

    def fix_file(self, path: str, write: bool = True) -> FileFix:
        """Fix one file (or, without `write`, compute its diff). A file whose findings — from the cache when
        it has them — offer no fix that may be applied is not analysed again."""
        from .edits import unified_diff
        from .fix import fix_document
        from .safe_write import Snapshot, WriteError, write_atomic

        try:
            data, info = read_source(path)
        except SourceError as error:
            return FileFix(path, [unreadable(path, error)])
        if self.cache is not None:
            cached = self.cache.get(self._key(data, path), path)
            if cached is not None and not any(d.fix is not None and self.allow_fix(d) for d in cached):
                return FileFix(path, cached)
        if is_notebook(path):  # its cells, fixed as one module; only the changed source lines are written
            from .notebook.lint import fix_bytes

            fixed = fix_bytes(data, path, self.rules_for(path), self.options_for(path), self.allow_fix)
            result = FileFix(path, fixed.remaining, fixed.applied, fixed.rejected, fixed.error,
                             fixed.diff if not write else "")
            text, encoding = fixed.text, fixed.encoding
        else:
            try:
                document = Document.from_bytes(data, path)
            except SourceError as error:
                return FileFix(path, [unreadable(path, error)])
            outcome = fix_document(document, self.rules_for(path), self.options_for(path), self.allow_fix)
            result = FileFix(path, _detached(outcome.remaining), _detached(outcome.applied), outcome.rejected)
            for item in result.rejected:
                item.diagnostic.intent = None
            text, encoding = (outcome.text if outcome.changed else None), document.encoding
            if text is not None and not write:
                result.diff = unified_diff(document.text, text, path)
        if text is None or not write:
            return result
        try:
            write_atomic(path, text, encoding, expected=Snapshot.of(data, info), within=self.write_roots)
        except WriteError as exc:
            return FileFix(path, self._lint_bytes(path, data), error=f"{path}: {exc}; not fixed")
        if self.cache is not None:  # what remains is what the next run finds: cache it under the new bytes
            self.cache.put(self._key(text.encode(encoding), path), result.remaining)
        return result

    def fix_edits_file(self, path: str) -> list[Diagnostic]:
        """The file's findings with each fix's edits computed and checked (`--fix-edits`)."""
        from .fix import compute_fixes

        try:
            data = read_bytes(path)
            if is_notebook(path):
                from .notebook.lint import fix_edits_bytes

                return _detached(fix_edits_bytes(data, path, self.rules_for(path), self.options_for(path)))
            document = Document.from_bytes(data, path)
        except SourceError as error:
            return [unreadable(path, error)]
        rules, options = self.rules_for(path), self.options_for(path)
        return _detached(compute_fixes(document, lint(document, rules, options), rules, options))

    def with_fix_edits(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """`diagnostics` with the edits of their fixes (files with no fix are not analysed again)."""
        paths = list(dict.fromkeys(d.path for d in diagnostics if d.fix is not None))
        computed = self._run(list(enumerate(paths)), "fix_edits_file")
        fresh = {paths[index]: found for index, found in computed.items()}
        result = []
        for path in dict.fromkeys(d.path for d in diagnostics):
            result.extend(fresh.get(path, [d for d in diagnostics if d.path == path]))
        return result

    # -- many files -----------------------------------------------------------------------------------
    def lint_paths(self, paths: list[str], force_exclude: bool = False) -> LintResult:
        found: Discovered = discover(paths, self.settings, force_exclude)
        result = LintResult(files=len(found.files), missing=found.missing)
        pending = list(enumerate(found.files))
        done: dict[int, list[Diagnostic]] = {}
        if self.cache is not None and self.jobs > 1 and len(pending) > 1:
            missed = []  # hits first, here: an unchanged tree needs no workers
            for index, path in pending:
                cached = self._cached(path)
                if cached is None:
                    missed.append((index, path))
                else:
                    done[index] = cached
            pending = missed
        done.update(self._run(pending, "lint_file"))
        for index in range(len(found.files)):
            result.diagnostics.extend(done[index])
        result.diagnostics.extend(unreadable_folders(found))
        return result

    def fix_paths(self, paths: list[str], force_exclude: bool = False, write: bool = True) -> list[FileFix]:
        """Fix every file (in the pool), in discovery order; `missing` paths come back as `self.missing`."""
        found: Discovered = discover(paths, self.settings, force_exclude)
        self.missing = found.missing
        self.unreadable = unreadable_folders(found)
        self.write_roots = list(paths)  # a symlink is written through only to a target inside these
        done = self._run(list(enumerate(found.files)), "fix_file", write)
        return [done[index] for index in range(len(found.files))]

    def _run(self, items: list[tuple[int, str]], method: str, *args) -> dict:
        if self.jobs > 1 and len(items) > 1:
            from . import parallel

            return parallel.run(self, items, self.jobs, method, args)
        work = getattr(self, method)
        return {index: work(path, *args) for index, path in items}


def unreadable_folders(found: Discovered) -> list[Diagnostic]:
    """NN000 for each folder (or entry) the walk could not read: its files were not linted, and that is not
    a clean result (exit 1, as for a file that cannot be read)."""
    from .diagnostics import INTERNAL_CODE, UNPARSABLE_NAME, Severity

    return [Diagnostic(INTERNAL_CODE, UNPARSABLE_NAME, Severity.ERROR,
                       f"cannot read this path: {reason}; nothing under it was linted", path, 1, 1, 1, 1)
            for path, reason in found.unreadable]


def is_notebook(path: str) -> bool:
    """A Jupyter notebook, linted as its code cells (`nnlint.notebook`): by its name, as Jupyter decides."""
    return path.lower().endswith(".ipynb")


def _detached(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Findings without their intents (which hold the analysed tree): what leaves a file's analysis."""
    for diagnostic in diagnostics:
        diagnostic.intent = None
    return diagnostics


def lint_source(text: str, path: str = "<string>", selection: Selection | None = None,
                options: dict | None = None) -> list[Diagnostic]:
    """Lint Python source text. The public, file-system-free entry point."""
    rules = (selection or Selection()).rules()
    return lint(Document(path, text), rules, options)


def lint_paths(paths: list[str], config: Config | None = None, selection: Selection | None = None) -> LintResult:
    """Lint files and directories as the command line does (config discovery aside)."""
    return Linter(config or Config(), selection).lint_paths(paths)
