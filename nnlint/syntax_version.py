"""Syntax of a newer Python than the one running nnlint: recognised, so that it is not called an error.

`ast` parses what the running interpreter parses. A file written for a newer Python (a `type` alias or
generics under Python 3.11, a t-string under 3.13) fails to parse, but it is not broken: nnlint says
which feature needs which Python (NN003, which can be ignored) — unless the project's `target-version`
is older than that feature, in which case it is a real syntax error for the project (NN000).

Recognition looks at the line the parser stopped on, for the constructs each Python version added.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class NewerSyntax:
    version: tuple[int, int]
    feature: str
    line: int
    column: int  # 1-based

    @property
    def version_text(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


def _at(pattern: str, group: int = 0) -> Callable[[str, str], int | None]:
    compiled = re.compile(pattern)

    def detect(line: str, message: str) -> int | None:
        match = compiled.search(line)
        return match.start(group) if match else None
    return detect


def _fstring(line: str, message: str) -> int | None:
    """3.12 f-strings: the delimiter's quote, a backslash or a `#` inside a replacement field."""
    if not message.startswith("f-string"):
        return None
    for match in re.finditer(r"(?<![\w.])(?:[rRbB]?[fF]|[fF][rRbB])(\"\"\"|'''|\"|')", line):
        quote = match.group(1)
        body = line[match.end():]
        depth = 0
        for index, char in enumerate(body):
            if char == "{":
                if body[index + 1:index + 2] == "{" and depth == 0:
                    continue
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif depth and (body.startswith(quote, index) or char in "\\#"):
                return match.start()
            elif not depth and body.startswith(quote, index):
                break
    return None


def _if_message(text: str, pattern: str) -> Callable[[str, str], int | None]:
    detect = _at(pattern)

    def check(line: str, message: str) -> int | None:
        return detect(line, message) if text in message else None
    return check


#: (version, what it is, detector(line text, parser message) -> 0-based column or None)
FEATURES: list[tuple[tuple[int, int], str, Callable[[str, str], int | None]]] = [
    ((3, 11), "an `except*` clause (PEP 654)", _at(r"^\s*(except)\s*\*", 1)),
    ((3, 12), "a `type` alias statement (PEP 695)", _at(r"^\s*(type)\s+[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*=", 1)),
    ((3, 12), "a generic function with type parameters (PEP 695)", _at(r"^\s*((?:async\s+)?def)\s+\w+\s*\[", 1)),
    ((3, 12), "a generic class with type parameters (PEP 695)", _at(r"^\s*(class)\s+\w+\s*\[", 1)),
    ((3, 12), "an f-string that nests its own quotes, a backslash or a comment (PEP 701)", _fstring),
    ((3, 14), "a template string (t-string, PEP 750)",
     _if_message("invalid syntax", r"(?<![\w.])(?:[tT][rR]?|[rR][tT])(?:\"|')")),
    ((3, 14), "`except` with several exception types without parentheses (PEP 758)",
     _if_message("must be parenthesized", r"\bexcept\b")),
]


def newer_syntax(lines: list[str], line: int, message: str,
                 running: tuple[int, int] | None = None) -> NewerSyntax | None:
    """The newer-Python feature on the line where parsing failed, if that is what failed."""
    running = running or sys.version_info[:2]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    for version, feature, detect in FEATURES:
        if version <= running:
            continue
        column = detect(text, message)
        if column is not None:
            return NewerSyntax(version, feature, line, column + 1)
    return None


def example_for(running: tuple[int, int] | None = None) -> tuple[str, tuple[int, int]] | None:
    """A snippet the running Python cannot parse and a newer one can, and where NN003 points (for docs)."""
    running = running or sys.version_info[:2]
    samples = [((3, 12), "type Vector = list[float]\n", (1, 1)), ((3, 14), "greeting = t\"hello {name}\"\n", (1, 12))]
    for version, code, at in samples:
        if version > running:
            return code, at
    return None
