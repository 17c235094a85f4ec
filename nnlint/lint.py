"""`lint(document, rules, options) -> diagnostics`: the pure core of nnlint.

No fixing, no reading or writing files, no global state: the command line, the worker pool, the cache and
an editor server all call this. Each finding that offers a fix carries it as an intent (what should
change); `nnlint.fix` turns intents into edits when a fix is applied or shown.

A rule that raises is reported as an NN000 "internal-error" finding naming the rule, never as a silent
"clean" — unless `NNLINT_RAISE_INTERNAL_ERRORS` is set in the environment (tests set it, so that a bug
fails the test that meets it instead of turning into a finding).
"""

from __future__ import annotations

import ast
import os
import re
import sys
from typing import Mapping, Sequence

from . import frameworks
from .frameworks import data as data_records
from .diagnostics import (
    INTERNAL_CODE, INTERNAL_ERROR_NAME, UNPARSABLE_NAME, Diagnostic, Fix, Severity,
)
from .document import Document, SourceError
from .analysis.names import Names, imports_of
from .facts import ModuleFacts
from .noqa import Directives, check_directives
from .rules.base import Finding, Rule

RAISE_ENV = "NNLINT_RAISE_INTERNAL_ERRORS"
NEWER_SYNTAX_CODE = "NN003"


def might_use_framework(text: str) -> bool:
    """The pre-filter: no framework name anywhere in the text means nothing for nnlint to check."""
    return any(token.decode() in text for token in frameworks.PREFILTER_TOKENS)


def _imports(roots) -> re.Pattern:
    return re.compile(r"^[ \t]*(?:import|from)[ \t]+(?:%s)\b" % "|".join(sorted(roots)), re.MULTILINE)


_INPUT_PIPELINE_IMPORT = _imports(data_records.INPUT_PIPELINE_ROOTS)
_KNOWN_LAYOUT_IMPORT = _imports(data_records.KNOWN_LAYOUT_ROOTS)
#: CIFAR's hints as files spell them (the rule itself compares case-blind)
_KNOWN_LAYOUT_HINTS = tuple({spelling for hint in data_records.CIFAR_FILE_HINTS
                             for spelling in (hint, hint.upper(), hint.capitalize())})


def might_prepare_inputs(text: str) -> bool:
    """The pre-filter of the input-pipeline rules (`Rule.input_pipeline`) for a file without a framework name:
    an import of an image reader or inference runtime at the start of a line, or a numpy import in a file that
    names CIFAR's pickles — substring tests first, a regular expression only where they pass, so that other
    numpy files are neither searched twice nor parsed."""
    if any(root in text for root in data_records.INPUT_PIPELINE_ROOTS) \
            and _INPUT_PIPELINE_IMPORT.search(text) is not None:
        return True
    return any(hint in text for hint in _KNOWN_LAYOUT_HINTS) and _KNOWN_LAYOUT_IMPORT.search(text) is not None


def lint(document: Document, rules: Sequence[type[Rule]], options: Mapping | None = None) -> list[Diagnostic]:
    """The findings of `rules` on one document, `noqa` comments applied, sorted by position.

    The NN0xx rules about nnlint's own inputs are produced here rather than by queries over facts: NN003
    when the file needs a newer Python than the running one, NN001/NN002 about the noqa comments (after
    the other findings have met them)."""
    directives = Directives(document.text)
    exempt = directives.file_exemption()
    if exempt is None:
        return []
    if exempt:
        rules = [rule for rule in rules if not any(rule.code.startswith(code) for code in exempt)]
    meta = {rule.code for rule in rules if getattr(rule, "meta", False)}
    rules = [rule for rule in rules if not getattr(rule, "meta", False)]
    try:
        tree = document.tree
    except SourceError as error:
        finding = syntax_finding(document, error, options)
        if finding.is_internal:
            return [finding]
        return [finding] if finding.code in meta and not directives.suppresses(finding.code, finding.line) else []
    diagnostics = []
    pipeline = [rule for rule in rules if rule.input_pipeline]
    if rules and (might_use_framework(document.text) or pipeline and might_prepare_inputs(document.text)):
        # the imports decide whether the file is analysed at all: read them before the whole tree is indexed
        names = Names(tree, imports_of(tree))
        if names.imports_framework:
            diagnostics = _run_rules(rules, ModuleFacts(document, tree, resolved_options(rules, options), names),
                                     document)
        elif pipeline and data_records.prepares_model_inputs(names.import_roots(), document.text):
            diagnostics = _run_rules(pipeline, ModuleFacts(document, tree, resolved_options(rules, options), names),
                                     document)
    if diagnostics:  # NN000 (here: a rule's internal error) is never suppressed
        diagnostics = [d for d in diagnostics if not directives.suppresses(d.code, d.line, d.statement_line)]
    if meta:
        about_noqa = check_directives(directives, document.text, document.path, meta, {rule.code for rule in rules})
        diagnostics += [d for d in about_noqa if not directives.suppresses(d.code, d.line)]
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _run_rules(rules: Sequence[type[Rule]], facts: ModuleFacts, document: Document) -> list[Diagnostic]:
    """The findings of `rules`; the facts are released afterwards (`ModuleFacts.release`)."""
    try:
        return _findings(rules, facts, document)
    finally:
        facts.release()


