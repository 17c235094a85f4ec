"""File names as nnlint prints them: the name of a file may hold any byte but `/` and NUL, and a report must
stay what it promises (one line per finding, valid UTF-8, valid JSON).

Python keeps a byte that is not UTF-8 in a file name as a lone surrogate (U+DC80-U+DCFF, "surrogateescape"):
it cannot be printed to a UTF-8 stream nor read by strict JSON parsers. Two forms are used:

* `printable` for the line formats (full, concise, `--diff` headers, `--show-files`);
* `decodable` for the JSON formats (json, gitlab, the GitHub annotations' escaped properties).

SARIF percent-encodes the name's bytes in its URIs, and fingerprints hash the bytes (`nnlint.fingerprint`).
"""

from __future__ import annotations

_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def printable(path: str) -> str:
    """A file name as one line of text, for the line formats (full, concise): a byte that is not
    UTF-8 (Python keeps it as a lone surrogate) as `\\xNN`, a newline or other control character as its
    backslash escape (a tab, which ends no line, stays); everything printable as it is."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable() and char != "\t":
            out.append(ascii(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)


def decodable(path: str) -> str:
    """A file name for the JSON formats (json, gitlab): only the bytes that are not UTF-8 written as
    `\\xNN` (a lone surrogate is not valid Unicode, and strict JSON readers reject it); JSON escapes the rest."""
    if not any(0xD800 <= ord(char) <= 0xDFFF for char in path):
        return path
    return "".join(f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF
                   else "\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in path)
