"""Printing a verify report: text for people, JSON (with its schema) for tools."""

from __future__ import annotations

import json
import math

from . import verdicts

MARK = {verdicts.CONFIRMED: "✓", verdicts.NOT_CONFIRMED: "✗", verdicts.SKIPPED: "-", verdicts.ERROR: "!",
        verdicts.PASSED: "✓", verdicts.FAILED: "✗"}

_NUMBER = {"type": ["number", "null"]}
SCHEMA_JSON = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "nnlint verify report",
    "type": "object",
    "required": ["schema", "target", "path", "framework", "device", "seed", "steps", "findings", "overfit",
                 "summary", "exit_code", "seconds"],
    "properties": {
        "schema": {"const": "nnlint-verify/1"},
        "target": {"type": "string"},
        "path": {"type": "string"},
        "framework": {"enum": ["torch", "keras", "tf1", None]},
        "device": {"type": ["string", "null"]},
        "versions": {"type": ["string", "null"]},
        "seed": {"type": "integer"},
        "steps": {"type": "integer"},
        "fix_engine": {"type": ["string", "null"]},
        "findings": {"type": "array", "items": {
            "type": "object",
            "required": ["code", "name", "line", "column", "message", "verdict", "reason", "checks"],
            "properties": {
                "code": {"type": "string", "pattern": "^NN[0-9]{3}$"},
                "line": {"type": "integer", "minimum": 1},
                "column": {"type": "integer", "minimum": 1},
                "verdict": {"enum": list(verdicts.VERDICTS)},
                "reason": {"type": "string"},
                "checks": {"type": "array", "items": {
                    "type": "object",
                    "required": ["code", "model", "verdict", "reason"],
                    "properties": {
                        "model": {"type": ["string", "null"]},
                        "verdict": {"enum": list(verdicts.VERDICTS)},
                        "input_shape": {"type": "array", "items": {"type": "integer"}},
                        "metrics": {"type": "object"},
                        "curves": {"type": "object", "additionalProperties": {"type": "array", "items": _NUMBER}},
                        "trace": {"type": "string"},
                        "seconds": {"type": "number"},
                    },
                }},
            },
        }},
        "overfit": {"type": "array", "items": {
            "type": "object", "required": ["model", "variant", "verdict", "reason"],
            "properties": {"verdict": {"enum": [verdicts.PASSED, verdicts.FAILED, verdicts.SKIPPED, verdicts.ERROR]},
                           "orders": _NUMBER, "gradient_norms": {"type": "object"}},
        }},
        "summary": {"type": "object", "required": ["confirmed", "not_confirmed", "skipped", "error"],
                    "additionalProperties": {"type": "integer"}},
        "exit_code": {"enum": [0, 1, 2]},
        "seconds": {"type": "number"},
    },
}


def to_json(report: dict) -> str:
    """JSON with NaN/Inf written as null, so any JSON parser reads it."""
    return json.dumps(_clean(report), indent=2) + "\n"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _num(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def to_text(report: dict) -> str:
    out = []
    about = f"device {report['device']}" if report["device"] else "no model was run"
    if report.get("versions"):
        about += f"; {report['versions']}"
    out.append(f"nnlint verify {report['target']} ({about}; seed {report['seed']}, {report['steps']} steps)")
    for note in report["notes"]:
        out.append(f"note: {note}")
    if not report["findings"]:
        out.append("\nNo finding to verify" + ("." if report["overfit"] else
                                              " (use --overfit to test every model anyway)."))
    shown: dict = {}
    for finding in report["findings"]:
        out.append("")
        cell = f"cell {finding['cell']}:" if finding.get("cell") else ""  # a notebook's finding
        out.append(f"{report['path']}:{cell}{finding['line']}:{finding['column']}: {finding['code']} {finding['name']}")
        same = [shown[c["id"]] for c in finding["checks"] if c.get("id") in shown]
        if same and len(same) == len(finding["checks"]):
            out.append(f"  {MARK[finding['verdict']]} {finding['verdict']}: the same check as line {same[0]}")
            continue
        for check in finding["checks"]:
            shown.setdefault(check.get("id"), finding["line"])
            out.extend(_check_lines(check))
        if finding.get("baseline_fixes") and finding["checks"]:
            out.append(f"    (both sides have the {', '.join(finding['baseline_fixes'])} fixes, so this compares "
                       f"the {finding['code']} fix alone)")
        out.append(f"  {MARK[finding['verdict']]} {finding['verdict']}: {finding['reason']}")
        trace = finding.get("trace") or next((c["trace"] for c in finding["checks"] if c.get("trace")), None)
        if trace:
            out.extend("    " + line for line in trace.splitlines())
    for entry in report["overfit"]:
        out.append("")
        out.append(f"overfit {entry['model']} [{entry['variant']}]: {MARK.get(entry['verdict'], '?')} "
                   f"{entry['verdict']}: {entry['reason']}")
        if entry.get("gradient_norms"):
            norms = ", ".join(f"{layer} {_num(norm)}" for layer, norm in entry["gradient_norms"].items())
            out.append(f"    gradient norms at step 0: {norms}")
        if entry.get("trace"):
            out.extend("    " + line for line in entry["trace"].splitlines())
    if report.get("plot"):
        plot = report["plot"]
        out.append("")
        out.append(f"plot: wrote {plot['path']}" if plot.get("written") else f"plot: not written ({plot['reason']})")
    counts = report["summary"]
    line = (f"{counts['confirmed']} confirmed, {counts['not_confirmed']} not confirmed, {counts['skipped']} skipped, "
            f"{counts['error']} error{'s' if counts['error'] != 1 else ''}")
    if report["overfit"]:
        line += f"; overfit: {counts['overfit_passed']} passed, {counts['overfit_failed']} failed"
    out.append("")
    out.append(f"{line} ({report['seconds']:.1f} s)")
    return "\n".join(out) + "\n"


def _check_lines(check: dict) -> list[str]:
    lines = []
    model = check.get("model")
    if model:
        shape = check.get("input_shape")
        lines.append(f"  model {model}" + (f" ({check['model_kind']})" if check.get("model_kind") else "")
                     + (f", input shape {tuple(shape)}" if shape else ""))
    metrics = check.get("metrics") or {}
    original, fixed = metrics.get("original"), metrics.get("fixed")
    if original and fixed:
        rows = [key for key in original if key in fixed and not isinstance(original[key], (dict, list))]
        if rows:
            lines.append(f"    {'':<16}{'original':>14}{'fixed':>14}")
            lines.extend(f"    {key:<16}{_num(original[key]):>14}{_num(fixed[key]):>14}" for key in rows)
        if "layer_std" in original:
            lines.append("    layer std     " + " ".join(_num(v) for v in original["layer_std"].values())
                         + "  →  " + " ".join(_num(v) for v in fixed["layer_std"].values()))
        if "missing" in original:
            lines.append(f"    not saved (original): {', '.join(original['missing']) or 'none'}")
            lines.append(f"    not saved (fixed):    {', '.join(fixed['missing']) or 'none'}")
    if len(lines) or check.get("verdict"):
        if model or metrics:
            lines.append(f"    {MARK[check['verdict']]} {check['verdict']}" + (
                f" ({check['seconds']:.2f} s)" if check.get("seconds") is not None else ""))
    return lines
