"""`nnlint check -`: lint (or fix) the text on standard input, as editors and formatters pipe a buffer.

`--stdin-filename PATH` names it: the configuration nearest to PATH applies, with its per-file ignores,
and findings print PATH. With `--fix` (or `--fix-only`) the fixed text goes to stdout and the findings
that remain to stderr, as ruff does; `--diff` prints the diff. With `--force-exclude`, a PATH that the
configuration excludes is not linted (and `--fix` echoes the input unchanged).
"""

from __future__ import annotations

import os
import sys

from .document import Document, SourceError
from .engine import LintResult, is_notebook
from .lint import unreadable

STDIN_PATH = "-"


def _excluded(linter, path: str) -> bool:
    from .patterns import PathMatcher

    config = linter.config_for(path)
    return PathMatcher(config.exclude_groups()).match(path, False)


def _emit(data: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stdout (an embedding host): its own encoding
        sys.stdout.write(data.decode("utf-8", errors="surrogateescape"))
    else:
        sys.stdout.flush()
        stream.write(data)
    sys.stdout.flush()


def run_stdin(linter, filename: str | None, force_exclude: bool, fix: bool, diff: bool, fix_only: bool):
    """(result, whether the report goes to stderr) for the caller to report; `--diff` and `--fix-only`
    finish here (exit 1 for a pending diff, as for files)."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    path = os.path.normpath(filename) if filename else STDIN_PATH
    result = LintResult(files=1)
    fixing = fix or diff or fix_only
    if filename and force_exclude and _excluded(linter, filename):
        result.files = 0
        if fix or fix_only:
            _emit(data)
        if diff or fix_only:
            sys.exit(0)
        return result, fixing
    if is_notebook(path):
        return _notebook(linter, data, path, fix, diff, fix_only), fixing
    try:
        source = Document.from_bytes(data, path)
    except SourceError as error:
        if fix or fix_only:
            _emit(data)  # what cannot be read is passed through untouched
        result.diagnostics = [unreadable(path, error)]
        if diff or fix_only:
            sys.stderr.write(f"nnlint: error: {path}: {error.message}\n")
            sys.exit(1)
        return result, fixing
    if not fixing:
        result.diagnostics = linter.lint_document(source, path)
        return result, False
    from .edits import unified_diff
    from .fix import fix_document

    outcome = fix_document(source, linter.rules_for(path), linter.options_for(path), linter.allow_fix)
    if diff:
        sys.stdout.write(unified_diff(source.text, outcome.text, path))
        sys.stdout.flush()
        sys.exit(1 if outcome.changed else 0)
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        fixed = bom + outcome.text.encode(source.encoding)
    except (UnicodeEncodeError, LookupError):
        fixed, outcome = data, None  # cannot be written back in its own encoding: unchanged
    _emit(fixed)
    if fix_only:
        sys.exit(0)
    if outcome is None:
        result.diagnostics = linter.lint_document(source, path)
    else:
        result.diagnostics = outcome.remaining
        for diagnostic in result.diagnostics:
            diagnostic.intent = None
    return result, True


def _notebook(linter, data: bytes, path: str, fix: bool, diff: bool, fix_only: bool) -> LintResult:
    """A notebook on standard input (`--stdin-filename nb.ipynb`): its cells linted, or fixed (the fixed
    notebook to stdout, changed only in the fixed source lines; `--diff`: the change per cell)."""
    from .notebook.lint import fix_bytes, lint_bytes

    result = LintResult(files=1)
    rules, options = linter.rules_for(path), linter.options_for(path)
    if not (fix or diff or fix_only):
        result.diagnostics = lint_bytes(data, path, rules, options)
        return result
    fixed = fix_bytes(data, path, rules, options, linter.allow_fix)
    if diff:
        sys.stdout.write(fixed.diff)
        sys.stdout.flush()
        sys.exit(1 if fixed.text is not None else 0)
    _emit(fixed.text.encode(fixed.encoding) if fixed.text is not None else data)
    if fix_only:
        sys.exit(0)
    result.diagnostics = fixed.remaining
    return result
