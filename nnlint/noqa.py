"""`# noqa` comments: per line (`# noqa`, `# noqa: NN201, NN3`) and per file (`# nnlint: noqa`)."""

from __future__ import annotations

import io
import re
import tokenize

from .lines import LineIndex

# A code or prefix is letters then digits (`NN201`, `NN2`, `E501`): words after the list are a reason,
# not codes, so `# noqa: NN201 bias is fine here` does not turn "bias" into a selector.
_CODES = r"(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+|\s+[A-Z]+[0-9]+)*)"
_LINE = re.compile(r"#\s*noqa(?:\s*:\s*" + _CODES + ")?", re.IGNORECASE)
_FILE = re.compile(r"#\s*(?:nnlint|flake8|ruff)\s*:\s*noqa(?:\s*:\s*" + _CODES + r")?\s*$", re.IGNORECASE)
_ANY = re.compile("noqa", re.IGNORECASE)  # the cheap pre-check, as case-blind as the rest
_CODE_SPLIT = re.compile(r"[\s,]+")

ALL = None  # a bare `# noqa`


def _codes(text: str | None) -> frozenset[str] | None:
    if not text:
        return ALL
    return frozenset(code.upper() for code in _CODE_SPLIT.split(text.strip()) if code)


def comments(text: str) -> dict[int, str]:
    """Comment text by line, from the tokenizer (so `#` inside strings is not a comment)."""
    found: dict[int, str] = {}
    if "#" not in text:
        return found
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def file_exemption(text: str) -> frozenset[str] | None | bool:
    """False when the file is linted; None (all) or a set of codes when a file-level noqa exempts it."""
    if not _ANY.search(text):
        return False
    lines = LineIndex(text).lines()
    for number, comment in comments(text).items():
        if number > len(lines) or not lines[number - 1].lstrip().startswith("#"):
            continue  # only a comment on a line of its own exempts the file (not one trailing code)
        if not comment.lstrip("#").strip().lower().startswith(("nnlint", "flake8", "ruff")):
            continue
        match = _FILE.match(comment.strip())
        if match:
            if comment.lower().lstrip("# ").startswith(("flake8", "ruff")) and match.group("codes") is None:
                continue  # another tool's bare file-level noqa is that tool's business
            return _codes(match.group("codes"))
    return False


class LineSuppressions:
    def __init__(self, text: str):
        self._by_line: dict[int, frozenset[str] | None] = {}
        if not _ANY.search(text):
            return
        for line, comment in comments(text).items():
            match = _LINE.search(comment)
            if match and not _FILE.match(comment.strip()):
                self._by_line[line] = _codes(match.group("codes"))

    def suppresses(self, code: str, *lines: int | None) -> bool:
        for line in lines:
            if line is None or line not in self._by_line:
                continue
            codes = self._by_line[line]
            if codes is ALL or any(code.startswith(prefix) for prefix in codes):
                return True
        return False
