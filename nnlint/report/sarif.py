"""SARIF 2.1.0, shaped for GitHub code scanning: every rule described under `tool.driver.rules`,
relative URIs against `%SRCROOT%`, and fingerprints that survive edits above a finding."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..fingerprint import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptors() -> list[dict]:
    from ..rules import ALL_RULES
    from . import docs_url

    descriptors = []
    for rule in ALL_RULES:
        doc = rule.documentation()
        descriptors.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": _plain(doc)},
            "help": {"text": _plain(doc), "markdown": doc},
            "helpUri": docs_url(rule.code),
            "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": not rule.opt_in},
            "properties": {"tags": ["deep-learning", rule.name], "fixable": rule.fixable},
        })
    descriptors.append({
        "id": "NN000",
        "name": "unparsable-file",
        "shortDescription": {"text": "file could not be read or parsed"},
        "fullDescription": {"text": "The file could not be read, decoded or parsed as Python, so it was not linted."},
        "help": {"text": "Fix the syntax or encoding error.", "markdown": "Fix the syntax or encoding error."},
        "helpUri": docs_url("NN000"),
        "defaultConfiguration": {"level": "error"},
    })
    return descriptors


def _plain(markdown: str) -> str:
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in markdown.splitlines())


def _uri(path: str) -> str:
    """A relative URI reference (against %SRCROOT%) or a file URI; spaces and the like percent-encoded."""
    return quote(Path(path).as_posix()) if not os.path.isabs(path) else Path(path).as_uri()


def render(diagnostics: list[Diagnostic], color: bool = False) -> str:
    rules = _rule_descriptors()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for d, fingerprint in zip(diagnostics, fingerprints(diagnostics)):
        location = {"artifactLocation": {"uri": _uri(d.path)}, "region": {
            "startLine": d.line, "startColumn": d.column, "endLine": d.end_line, "endColumn": d.end_column,
        }}
        if not os.path.isabs(d.path):
            location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
        result = {
            "ruleId": d.code,
            "ruleIndex": index.get(d.code, index["NN000"]),
            "level": _LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"nnlint/v1": fingerprint},
        }
        if d.fix is not None:
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
