"""The per-file pipeline: read → pre-filter → parse → facts → rules → noqa → diagnostics."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from . import frameworks
from .config import Config, relative_to_root
from .diagnostics import Diagnostic, Severity
from .discovery import Discovered, discover
from .facts import ModuleFacts
from .noqa import LineSuppressions, file_exemption
from .rules import Rule
from .selection import Selection
from .source import SourceError, SourceFile, decode, read_bytes

PARSE_ERROR_CODE = "NN000"
PARSE_ERROR_NAME = "unparsable-file"


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    missing: list[str] = field(default_factory=list)


def is_notebook(path: str) -> bool:
    """A Jupyter notebook, linted cell by cell (`nnlint.notebook`), by its name as Jupyter decides."""
    return path.lower().endswith(".ipynb")


def might_use_framework(text: str) -> bool:
    """The byte-level pre-filter: no framework name anywhere means nothing for nnlint to check."""
    return any(token.decode() in text for token in frameworks.PREFILTER_TOKENS)


def _error(path: str, error: SourceError, source: SourceFile | None = None) -> Diagnostic:
    return Diagnostic(
        PARSE_ERROR_CODE, PARSE_ERROR_NAME, Severity.ERROR, f"{error.message}; the file was not linted",
        path, error.line, error.column, error.line, error.column,
        source_line=source.line_text(error.line) if source else "",
    )


def check_source(source: SourceFile, rules: list[type[Rule]], options: dict | None = None,
                 fixes: bool | str = False) -> list[Diagnostic]:
    """Lint one decoded file with the given rules (noqa applied).

    `fixes=True` also gives each finding its fix, checked to apply cleanly on its own; `fixes="unchecked"`
    gives the fixers' proposals as they are (the fix loop checks them itself and reports refusals).
    """
    exempt = file_exemption(source.text)
    if exempt is None:
        return []
    try:
        tree = source.parse()
    except SourceError as error:
        return [_error(source.path, error, source)]
    if exempt:
        rules = [rule for rule in rules if not any(rule.code.startswith(code) for code in exempt)]
    if not rules or not might_use_framework(source.text):
        return []
    facts = ModuleFacts(source, tree, options)
    if not facts.index.names.imports_framework:
        return []
    diagnostics, found = [], []
    for rule_class in rules:
        rule = rule_class()
        try:
            findings = list(rule.check(facts))
        except Exception as exc:  # a rule bug must not stop the run, nor hide itself
            diagnostics.append(Diagnostic(
                PARSE_ERROR_CODE, "internal-error", Severity.ERROR,
                f"internal error in {rule.code} ({type(exc).__name__}: {exc}); please report it", source.path, 1, 1, 1, 1,
            ))
            continue
        for finding in findings:
            diagnostics.append(_diagnostic(rule, finding, facts))
            found.append((diagnostics[-1], finding))
    if diagnostics:
        suppressions = LineSuppressions(source.text)
        diagnostics = [d for d in diagnostics  # NN000 (here: a rule's internal error) is never suppressed
                       if d.code == PARSE_ERROR_CODE or not suppressions.suppresses(d.code, d.line, d.statement_line)]
        if fixes:
            from .fix import attach_fixes

            kept = {id(d) for d in diagnostics}
            attach_fixes([pair for pair in found if id(pair[0]) in kept], facts, rules, options, fixes is True)
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _diagnostic(rule: Rule, finding, facts: ModuleFacts) -> Diagnostic:
    node = finding.node
    source = facts.source
    line, end_line = node.lineno, node.end_lineno or node.lineno
    column = source.column(line, node.col_offset)
    end_column = source.column(end_line, node.end_col_offset or node.col_offset)
    statement = facts.index.parents.get(node)
    while statement is not None and not isinstance(statement, ast.stmt):
        statement = facts.index.parents.get(statement)
    return Diagnostic(
        rule.code, rule.name, rule.severity, finding.message, source.path, line, column, end_line, end_column,
        statement_line=statement.lineno if statement is not None else None,
        fix=finding.fix, context=facts.index.context_name(node), source_line=source.line_text(line),
    )


def lint_source(text: str, path: str = "<string>", selection: Selection | None = None,
                options: dict | None = None, fixes: bool = False) -> list[Diagnostic]:
    """Lint Python source text. The public, file-system-free entry point."""
    rules = (selection or Selection()).rules()
    return check_source(SourceFile(path, text), rules, options, fixes)


class Linter:
    """Lints files as the command line does. `cache` (a `nnlint.cache.Cache`) reuses the findings of files
    whose contents and settings are unchanged; `jobs` > 1 lints in that many worker processes."""

    def __init__(self, config: Config, selection: Selection | None = None, fixes: bool = False,
                 cache=None, jobs: int = 1):
        self.config = config
        self.fixes = fixes  # compute each finding's fix (for --fix, and formats that show fixes)
        self.selection = selection or config.selection()
        self.rules = self.selection.rules()
        self.cache = cache
        self.jobs = jobs
        self._options = config.options()
        self._per_file = []
        if config.per_file_ignores:
            import pathspec  # not at start-up: it costs tens of milliseconds to import

            self._per_file = [(pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
                              for pattern, codes in config.per_file_ignores.items()]

    def rules_for(self, path: str) -> list[type[Rule]]:
        if not self._per_file:
            return self.rules
        relative = relative_to_root(path, self.config.root)
        ignored = [c for spec, codes in self._per_file
                   if spec.match_file(relative) or spec.match_file(Path(path).name) for c in codes]
        if not ignored:
            return self.rules
        narrowed = self.selection.codes_ignored(ignored)
        return [rule for rule in self.rules if narrowed.enabled(rule)]

    def lint_file(self, path: str) -> list[Diagnostic]:
        try:
            data = read_bytes(path)
        except SourceError as error:
            return [_error(path, error)]
        rules = self.rules_for(path)
        notebook = is_notebook(path)
        key = None
        if self.cache is not None:
            key = self.cache.key(data, rules, notebook)
            cached = self.cache.get(key, path)
            if cached is not None:
                return cached
        if notebook:
            from .notebook.lint import lint_bytes

            diagnostics = lint_bytes(data, path, rules, self._options, self.fixes)
        else:
            try:
                source = decode(data, path)
            except SourceError as error:
                diagnostics = [_error(path, error)]
            else:
                diagnostics = check_source(source, rules, self._options, self.fixes)
        if key is not None:
            self.cache.put(key, diagnostics)
        return diagnostics

    def _cached(self, path: str) -> list[Diagnostic] | None:
        try:
            data = read_bytes(path)
        except SourceError:
            return None
        return self.cache.get(self.cache.key(data, self.rules_for(path), is_notebook(path)), path)

    def lint_paths(self, paths: list[str], force_exclude: bool = False) -> LintResult:
        found: Discovered = discover(paths, self.config, force_exclude)
        result = LintResult(files=len(found.files), missing=found.missing)
        pending = list(enumerate(found.files))
        done: dict[int, list[Diagnostic]] = {}
        if self.jobs > 1 and len(pending) > 1:
            from . import parallel

            if self.cache is not None:  # hits first, here: an unchanged tree needs no workers
                missed = []
                for index, path in pending:
                    cached = self._cached(path)
                    if cached is None:
                        missed.append((index, path))
                    else:
                        done[index] = cached
                pending = missed
            done.update(parallel.lint_files(self, pending, self.jobs))
        else:
            done = {index: self.lint_file(path) for index, path in pending}
        for index in range(len(found.files)):
            result.diagnostics.extend(done[index])
        return result


def lint_paths(paths: list[str], config: Config | None = None, selection: Selection | None = None) -> LintResult:
    """Lint files and directories as the command line does (config discovery aside)."""
    return Linter(config or Config(), selection).lint_paths(paths)
