"""`nnlint --add-noqa`: a `# noqa: CODE` comment on the line of every current finding.

The comment goes where nnlint reads it: the finding's own line, or the first line of its statement
when the finding's line cannot end in a comment (inside a multi-line string, or continued with a
backslash). A line that already has a noqa directive gets the new codes added to its list (other
tools' codes kept); any other comment stays, and the directive follows it. NN000 (never suppressed),
NN003 and the findings about noqa comments themselves (NN001, NN002) get no comment. Files are written
only when they change, atomically, in their own encoding and line endings.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field

from .diagnostics import Edit
from .discovery import discover
from .document import Document, SourceError, read_source
from .engine import is_notebook
from .noqa import Directives

SKIPPED = {"NN000", "NN001", "NN002", "NN003"}


@dataclass
class AddNoqaOutcome:
    added: int = 0
    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not done: the run is not clean (exit 1)
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # the system failed the write (no space, I/O): exit 2

    def summary(self) -> str:
        count, files = self.added, len(self.files)
        if not count:
            return "No noqa directives added."
        return (f"Added {count} noqa directive{'s' if count != 1 else ''} to {files} "
                f"file{'s' if files != 1 else ''}.")


def _closed_lines(text: str) -> set[int]:
    """Lines whose end cannot take a comment: inside a multi-line string or continued with a backslash. Lines
    are numbered as the interpreter and `LineIndex` number them (ending at `\\n`, `\\r\\n` or `\\r` only)."""
    from .lines import LineIndex

    closed: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                closed.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    for number, line in enumerate(LineIndex(text).lines(), start=1):
        if line.rstrip().endswith("\\"):
            closed.add(number)
    return closed


def edits_for(text: str, diagnostics, path: str) -> tuple[list[Edit], int, list[str]]:
    """(edits, directives added or extended, warnings) for one file's findings."""
    from .lines import LineIndex

    lines = LineIndex(text).lines()
    closed = _closed_lines(text)
    directives = Directives(text)
    wanted: dict[int, list[str]] = {}
    warnings = []
    for d in diagnostics:
        if d.code in SKIPPED:
            continue
        target = next((line for line in (d.line, d.statement_line)
                       if line is not None and line not in closed and 0 < line <= len(lines)), None)
        if target is None:
            warnings.append(f"nnlint: warning: {d.path}:{d.line}: no line of this statement can end in a comment; "
                            f"{d.code} not suppressed")
            continue
        codes = wanted.setdefault(target, [])
        if d.code not in codes:
            codes.append(d.code)
    edits, count = [], 0
    for line, codes in sorted(wanted.items()):
        text_of_line = lines[line - 1]
        directive = directives.by_line.get(line)
        if directive is not None and directive.codes is None:
            continue  # a bare noqa already suppresses everything here
        if directive is not None and directive.problem is not None:
            warnings.append(f"nnlint: warning: {path}:{line}: the noqa comment on this line is invalid (NN002); "
                            "correct it, then run --add-noqa again")
            continue
        if directive is not None:
            present = {token.code for token in directive.codes}
            new = [code for code in codes if code not in present]
            if new:
                end = directive.codes[-1].end
                edits.append(Edit(line, end + 1, line, end + 1, ", " + ", ".join(new)))
                count += 1
            continue
        content_end = len(text_of_line.rstrip())
        edits.append(Edit(line, content_end + 1, line, len(text_of_line) + 1, f"  # noqa: {', '.join(codes)}"))
        count += 1
    return edits, count, warnings


def _parses(text: str) -> bool:
    import ast

    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def add_noqa(linter, paths: list[str], force_exclude: bool = False) -> AddNoqaOutcome:
    from .edits import apply_edits
    from .safe_write import Snapshot, WriteError, WriteFailed, write_atomic

    found = discover(paths, linter.settings, force_exclude)
    outcome = AddNoqaOutcome(missing=list(found.missing))
    for folder, reason in found.unreadable:  # not silently skipped: the run is not clean
        outcome.errors.append(folder)
        outcome.messages.append(f"nnlint: error: {folder}: cannot read this path: {reason}; no noqa added under it")
    for ignore_file, reason in found.unreadable_ignores:
        outcome.errors.append(ignore_file)
        outcome.messages.append(f"nnlint: error: {ignore_file}: cannot read this .gitignore: {reason}; the files it "
                                "would exclude were treated as not excluded")
    for path in found.files:
        try:
            data, info = read_source(path)
            if is_notebook(path):  # the comments go into the cells; the file changes only in those lines
                from .notebook.lint import noqa_text

                text, encoding, count, warnings = noqa_text(data, path, linter.rules_for(path),
                                                            linter.options_for(path), edits_for)
            else:
                source = Document.from_bytes(data, path)
                edits, count, warnings = edits_for(source.text, linter.lint_document(source, path), path)
                text, encoding = (apply_edits(source.text, edits) if edits else None), source.encoding
                if text is not None and not _parses(text):  # never write a file that no longer parses
                    outcome.messages.append(f"nnlint: warning: {path}: adding the noqa comments would break the "
                                            "code; no noqa added")
                    continue
        except SourceError as error:  # as NN000 in a plain run: not done, so the run is not clean
            outcome.errors.append(path)
            outcome.messages.append(f"nnlint: error: {path}: {error.message}; no noqa added")
            continue
        outcome.messages.extend(warnings)
        if text is None:
            continue
        try:
            write_atomic(path, text, encoding, expected=Snapshot.of(data, info), within=paths)
        except WriteError as exc:
            outcome.errors.append(path)
            if isinstance(exc, WriteFailed):
                outcome.failed.append(path)
            outcome.messages.append(f"nnlint: error: {path}: {exc}; no noqa added")
            continue
        outcome.added += count
        outcome.files.append(path)
    outcome.messages.extend(f"nnlint: error: {missing}: no such file or directory; check the path"
                            for missing in found.missing)
    return outcome
