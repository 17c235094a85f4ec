"""SARIF 2.1.0, shaped for GitHub code scanning: every rule described under `tool.driver.rules`,
relative URIs against `%SRCROOT%`, and fingerprints that survive edits above a finding.

A notebook finding's region is its place in the `.ipynb` file's JSON text (what code scanning shows as the
snippet); the message starts with `cell N:line:col:`, and `properties` hold `cell`, `cellLine` and
`cellColumn`. SARIF has no notion of a notebook cell, and a fix edits cell sources rather than the file's
text, so notebook findings carry no `fixes`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..diagnostics import INTERNAL_CODE, UNPARSABLE_NAME, Diagnostic, Severity
from ..fingerprint import fingerprints
from .location import cell_position, file_region

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


_NN000_DOC = """## What it does
Reports a file that could not be read, decoded or parsed as Python: a syntax error (at its line and
column), bytes that are not valid in the file's encoding, a binary file, a file without read permission.

## Why it matters
The file was not linted at all, so nothing in it was checked; NN000 cannot be selected away, so an
unreadable file never looks clean.

## Use instead
Fix the syntax or encoding error, or exclude the file."""

#: GitHub code scanning shows at most this many characters of a rule's `fullDescription`
_DESCRIPTION_LIMIT = 1024


def _descriptor(code: str, name: str, summary: str, doc: str, level: str, enabled: bool, fixable: bool) -> dict:
    from .urls import docs_url

    url = docs_url(code)
    markdown = f"{doc}\n\n[{code} {name} in the nnlint documentation]({url})"
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _description(doc, summary)},
        "help": {"text": _plain(markdown), "markdown": markdown},
        "helpUri": url,
        "defaultConfiguration": {"level": level, "enabled": enabled},
        "properties": {"tags": ["deep-learning", name], "fixable": fixable},
    }


def _rule_descriptors() -> list[dict]:
    from ..rules import ALL_RULES

    descriptors = [_descriptor(rule.code, rule.name, rule.summary, rule.documentation(), _LEVEL[rule.severity],
                               not rule.opt_in, rule.fixable) for rule in ALL_RULES]
    descriptors.append(_descriptor(INTERNAL_CODE, UNPARSABLE_NAME, "file could not be read or parsed", _NN000_DOC,
                                   "error", True, False))
    return descriptors


def _sections(doc: str) -> dict[str, str]:
    """A rule docstring's `## Heading` sections, by heading."""
    sections: dict[str, list[str]] = {}
    current: list[str] = sections.setdefault("", [])
    for line in doc.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        else:
            current.append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in sections.items()}


def _description(doc: str, summary: str) -> str:
    """What the rule does and why, as plain text, within GitHub's limit (cut at a word, marked with …)."""
    sections = _sections(doc)
    parts = [sections.get("What it does", ""), sections.get("Why it matters", "")]
    text = " ".join(" ".join(part.split()) for part in parts if part) or summary
    if len(text) > _DESCRIPTION_LIMIT:
        text = text[: _DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _plain(markdown: str) -> str:
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in markdown.splitlines())


def _uri(path: str) -> str:
    """A relative URI reference (against %SRCROOT%) or a file URI; spaces and the like percent-encoded."""
    # bytes, so that a name that is not UTF-8 is percent-encoded byte for byte (`bad%FF.py`)
    return quote(os.fsencode(Path(path).as_posix())) if not os.path.isabs(path) else Path(path).as_uri()


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    rules = _rule_descriptors()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics)):
        line, column, end_line, end_column = file_region(d)
        location = {"artifactLocation": {"uri": _uri(d.path)}, "region": {
            "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
        }}
        if not os.path.isabs(d.path):
            location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
        result = {
            "ruleId": d.code,
            "ruleIndex": index.get(d.code, index[INTERNAL_CODE]),
            "level": _LEVEL[d.severity],
            "message": {"text": f"{cell_position(d)}: {d.message}" if d.cell is not None else d.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"nnlint/v1": fingerprint},
        }
        if d.cell is not None:
            result["properties"] = {"cell": d.cell, "cellLine": d.line, "cellColumn": d.column}
        # edits are computed with --fix-edits; a notebook's fix edits its cells, not the file's JSON text
        if d.fix is not None and d.fix.edits is not None and d.cell is None:
            result["fixes"] = [{
                "description": {"text": d.fix.message},
                "artifactChanges": [{
                    "artifactLocation": location["artifactLocation"],
                    "replacements": [{
                        "deletedRegion": {"startLine": e.line, "startColumn": e.column,
                                          "endLine": e.end_line, "endColumn": e.end_column},
                        "insertedContent": {"text": e.content},
                    } for e in d.fix.edits],
                }],
            }]
        results.append(result)
    run = {
        "tool": {"driver": {
            "name": "nnlint",
            "version": __version__,
            "informationUri": "https://github.com/nnlint/nnlint",
            "rules": rules,
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"
