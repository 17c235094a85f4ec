"""The per-file pipeline: read → pre-filter → parse → facts → rules → noqa → diagnostics."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import frameworks
from .config import Config
from .diagnostics import Diagnostic, Severity
from .discovery import Discovered, discover
from .facts import ModuleFacts
from .noqa import Directives, check_directives
from .rules import Rule
from .selection import Selection
from .source import SourceError, SourceFile, decode, read_bytes

PARSE_ERROR_CODE = "NN000"
PARSE_ERROR_NAME = "unparsable-file"
NEWER_SYNTAX_CODE = "NN003"


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    missing: list[str] = field(default_factory=list)


def might_use_framework(text: str) -> bool:
    """The byte-level pre-filter: no framework name anywhere means nothing for nnlint to check."""
    return any(token.decode() in text for token in frameworks.PREFILTER_TOKENS)


def _error(path: str, error: SourceError, source: SourceFile | None = None) -> Diagnostic:
    return Diagnostic(
        PARSE_ERROR_CODE, PARSE_ERROR_NAME, Severity.ERROR, f"{error.message}; the file was not linted",
        path, error.line, error.column, error.line, error.column,
        source_line=source.line_text(error.line) if source else "",
    )


def _syntax_finding(source: SourceFile, error: SourceError, options: dict | None) -> Diagnostic:
    """NN000 for a syntax error; NN003 where the file only needs a newer Python than the running one
    (NN000 again when the project's target-version is older than that Python)."""
    from .syntax_version import newer_syntax

    message = error.message[len("syntax error: "):] if error.message.startswith("syntax error: ") else None
    newer = newer_syntax(source.lines, error.line, message) if message is not None else None
    if newer is None:
        return _error(source.path, error, source)
    running = ".".join(map(str, sys.version_info[:2]))
    target = (options or {}).get("target_version")
    if target is not None and tuple(target) < newer.version:
        return _error(source.path, SourceError(
            f"syntax error: {newer.feature} needs Python {newer.version_text} or newer, but the project's "
            f"target-version is py{target[0]}{target[1]}", newer.line, newer.column), source)
    return Diagnostic(
        NEWER_SYNTAX_CODE, "newer-python-syntax", Severity.WARNING,
        f"{newer.feature} needs Python {newer.version_text} or newer, and nnlint is running on Python {running}, "
        f"which cannot parse it: the file was not linted; run nnlint with Python {newer.version_text}+ "
        "(or ignore NN003)", source.path, newer.line, newer.column, newer.line, newer.column,
        statement_line=newer.line, source_line=source.line_text(newer.line))


def check_source(source: SourceFile, rules: list[type[Rule]], options: dict | None = None,
                 fixes: bool | str = False) -> list[Diagnostic]:
    """Lint one decoded file with the given rules (noqa applied).

    `fixes=True` also gives each finding its fix, checked to apply cleanly on its own; `fixes="unchecked"`
    gives the fixers' proposals as they are (the fix loop checks them itself and reports refusals).
    """
    directives = Directives(source.text)
    exempt = directives.file_exemption()
    if exempt is None:
        return []
    if exempt:
        rules = [rule for rule in rules if not any(rule.code.startswith(code) for code in exempt)]
    meta = {rule.code for rule in rules if getattr(rule, "meta", False)}
    rules = [rule for rule in rules if not getattr(rule, "meta", False)]
    try:
        tree = source.parse()
    except SourceError as error:
        finding = _syntax_finding(source, error, options)
        if finding.code == PARSE_ERROR_CODE:
            return [finding]
        if finding.code not in meta or directives.suppresses(finding.code, finding.line):
            return []
        return [finding]
    diagnostics, found = [], []
    if rules and might_use_framework(source.text):
        facts = ModuleFacts(source, tree, options)
        if facts.index.names.imports_framework:
            diagnostics, found = _run_rules(rules, facts, source)
    if diagnostics:  # NN000 (here: a rule's internal error) is never suppressed
        diagnostics = [d for d in diagnostics if not directives.suppresses(d.code, d.line, d.statement_line)]
        if fixes:
            from .fix import attach_fixes

            kept = {id(d) for d in diagnostics}
            attach_fixes([pair for pair in found if id(pair[0]) in kept], facts, rules, options, fixes is True)
    if meta:
        about_noqa = check_directives(directives, source.text, source.path, meta, {rule.code for rule in rules})
        diagnostics += [d for d in about_noqa if not directives.suppresses(d.code, d.line)]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _run_rules(rules: list[type[Rule]], facts: ModuleFacts, source: SourceFile):
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
    return diagnostics, found


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


@dataclass
class FilePlan:
    """What linting one file under a configuration means: its rules and options (per-file ignores aside)."""

    config: Config
    selection: Selection
    rules: list
    options: dict
    per_file: list  # [(PathMatcher, codes)]


class Linter:
    """Lints files as the command line does. `config` is a `nnlint.config.Settings` (each file gets the
    configuration nearest to it) or one `Config` for every file; `selection`, when given, replaces the
    configurations' rule selection. `cache` (a `nnlint.cache.Cache`) reuses the findings of files whose
    contents and settings are unchanged; `jobs` > 1 lints in that many worker processes."""

    def __init__(self, config, selection: Selection | None = None, fixes: bool = False,
                 cache=None, jobs: int = 1):
        from .config import Settings

        self.settings = config if isinstance(config, Settings) else Settings(config=config)
        self.config = self.settings.default
        self.fixes = fixes  # compute each finding's fix (for --fix, and formats that show fixes)
        self._selection = selection
        self.cache = cache
        self.jobs = jobs
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

    def options_for(self, path: str) -> dict:
        return self.plan(path).options

    def rules_for(self, path: str) -> list[type[Rule]]:
        plan = self.plan(path)
        if not plan.per_file:
            return plan.rules
        ignored = [c for matcher, codes in plan.per_file if matcher.match(path) for c in codes]
        if not ignored:
            return plan.rules
        narrowed = plan.selection.codes_ignored(ignored)
        return [rule for rule in plan.rules if narrowed.enabled(rule)]

    def lint_file(self, path: str) -> list[Diagnostic]:
        try:
            data = read_bytes(path)
        except SourceError as error:
            return [_error(path, error)]
        rules = self.rules_for(path)
        options = self.options_for(path)
        key = None
        if self.cache is not None:
            key = self.cache.key(data, rules, options)
            cached = self.cache.get(key, path)
            if cached is not None:
                return cached
        try:
            source = decode(data, path)
        except SourceError as error:
            diagnostics = [_error(path, error)]
        else:
            diagnostics = check_source(source, rules, options, self.fixes)
        if key is not None:
            self.cache.put(key, diagnostics)
        return diagnostics

    def lint_source_file(self, source: SourceFile, path: str) -> list[Diagnostic]:
        """Lint text that is not read from disk (standard input) as if it were the file `path`."""
        return check_source(source, self.rules_for(path), self.options_for(path), self.fixes)

    def _cached(self, path: str) -> list[Diagnostic] | None:
        try:
            data = read_bytes(path)
        except SourceError:
            return None
        return self.cache.get(self.cache.key(data, self.rules_for(path), self.options_for(path)), path)

    def lint_paths(self, paths: list[str], force_exclude: bool = False) -> LintResult:
        found: Discovered = discover(paths, self.settings, force_exclude)
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
