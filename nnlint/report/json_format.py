"""`--output-format json`: a list of finding objects (stable keys; `fix` is null when there is none, and its
`edits` are null unless `--fix-edits` computed them). Aligned with ruff's JSON where that breaks nothing:
`location`/`end_location` as `{row, column}` (the same shape as the edits'), `noqa_row`, and
`fix.applicability` (`safe`/`unsafe`).

`cell` is null for a Python file; in a notebook it is the cell's number (as the notebook shows it, markdown
cells counted) and the lines and columns count within that cell, as do the fix's edits, each with its own
`cell`."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic
from .location import decodable


def as_dict(d: Diagnostic) -> dict:
    from .urls import docs_url

    fix = None
    if d.fix is not None:
        fix = {
            "message": d.fix.message,
            "applicability": d.fix.applicability.value,
            # the edits are computed (and checked) only when asked for with --fix-edits
            "edits": None if d.fix.edits is None else [
                {"content": e.content, "location": {"row": e.line, "column": e.column},
                 "end_location": {"row": e.end_line, "column": e.end_column},
                 **({"cell": e.cell} if e.cell is not None else {})}
                for e in d.fix.edits
            ],
        }
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "filename": decodable(d.path),
        "cell": d.cell,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        # ruff's shapes, beside nnlint's own keys: positions as {row, column}, and where a noqa comment goes
        "location": {"row": d.line, "column": d.column},
        "end_location": {"row": d.end_line, "column": d.end_column},
        "noqa_row": noqa_row(d),
        "fix": fix,
        "url": docs_url(d.code),
    }


def noqa_row(d: Diagnostic) -> int | None:
    """The line a `# noqa` comment for this finding goes on (where `--add-noqa` puts it): its own line, or
    its statement's first line when its line is continued with a backslash. None for NN000, which no
    comment suppresses."""
    if d.is_internal:
        return None
    if d.source_line.rstrip().endswith("\\") and d.statement_line is not None:
        return d.statement_line
    return d.line


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], indent=2) + "\n"
