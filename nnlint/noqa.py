"""`# noqa` comments: per line (`# noqa`, `# noqa: NN201, NN3`) and per file (`# nnlint: noqa`).

A directive names codes (`NN201`), prefixes (`NN2`) or nothing (a bare `# noqa`: every finding on the
line). Codes of other tools (`E501`, `RUF100`) may stand in the same list; nnlint ignores them. A
directive that names no valid code (`# noqa: NN`, `# noqa: 101`, `# noqa:,`) is invalid: it suppresses
nothing and is reported (NN002), like ruff's warning for such directives; so is an `NN` code that names
no rule (`# noqa: NN999`). A directive never suppresses more than it names.

`Directives(text)` parses a file's directives once; `.suppresses()` records which directive codes were
used, so that `.unused()` can report those that suppressed nothing (NN001, opt-in, like ruff's RUF100),
with a fix that removes them.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from .lines import LineIndex

OWN_PREFIX = "NN"
INTERNAL_CODE = "NN000"
_CODE = re.compile(r"[A-Za-z]+[0-9]+")
_NOQA = re.compile(r"#\s*noqa(?![\w-])", re.IGNORECASE)
_FILE = re.compile(r"#\s*(?P<tool>nnlint|flake8|ruff)\s*:\s*noqa(?![\w-])", re.IGNORECASE)
_ANY = re.compile("noqa", re.IGNORECASE)  # the cheap pre-check, as case-blind as the rest

ALL = None  # a bare `# noqa`


@dataclass
class CodeToken:
    code: str  # upper-cased
    start: int  # 0-based character offsets in the line
    end: int
    used: bool = False


@dataclass
class Directive:
    """One `# noqa` directive: where it is, what it names, and whether it is well formed."""

    line: int
    start: int  # 0-based character offset of its `#` in the line
    end: int  # just past the code list (the reason after it is not part of the directive)
    comment_end: int  # end of the comment that holds it
    codes: list[CodeToken] | None  # None: bare
    problem: str | None = None  # why it is invalid (then it suppresses nothing)
    bad_items: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, text) of non-codes
    file_level: bool = False
    used_bare: bool = False
    problem_soft: str | None = None  # a problem that still lets the named codes suppress (missing colon)

    def own_codes(self, prefixes: frozenset[str] = frozenset({OWN_PREFIX})) -> list[CodeToken]:
        """The codes of nnlint's rules (`NN…`, and a plugin's letters): other tools' codes are theirs."""
        return [c for c in self.codes or [] if _letters(c.code) in prefixes]


def _letters(code: str) -> str:
    return code.rstrip("0123456789")


