"""`LibCSTRule`: a rule written as a LibCST visitor, with LibCST matchers, over the document's lazily parsed
LibCST module — for teams that already write Fixit or TorchFix style rules.

    import libcst as cst
    import libcst.matchers as m
    from nnlint.rules import LibCSTRule, register

    @register
    class NoVariable(LibCSTRule):
        code, name, severity, summary = "ACME201", "deprecated-variable", Severity.WARNING, "..."

        @m.visit(m.Call(func=m.Attribute(attr=m.Name("Variable"))))
        def flag(self, node: cst.Call) -> None:
            self.report(node, "Variable() is a no-op since PyTorch 0.4", replacement=node.args[0].value)

A report's `replacement` (a node, or `libcst.RemovalSentinel.REMOVE`) becomes the finding's fix: a node
replacement carried out by `nnlint.fix` like every other fix (validated, applied by `--fix`). Findings of
LibCST rules take part in selection, `noqa`, every output format, the cache and `nnlint rule` exactly as
the built-in rules' do. The visitor sees the whole module; LibCST is parsed only when such a rule runs.
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst
from libcst.matchers import MatcherDecoratableVisitor
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from ..diagnostics import Applicability
from ..document import Span
from ..facts import ModuleFacts
from ..intents import ReplaceNodes
from .base import Finding, Rule

_DEFINITIONS = (cst.FunctionDef, cst.ClassDef)
_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


class LibCSTRule(Rule, MatcherDecoratableVisitor):
    """Subclass it, define `visit_<Node>` methods or `@m.visit(...)` matchers, and call `self.report`."""

    METADATA_DEPENDENCIES = (PositionProvider, ParentNodeProvider)

    def __init__(self) -> None:
        MatcherDecoratableVisitor.__init__(self)
        self._findings: list[Finding] = []
        self.facts: ModuleFacts | None = None

    def findings(self, facts: ModuleFacts) -> Iterable[Finding]:
        self.facts = facts
        self._findings = []
        # no copy: the nodes reported are the nodes of `document.cst`, which the fix replaces
        MetadataWrapper(facts.document.cst, unsafe_skip_copy=True).visit(self)
        return self._findings

    def report(self, node: cst.CSTNode, message: str, replacement: cst.CSTNode | cst.RemovalSentinel | None = None,
               applicability: Applicability = Applicability.SAFE, fix_message: str | None = None) -> None:
        """A finding at `node`; with `replacement`, its fix replaces `node` by it."""
        where = self.get_metadata(PositionProvider, node)
        span = Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)
        statement = self._ancestor(node, _STATEMENTS)
        statement_line = self.get_metadata(PositionProvider, statement).start.line if statement is not None else None
        fix = None
        if replacement is not None:
            fix = ReplaceNodes(replacements=((node, replacement),), applicability=applicability,
                               message=fix_message or f"Apply the {self.code} fix")
        self._findings.append(Finding(None, message, fix=fix, span=span, statement_line=statement_line,
                                      context=self._context(node)))

    def _ancestor(self, node: cst.CSTNode, kinds: tuple) -> cst.CSTNode | None:
        current = node
        while current is not None and not isinstance(current, kinds):
            current = self.get_metadata(ParentNodeProvider, current, None)
        return current

    def _context(self, node: cst.CSTNode) -> str:
        """Dotted names of the enclosing classes and functions (for fingerprints), like the `ast` rules'."""
        names = []
        current = self.get_metadata(ParentNodeProvider, node, None)
        while current is not None:
            if isinstance(current, _DEFINITIONS):
                names.append(current.name.value)
            current = self.get_metadata(ParentNodeProvider, current, None)
        return ".".join(reversed(names))
