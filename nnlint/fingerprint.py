"""Fingerprints that identify a finding across unrelated edits (lines added above it, re-indentation).

Built from the rule code, the file path, the enclosing class/function and the offending source
line with whitespace normalised — not from the line number. Findings that share all of these get an
occurrence index (in the order given: sort the findings first) so each keeps its own fingerprint.
SARIF's `partialFingerprints`, GitLab's `fingerprint` and the baseline file (`nnlint.baseline`) all use it.
"""

from __future__ import annotations

import hashlib
import io
import tokenize
from collections import Counter
from collections.abc import Sequence

from .diagnostics import Diagnostic


def _without_comment(line: str) -> str:
    """The line without its trailing `# comment` (a `#` inside a string stays); as it is if it won't tokenize."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                return line[: token.start[1]]
    except (tokenize.TokenError, SyntaxError):  # an unclosed bracket: the tokens before it were seen
        pass
    return line


def normalised_source(d: Diagnostic) -> str:
    """The offending line without its trailing comment and with runs of whitespace collapsed: re-indenting
    a block or editing a comment changes nothing."""
    return " ".join(_without_comment(d.source_line).split())


def _key(d: Diagnostic, path: str | None = None) -> str:
    path = d.path if path is None else path
    return "\x1f".join((d.code, path.replace("\\", "/"), d.context, normalised_source(d)))


def fingerprints(diagnostics: Sequence[Diagnostic], paths: Sequence[str] | None = None) -> list[str]:
    """One fingerprint per finding. `paths` replaces each finding's path (e.g. made relative to another
    folder than the working directory), so the fingerprint does not depend on where nnlint runs."""
    seen: Counter[str] = Counter()
    result = []
    for i, d in enumerate(diagnostics):
        key = _key(d, paths[i] if paths is not None else None)
        occurrence = seen[key]
        seen[key] += 1
        # surrogateescape: a file name that is not UTF-8 hashes as its bytes
        result.append(hashlib.sha256(f"{key}\x1f{occurrence}".encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return result