def comments(text: str) -> dict[int, tuple[int, str]]:
    """(column, comment text) by line, from the tokenizer (so `#` inside strings is not a comment). Lines end
    at `\\r` too (universal newlines), as the interpreter and `LineIndex` number them."""
    found: dict[int, tuple[int, str]] = {}
    if "#" not in text:
        return found
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = (token.start[1], token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def _parse_codes(comment: str, position: int, line: int, start: int, comment_start: int,
                 file_level: bool = False) -> Directive:
    """The directive whose `noqa` word ends at `position` of `comment` (`start`: its `#` in the line)."""
    rest = comment[position:]
    colon = re.match(r"\s*:", rest)
    if colon is None:
        word = re.match(r"\s+([^\s,#]+)", rest)
        if word and _CODE.fullmatch(word.group(1)) and word.group(1).upper().startswith(OWN_PREFIX):
            # `# noqa NN201`: flake8 reads a bare noqa; nnlint suppresses only the code, and says so
            directive = _code_list(comment, position, line, start, comment_start, file_level)
            directive.problem_soft = ("the colon is missing: write `# noqa: CODES` (flake8 reads `# noqa CODES` "
                                      "as a bare noqa that suppresses every finding on the line)")
            return directive
        return Directive(line, start, comment_start + position, comment_start + len(comment), ALL,
                         file_level=file_level)
    return _code_list(comment, position + colon.end(), line, start, comment_start, file_level)


_ITEM = re.compile(r"[ \t]*(?:(?P<comma>,)|(?P<hash>#)|(?P<word>[^\s,#]+))")


def _code_list(comment: str, offset: int, line: int, start: int, comment_start: int, file_level: bool) -> Directive:
    """Codes separated by commas and/or spaces; the first word after them that is not a code starts the
    reason. A list that names no code, or a non-code right after a comma, is a problem."""
    codes: list[CodeToken] = []
    bad: list[tuple[int, int, str]] = []
    index, end = offset, comment_start + offset
    after_comma = False
    while index < len(comment):
        item = _ITEM.match(comment, index)
        if item is None or item.group("hash"):
            break
        if item.group("comma"):
            if not codes:
                bad.append((comment_start + item.start("comma"), comment_start + item.end("comma"), ","))
                break
            after_comma = True
            index = item.end()
            continue
        word = item.group("word")
        begin = comment_start + item.start("word")
        if _CODE.fullmatch(word):
            codes.append(CodeToken(word.upper(), begin, begin + len(word)))
            end = begin + len(word)
            after_comma = False
            index = item.end()
            continue
        if not codes or after_comma:
            bad.append((begin, begin + len(word), word))  # meant as a code: `# noqa: 101`, `NN101, 101`
        break
    problem = None
    if not codes:
        shown = comment[offset:].strip() or "nothing"
        problem = (f"`# noqa:` followed by {shown!r} names no rule code, so it suppresses nothing; write codes "
                   "such as `# noqa: NN201`, or a bare `# noqa`")
    return Directive(line, start, end, comment_start + len(comment), codes, problem, bad, file_level)


def parse_comment(line: int, column: int, comment: str, own_line: bool) -> list[Directive]:
    """The directives in one comment token (`column`: its 0-based start in the line)."""
    found = []
    file_match = _FILE.search(comment)
    if file_match and own_line:
        tool = file_match.group("tool").lower()
        directive = _parse_codes(comment, file_match.end(), line, column + file_match.start(), column,
                                 file_level=True)
        if tool != "nnlint" and directive.codes is ALL:
            return found  # another tool's bare file-level noqa is that tool's business
        directive.tool = tool  # type: ignore[attr-defined]
        return [directive]
    if file_match:
        return found  # a file-level directive trailing code is neither a file nor a line directive
    for match in _NOQA.finditer(comment):
        found.append(_parse_codes(comment, match.end(), line, column + match.start(), column))
        break  # the first directive of a comment decides, as flake8 and ruff read it
    return found


class Directives:
    """Every noqa directive of a file, parsed once."""

    def __init__(self, text: str):
        self.by_line: dict[int, Directive] = {}
        self.file_level: list[Directive] = []
        if not _ANY.search(text):
            return
        lines = LineIndex(text).lines()
        for number, (column, comment) in comments(text).items():
            if not _ANY.search(comment):
                continue
            own_line = number <= len(lines) and not lines[number - 1][:column].strip()
            for directive in parse_comment(number, column, comment, own_line):
                if directive.file_level:
                    self.file_level.append(directive)
                else:
                    self.by_line[number] = directive

    # -- file level ---------------------------------------------------------------------------------
    def file_exemption(self) -> frozenset[str] | None | bool:
        """False when the file is linted; None (all) or a set of codes when a file-level noqa exempts it."""
        for directive in self.file_level:
            if directive.problem is not None:
                continue
            if directive.codes is ALL:
                directive.used_bare = True
                return ALL
            own = [c.code for c in directive.codes or []]
            if own:
                return frozenset(own)
        return False

    # -- line level ---------------------------------------------------------------------------------
    def suppresses(self, code: str, *lines: int | None) -> bool:
        if code == INTERNAL_CODE:
            return False
        for line in lines:
            directive = self.by_line.get(line) if line is not None else None
            if directive is None or directive.problem is not None:
                continue
            if directive.codes is ALL:
                directive.used_bare = True
                return True
            for token in directive.codes:
                if code.startswith(token.code) and _letters(token.code) == _letters(code):
                    token.used = True
                    return True
        return False

    def all(self) -> list[Directive]:
        return self.file_level + list(self.by_line.values())


class LineSuppressions:
    """The line-level part of `Directives` (kept for callers that only filter)."""

    def __init__(self, text: str):
        self._directives = Directives(text)

    def suppresses(self, code: str, *lines: int | None) -> bool:
        return self._directives.suppresses(code, *lines)


def file_exemption(text: str) -> frozenset[str] | None | bool:
    return Directives(text).file_exemption()


# -- findings about the directives themselves: NN001 unused-noqa, NN002 invalid-noqa ------------------

UNUSED_CODE, INVALID_CODE = "NN001", "NN002"


def _edit_removing(directive: Directive, line_text: str, remove: list[CodeToken]):
    """The edit that drops `remove` from the directive (the whole directive when nothing else is left)."""
    from .diagnostics import Edit

    line = directive.line
    remaining = [token for token in directive.codes or [] if token not in remove]
    if remaining:
        first, last = directive.codes[0], directive.codes[-1]
        kept = ", ".join(line_text[t.start:t.end] for t in remaining)
        return Edit(line, first.start + 1, line, last.end + 1, kept)
    tail = line_text[directive.end:directive.comment_end]
    other = tail.find("#")
    if other >= 0:  # `# noqa: NN201  # another comment`: keep the other comment
        return Edit(line, directive.start + 1, line, directive.end + other + 1, "")
    begin = directive.start
    while begin > 0 and line_text[begin - 1] in " \t":
        begin -= 1
    return Edit(line, begin + 1, line, directive.comment_end + 1, "")


def _finding(code: str, message: str, path: str, line: int, start: int, end: int, line_text: str, fix=None):
    """`fix`: (what it does, the edit) — a safe fix, carried as an intent of plain text edits."""
    from .diagnostics import Applicability, Diagnostic, Fix, Severity
    from .intents import ReplaceText
    from .rules import RULES_BY_CODE

    rule = RULES_BY_CODE[code]
    intent = None
    if fix is not None:
        intent = ReplaceText(message=fix[0], applicability=Applicability.SAFE, edits=(fix[1],))
    return Diagnostic(code, rule.name, Severity(rule.severity), message, path, line, start + 1, line, end + 1,
                      statement_line=line, source_line=line_text, intent=intent,
                      fix=Fix(intent.message, intent.applicability) if intent is not None else None)


def check_directives(directives: Directives, text: str, path: str, enabled: set[str], ran: set[str]) -> list:
    """NN001/NN002 findings (those of `enabled`), after `directives.suppresses` has seen every finding.

    `ran`: the codes of the rules that ran on the file (a code of a rule that did not run is reported as
    "non-enabled" by NN001, as ruff does).
    """
    from .rules import RULES_BY_CODE

    if not (enabled & {UNUSED_CODE, INVALID_CODE}) or not (directives.by_line or directives.file_level):
        return []
    lines = LineIndex(text).lines()
    known = set(RULES_BY_CODE)
    prefixes = frozenset({OWN_PREFIX} | {_letters(code) for code in known})
    found = []
    for directive in directives.all():
        line_text = lines[directive.line - 1] if directive.line <= len(lines) else ""
        if INVALID_CODE in enabled:
            problem = directive.problem or directive.problem_soft
            if problem:
                found.append(_finding(INVALID_CODE, f"invalid noqa directive: {problem}", path, directive.line,
                                      directive.start, max(directive.end, *(b[1] for b in directive.bad_items),
                                                           directive.start + 1), line_text))
            elif directive.bad_items:
                start, end, word = directive.bad_items[0]
                found.append(_finding(INVALID_CODE, f"invalid noqa directive: {word!r} is not a rule code, so it "
                                      "suppresses nothing; write codes such as NN201", path, directive.line, start,
                                      end, line_text))
            for token in directive.own_codes(prefixes):
                if token.code == INTERNAL_CODE:
                    message = ("NN000 (a file nnlint could not read or an internal error) is never suppressed; "
                               "drop it from the noqa comment")
                elif not any(code.startswith(token.code) for code in known):
                    message = f"unknown rule code {token.code} in a noqa comment (see `nnlint rule --all`)"
                else:
                    continue
                fix = (f"Remove {token.code} from the noqa comment", _edit_removing(directive, line_text, [token]))
                found.append(_finding(INVALID_CODE, message, path, directive.line, token.start, token.end,
                                      line_text, fix))
        if UNUSED_CODE in enabled and not directive.file_level and directive.problem is None and directive.codes:
            unused = [t for t in directive.own_codes(prefixes) if not t.used and t.code != INTERNAL_CODE
                      and any(code.startswith(t.code) for code in known)]
            if not unused:
                continue
            off = [t for t in unused if not any(code.startswith(t.code) for code in ran)]
            parts = []
            if len(off) < len(unused):
                parts.append("unused: " + ", ".join(f"`{t.code}`" for t in unused if t not in off))
            if off:
                parts.append("non-enabled: " + ", ".join(f"`{t.code}`" for t in off))
            whole = len(unused) == len(directive.codes)
            fix = ("Remove the unused noqa directive" if whole else "Remove the unused codes",
                   _edit_removing(directive, line_text, unused))
            found.append(_finding(UNUSED_CODE, f"unused noqa directive ({'; '.join(parts)})", path, directive.line,
                                  directive.start, directive.end, line_text, fix))
    return found
