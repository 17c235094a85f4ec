"""ANSI colour: only on a terminal (or with FORCE_COLOR), never when NO_COLOR is set (no-color.org)."""

from __future__ import annotations

import os
import sys

_CODES = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "blue": "34", "dim": "2", "green": "32"}


def paint(text: str, style: str, color: bool) -> str:
    if not color:
        return text
    codes = ";".join(_CODES[s] for s in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


def use_color(stream=None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()
