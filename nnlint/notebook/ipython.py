"""IPython syntax in a code cell, turned into plain Python of exactly the same shape.

A notebook cell may hold syntax only IPython understands: line magics (``%matplotlib inline``), cell
magics (``%%time``), shell escapes (``!pip install x``, ``files = !ls``), help (``obj?``, ``??obj``) and
auto-call (``/func a``, ``,func a b``, ``;func a b``). The analysis needs valid Python, and every finding
must point at the cell's own line and column. So each such construct is overwritten *in place*, character
for character, by harmless Python of the same length (``pass`` or ``0``, padded with spaces), and the
lines after a backslash continuation become blank. Nothing moves: every line keeps its number and every
character outside the overwritten spans keeps its column. The spans are recorded (`Transformed.masks`) so
that a fix never edits them.

``%time``, ``%timeit`` and ``%prun`` followed by a simple statement keep that statement: only the magic is
overwritten, by ``pass;`` (``%time model.fit(x, y, batch_size=1)`` is still seen as a call to ``fit``).

A cell starting with a cell magic whose body is Python (``%%time``, ``%%capture``, ``%%timeit``,
``%%prun``, ``%%debug``, ``%%python``, ``%%python3``, ``%%pypy``) keeps its body; any other cell magic
(``%%bash``, ``%%writefile``, ``%%html``, ...) makes the cell not Python, and it is left out.

An escape counts only at the start of a logical line, as IPython sees it: not inside brackets, a string
or after a backslash continuation (``x = (a\\n / b)`` is a division). IPython itself is not used: it is
a large import, and its transformations (``get_ipython().run_line_magic(...)``) change line lengths.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

#: cell magics whose body is Python that runs in the notebook's namespace (or, for %%python, is Python)
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"})
#: line magics that run the statement that follows them
STATEMENT_MAGICS = frozenset({"time", "timeit", "prun"})

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
#: a cheap test: can this cell hold IPython syntax at all? (most cells cannot, and skip the scan): an
#: escape character anywhere, or an auto-call character opening a line (a literal first character keeps
#: the regular expression's search fast)
_AUTO_CALL = re.compile(r"\n[ \t]*[/,;]")
_ASSIGNMENT = re.compile(r"[ \t]*[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*(?=[!%][^=])")
_HELP = re.compile(r"(?:\?\??[ \t]*%{0,2}[A-Za-z_*][\w.*]*|%{0,2}[A-Za-z_*][\w.*]*(?:\(\))?[ \t]*\?\??)[ \t]*")
_CELL_MAGIC = re.compile(r"%%([A-Za-z_][\w.-]*)")
_STATEMENT_MAGIC = re.compile(r"%(time|timeit|prun)[ \t]+(?=[^-\s])")
_SCAN = re.compile(r"[#'\"\\()\[\]{}]")


@dataclass
class Transformed:
    """The cell as Python: `text` has the same length and line breaks as the source; `masks` are the
    (start, end) character offsets that were overwritten."""

    text: str
    masks: list[tuple[int, int]] = field(default_factory=list)


def transform(source: str) -> Transformed | None:
    """The Python view of a cell's source, or None when the cell is not Python (a non-Python cell magic)."""
    if not _maybe_ipython(source):
        return Transformed(source)
    lines = _LINE.findall(source)
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    out: list[str] = []
    masks: list[tuple[int, int]] = []
    offset = 0
    start_index = 0
    if first is not None and lines[first].lstrip(" \t").startswith("%%"):
        magic = _CELL_MAGIC.match(lines[first].lstrip(" \t"))
        if magic is None or magic.group(1) not in PYTHON_CELL_MAGICS:
            return None
        for line in lines[:first]:
            out.append(line)
            offset += len(line)
        body = _body(lines[first])
        out.append(_blank(body) + lines[first][len(body):])
        masks.append((offset, offset + len(body)))
        offset += len(lines[first])
        start_index = first + 1
    scanner = _Scanner()
    continued_escape = False
    for line in lines[start_index:]:
        body = _body(line)
        ending = line[len(body):]
        if continued_escape:  # a backslash continued the escape: the whole line belongs to it
            out.append(_blank(body) + ending)
            masks.append((offset, offset + len(body)))
            continued_escape = body.endswith("\\")
        elif scanner.at_logical_start() and (replaced := _escape(body)) is not None:
            text, start, end = replaced
            out.append(text + ending)
            masks.append((offset + start, offset + end))
            continued_escape = end == len(body) and body.endswith("\\")
        else:
            scanner.feed(body)
            out.append(line)
        offset += len(line)
    return Transformed("".join(out), masks)


