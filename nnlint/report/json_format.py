"""`--output-format json`: a list of finding objects (stable keys; `fix` is null when there is none, and its
`edits` are null unless `--fix-edits` computed them)."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic


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
                 "end_location": {"row": e.end_line, "column": e.end_column}}
                for e in d.fix.edits
            ],
        }
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "filename": d.path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "fix": fix,
        "url": docs_url(d.code),
    }


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], indent=2) + "\n"
