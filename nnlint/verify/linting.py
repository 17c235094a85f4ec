"""The verifier's one door into nnlint's core: reading, linting, fixing in memory, and the file's facts.

Everything else in `nnlint.verify` works on what this module returns (diagnostics, text, `ModuleFacts`),
so a change of the core's interfaces is a change here only. A notebook is verified as its program: its
code cells up to the model, joined (`nnlint.notebook.program`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..config import ConfigError, resolve
from ..diagnostics import INTERNAL_CODE, Diagnostic, Severity
from ..document import Document, SourceError, read_bytes
from ..engine import Linter, is_notebook
from ..facts import ModuleFacts
from ..fix import fix_document
from ..lint import lint
from ..rules import RULES_BY_CODE
from ..selection import Selection
from .options import UsageError

#: verify measures every fix nnlint offers, safe and unsafe alike: in memory, never written
FIX_ENGINE = "nnlint.fix (every fix, in memory)"


@dataclass
class LintedFile:
    path: str
    text: str  # the Python that runs: the file, or a notebook's program
    diagnostics: list[Diagnostic]
    options: dict  # the rules' options from the user's configuration
    rules: list  # the rules the user's configuration selects for this file
    facts: ModuleFacts
    program: object = None  # a notebook's program (`nnlint.notebook.program.Program`), or None

    @property
    def tree(self) -> ast.Module:
        return self.facts.tree

    def note(self) -> str | None:
        return self.program.note() if self.program is not None else None

    def locate(self, findings: list[dict]) -> None:
        """A notebook's findings: lines of the program become cells and lines within them."""
        if self.program is not None:
            self.program.locate(findings)


def lint_file(path: str, findings: list[dict] | None = None, name: str | None = None) -> LintedFile:
    """Read and lint `path` with the user's configuration (noqa applies). `findings` ({code, line})
    bypass the linter: a test or a user pins the findings to verify. `name`: the target (a notebook runs
    its cells up to the one defining it)."""
    try:
        linter = Linter(resolve(None, [path]))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    program = None
    if is_notebook(path):
        program = _program(linter, path, name, pinned=findings is not None)
        text = program.text
    else:
        try:
            text = Document.read(path).text
        except SourceError as error:
            raise UsageError(f"{path}: {error.message}") from None
    document = Document(path, text)
    try:
        tree = document.tree
    except SourceError as error:
        raise UsageError(f"{path}:{error.line}: {error.message}") from None
    options = linter.options_for(path)
    if findings is not None:
        diagnostics = [_pinned(f, path, document) for f in findings]
    elif program is not None:
        diagnostics = list(program.diagnostics)
    else:
        diagnostics = linter.lint_file(path)
        broken = next((d for d in diagnostics if d.code == INTERNAL_CODE), None)
        if broken is not None:
            raise UsageError(f"{path}:{broken.line}: {broken.message}")
    return LintedFile(path, text, sorted(diagnostics, key=Diagnostic.sort_key), options, linter.rules_for(path),
                      ModuleFacts(document, tree, options), program)


def _program(linter: Linter, path: str, name: str | None, pinned: bool):
    from ..notebook import NotebookError
    from ..notebook.program import ProgramError, program

    try:
        diagnostics = [] if pinned else linter.lint_file(path)
        return program(read_bytes(path), path, name, diagnostics)
    except (SourceError, NotebookError, ProgramError) as error:
        raise UsageError(f"{path}: {getattr(error, 'message', error)}") from None


def _pinned(finding: dict, path: str, document: Document) -> Diagnostic:
    code, line = finding["code"], finding["line"]
    rule = RULES_BY_CODE.get(code)
    text = document.line_text(line)
    column = len(text) - len(text.lstrip()) + 1
    return Diagnostic(code, rule.name if rule else code.lower(), Severity.ERROR, finding.get("message", ""),
                      path, line, column, line, len(text) + 1, source_line=text)


def fixed_text(linted: LintedFile, codes: list[str] | None) -> str:
    """The source with the fixes of `codes` applied (every fix the configuration's rules offer when None),
    noqa respected; computed in memory, never written."""
    rules = Selection(select=list(codes)).rules() if codes else linted.rules
    return fix_document(Document(linted.path, linted.text), rules, linted.options).text


def findings_in(linted: LintedFile, text: str, code: str) -> list[Diagnostic]:
    """The findings of `code` in `text` (a variant of the file); the file's own when it is unchanged."""
    if text == linted.text:
        return [d for d in linted.diagnostics if d.code == code]
    found = lint(Document(linted.path, text), Selection(select=[code]).rules(), linted.options)
    return [d for d in found if d.code == code]


def still_found(linted: LintedFile, diagnostic: Diagnostic, text: str) -> bool:
    """Does the finding survive in `text` (the fix did not remove it)?"""
    return any(d.source_line.strip() == diagnostic.source_line.strip()
               for d in findings_in(linted, text, diagnostic.code))


def rule_has_fix(code: str) -> bool:
    rule = RULES_BY_CODE.get(code)
    return bool(rule and rule.fixable)
