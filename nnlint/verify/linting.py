"""The verifier's one door into nnlint's core: reading, linting, fixing in memory, and the file's facts.

Everything else in `nnlint.verify` works on what this module returns (diagnostics, text, `ModuleFacts`),
so a change of the core's interfaces is a change here only.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..config import ConfigError, resolve
from ..diagnostics import Diagnostic, Severity
from ..engine import PARSE_ERROR_CODE, Linter, lint_source
from ..facts import ModuleFacts
from ..fix import fix_source
from ..rules import RULES_BY_CODE
from ..selection import Selection
from ..source import SourceError, SourceFile, read
from .options import UsageError

FIX_ENGINE = "nnlint.fix"


@dataclass
class LintedFile:
    path: str
    text: str
    diagnostics: list[Diagnostic]
    options: dict  # the rules' options from the user's configuration
    facts: ModuleFacts

    @property
    def tree(self) -> ast.Module:
        return self.facts.tree


def lint_file(path: str, findings: list[dict] | None = None) -> LintedFile:
    """Read and lint `path` with the user's configuration (noqa applies). `findings` ({code, line})
    bypass the linter: a test or a user pins the findings to verify."""
    try:
        text = read(path).text
    except SourceError as error:
        raise UsageError(f"{path}: {error.message}") from None
    try:
        config = resolve(None, [path])
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    source = SourceFile(path, text)
    try:
        tree = source.parse()
    except SourceError as error:
        raise UsageError(f"{path}:{error.line}: {error.message}") from None
    options = config.options()
    if findings is not None:
        diagnostics = [_pinned(f, path, source) for f in findings]
    else:
        diagnostics = Linter(config).lint_file(path)
        broken = next((d for d in diagnostics if d.code == PARSE_ERROR_CODE), None)
        if broken is not None:
            raise UsageError(f"{path}:{broken.line}: {broken.message}")
    return LintedFile(path, text, sorted(diagnostics, key=Diagnostic.sort_key), options,
                      ModuleFacts(source, tree, options))


def _pinned(finding: dict, path: str, source: SourceFile) -> Diagnostic:
    code, line = finding["code"], finding["line"]
    rule = RULES_BY_CODE.get(code)
    text = source.line_text(line)
    column = len(text) - len(text.lstrip()) + 1
    return Diagnostic(code, rule.name if rule else code.lower(), Severity.ERROR, finding.get("message", ""),
                      path, line, column, line, len(text) + 1, source_line=text)


def fixed_text(linted: LintedFile, codes: list[str] | None) -> str:
    """The source with the fixes of `codes` applied (every rule's when None), as `nnlint --fix` would
    leave it (noqa respected); computed in memory, never written."""
    selection = Selection(select=list(codes)) if codes else None
    return fix_source(linted.text, linted.path, selection=selection, options=linted.options).text


def still_found(linted: LintedFile, diagnostic: Diagnostic, text: str) -> bool:
    """Does the finding survive in `text` (the fix did not remove it)?"""
    after = lint_source(text, linted.path, Selection(select=[diagnostic.code]), options=linted.options)
    return any(d.code == diagnostic.code and d.source_line.strip() == diagnostic.source_line.strip() for d in after)


def findings_in(linted: LintedFile, text: str, code: str) -> list[Diagnostic]:
    """The findings of `code` in `text` (a variant of the file); the file's own when it is unchanged."""
    if text == linted.text:
        return [d for d in linted.diagnostics if d.code == code]
    return [d for d in lint_source(text, linted.path, Selection(select=[code]), options=linted.options) if d.code == code]


def rule_has_fix(code: str) -> bool:
    rule = RULES_BY_CODE.get(code)
    return bool(rule and rule.fixable)