def _maybe_ipython(source: str) -> bool:
    return ("%" in source or "!" in source or "?" in source or "\r" in source
            or source.lstrip(" \t")[:1] in ("/", ",", ";") or _AUTO_CALL.search(source) is not None)


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _blank(text: str) -> str:
    return " " * len(text)


def _filler(width: int) -> str:
    """Harmless Python exactly `width` characters wide: a `pass` statement, or `0` where it does not fit."""
    return ("pass" if width >= 4 else "0").ljust(width)


def _expression(width: int) -> str:
    return "0".ljust(width)


def _escape(body: str) -> tuple[str, int, int] | None:
    """(the line with its IPython part overwritten, where that part starts and ends), or None for Python."""
    stripped = body.lstrip(" \t")
    indent = len(body) - len(stripped)
    if not stripped:
        return None
    if stripped[0] in "%!/,;":
        statement = _STATEMENT_MAGIC.match(stripped)
        if statement and _simple_statement(stripped[statement.end():]):
            end = indent + statement.end()
            return body[:indent] + "pass;".ljust(statement.end()) + stripped[statement.end():], indent, end
        return body[:indent] + _filler(len(stripped)), indent, len(body)
    if stripped[0] == "?" or stripped.rstrip(" \t").endswith("?"):
        if stripped.rstrip(" \t") in ("?", "??") or _HELP.fullmatch(stripped):
            return body[:indent] + _filler(len(stripped)), indent, len(body)
    assignment = _ASSIGNMENT.match(body)
    if assignment:
        start = assignment.end()
        return body[:start] + _expression(len(body) - start), start, len(body)
    return None


def _simple_statement(code: str) -> bool:
    """Whether `code` is one simple statement (what `%time` may be followed by and still stay visible)."""
    if code.rstrip().endswith("\\"):
        return False
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    simple = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete, ast.Pass)
    return len(tree.body) >= 1 and all(isinstance(statement, simple) for statement in tree.body)


class _Scanner:
    """Just enough of Python's tokenizer to know where logical lines start: open brackets, strings
    (triple-quoted ones span lines) and backslash continuations; comments end a line."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None  # the open string's quote ('"""', "'", ...)
        self.continued = False

    def at_logical_start(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.continued

    def feed(self, body: str) -> None:
        self.continued = False
        position = 0
        if self.quote is not None:
            position = self._close_string(body, 0)
            if position < 0:
                return
        while True:
            match = _SCAN.search(body, position)
            if match is None:
                return
            char = match.group()
            position = match.end()
            if char == "#":
                return
            if char == "\\":
                if position == len(body):
                    self.continued = True
                    return
                position += 1
            elif char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(self.depth - 1, 0)
            else:
                triple = body.startswith(char * 3, match.start())
                self.quote = char * 3 if triple else char
                position = self._close_string(body, match.start() + len(self.quote))
                if position < 0:
                    return

    def _close_string(self, body: str, position: int) -> int:
        """Past the end of the open string, or -1 (and the string stays open) when the line ends first."""
        quote = self.quote
        while True:
            end = body.find(quote, position)
            escape = body.find("\\", position)
            if escape != -1 and (end == -1 or escape < end):
                if escape == len(body) - 1:  # a backslash continues a single-quoted string too
                    return -1
                position = escape + 2
                continue
            if end == -1:
                if len(quote) == 1:  # an unterminated one-line string: a syntax error; do not carry it
                    self.quote = None
                return -1
            self.quote = None
            return end + len(quote)