def _findings(rules: Sequence[type[Rule]], facts: ModuleFacts, document: Document) -> list[Diagnostic]:
    diagnostics = []
    for rule_class in rules:
        try:
            findings = list(rule_class().findings(facts))
        except Exception as exc:  # a rule bug must neither stop the run nor hide itself
            if os.environ.get(RAISE_ENV):
                raise
            diagnostics.append(internal_error(document.path, f"{rule_class.code}", exc))
            continue
        diagnostics.extend(diagnostic(rule_class, finding, facts) for finding in findings)
    return diagnostics


def syntax_finding(document: Document, error: SourceError, options: Mapping | None) -> Diagnostic:
    """NN000 for a syntax error; NN003 where the file only needs a newer Python than the running one (NN000
    again when the project's target-version is older than that Python: then it is broken for the project)."""
    from .syntax_version import newer_syntax

    prefix = "syntax error: "
    newer = None
    if error.message.startswith(prefix):
        newer = newer_syntax(document.lines.lines(), error.line, error.message[len(prefix):])
    if newer is None:
        return unreadable(document.path, error, document)
    target = (options or {}).get("target_version")
    if target is not None and tuple(target) < newer.version:
        return unreadable(document.path, SourceError(
            f"syntax error: {newer.feature} needs Python {newer.version_text} or newer, but the project's "
            f"target-version is py{target[0]}{target[1]}", newer.line, newer.column), document)
    running = ".".join(map(str, sys.version_info[:2]))
    return Diagnostic(
        NEWER_SYNTAX_CODE, "newer-python-syntax", Severity.WARNING,
        f"{newer.feature} needs Python {newer.version_text} or newer, and nnlint is running on Python {running}, "
        f"which cannot parse it: the file was not linted; run nnlint with Python {newer.version_text}+ "
        "(or ignore NN003)", document.path, newer.line, newer.column, newer.line, newer.column,
        statement_line=newer.line, source_line=document.line_text(newer.line))


def resolved_options(rules: Sequence[type[Rule]], options: Mapping | None) -> dict:
    """Every option the rules declare, with the given values over the declared defaults."""
    resolved = {}
    for rule in rules:
        for option in rule.options:
            resolved[option.name] = option.default
    resolved.update(options or {})
    return resolved


def diagnostic(rule: type[Rule], finding: Finding, facts: ModuleFacts) -> Diagnostic:
    document = facts.document
    if finding.node is not None:
        where = document.span(finding.node)
        statement = _statement_of(facts, finding.node)
        statement_line = statement.lineno if statement is not None else None
        context = facts.index.context_name(finding.node)
    else:
        where, statement_line, context = finding.span, finding.statement_line, finding.context
    intent = finding.fix
    fix = Fix(intent.message, intent.applicability) if intent is not None else None
    return Diagnostic(
        rule.code, rule.name, rule.severity, finding.message, document.path,
        where.line, where.column, where.end_line, where.end_column,
        statement_line=statement_line, fix=fix, context=context,
        source_line=document.line_text(where.line), intent=intent,
    )


def _statement_of(facts: ModuleFacts, node: ast.AST) -> ast.AST | None:
    statement = facts.index.parents.get(node)
    while statement is not None and not isinstance(statement, ast.stmt):
        statement = facts.index.parents.get(statement)
    return statement


def unreadable(path: str, error: SourceError, document: Document | None = None) -> Diagnostic:
    """NN000 for a file that could not be read, decoded or parsed."""
    return Diagnostic(
        INTERNAL_CODE, UNPARSABLE_NAME, Severity.ERROR, f"{error.message}; the file was not linted",
        path, error.line, error.column, error.line, error.column,
        source_line=document.line_text(error.line) if document is not None else "",
    )


def internal_error(path: str, what: str, exc: BaseException) -> Diagnostic:
    """NN000 for a bug in nnlint (or a plugin): `what` names the rule or fix that raised."""
    detail = str(exc) or "no message"
    return Diagnostic(
        INTERNAL_CODE, INTERNAL_ERROR_NAME, Severity.ERROR,
        f"internal error in {what} ({type(exc).__name__}: {detail}); please report it", path, 1, 1, 1, 1,
    )
