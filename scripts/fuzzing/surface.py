"""Byte-level variants of a source text that must not change what nnlint finds — or crash it.

`dress(text, rng)` returns the bytes of the text with, at random: CRLF, CR-only or mixed line endings, a
UTF-8 BOM, tab indentation, trailing whitespace, no final newline, a form feed, a PEP 263 coding cookie
(with the text encoded in that encoding when it can be). The result still parses as the same program,
except where noted (mixed endings parse too: the interpreter accepts any of them per line).
"""

from __future__ import annotations

import random
import re

BOM = b"\xef\xbb\xbf"
_LEADING_SPACES = re.compile(r"^((?:    )+)", re.MULTILINE)


def dress(text: str, rng: random.Random) -> tuple[bytes, list[str]]:
    """(bytes, names of the variations applied)."""
    applied = []
    if rng.random() < 0.1:
        text = _LEADING_SPACES.sub(lambda m: "\t" * (len(m.group(1)) // 4), text)
        applied.append("tabs")
    if rng.random() < 0.1:
        text = "\n".join(line + rng.choice([" ", "\t", "  "]) if line.strip() else line for line in text.split("\n"))
        applied.append("trailing-space")
    if rng.random() < 0.05:
        lines = text.split("\n")
        at = rng.randrange(len(lines))
        if not lines[at][:1].isspace():
            lines.insert(at, "\f")
            text = "\n".join(lines)
            applied.append("form-feed")
    if rng.random() < 0.1:
        text = text.rstrip("\n")
        applied.append("no-final-newline")
    encoding = "utf-8"
    if rng.random() < 0.08:
        cookie_encoding = rng.choice(["utf-8", "latin-1", "cp1252", "utf8", "iso-8859-15"])
        try:
            text.encode(cookie_encoding)
        except UnicodeEncodeError:
            cookie_encoding = "utf-8"
        cookie = rng.choice([f"# -*- coding: {cookie_encoding} -*-", f"# vim: set fileencoding={cookie_encoding} :",
                             f"#coding={cookie_encoding}"])
        text = (cookie + "\n" + text) if not text.startswith("#!") else text.replace("\n", "\n" + cookie + "\n", 1)
        encoding = cookie_encoding
        applied.append("cookie-" + cookie_encoding)
    ending = rng.choices(["\n", "\r\n", "\r", "mixed"], [70, 15, 10, 5])[0]
    if ending == "mixed":
        parts = text.split("\n")
        text = "".join(part + (rng.choice(["\n", "\r\n", "\r"]) if i < len(parts) - 1 else "") for i, part in enumerate(parts))
        applied.append("mixed-endings")
    elif ending != "\n":
        text = text.replace("\n", ending)
        applied.append("crlf" if ending == "\r\n" else "cr")
    data = text.encode(encoding)
    if encoding.replace("-", "") == "utf8" and rng.random() < 0.1:
        data = BOM + data
        applied.append("bom")
    return data, applied
