"""Printing a verify report: text for people, JSON (with its schema) for tools.

The text report reads every field defensively: whatever combination of verdicts, checks and missing
fields a report holds, it prints (a property test feeds it generated reports).
"""

from __future__ import annotations

import json
import math

from . import verdicts

MARK = {verdicts.CONFIRMED: "✓", verdicts.NOT_CONFIRMED: "✗", verdicts.SKIPPED: "-", verdicts.ERROR: "!",
        verdicts.PASSED: "✓", verdicts.FAILED: "✗"}
#: what the two sides of a check are, where they are not "original" and "fixed"
SIDE_NAMES = {"NN104": ("probability loss", "logits loss"), "NN111": ("original", "ReLU"),
              "NN402": ("no optimizer state", "with its state"), "NN501": ("scheduled", "constant lr"),
              "NN502": ("file's lr", "lr 1e-3"), "NN601": ("batch size 1", "batch of 16"),
              "NN701": ("raw 0-255", "scaled 0-1")}

_NUMBER = {"type": ["number", "null"]}
_CHECK = {
    "type": "object",
    "required": ["code", "model", "verdict", "reason"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "model": {"type": ["string", "null"]},
        "verdict": {"enum": list(verdicts.VERDICTS)},
        "reason": {"type": "string"},
        "input_shape": {"type": "array", "items": {"type": "integer"}},
        "input": {"type": "string"},
        "built": {"type": "string"},
        "metrics": {"type": "object"},
        "curves": {"type": "object", "additionalProperties": {"type": "array", "items": _NUMBER}},
        "panel": {"type": "object"},
        "trace": {"type": "string"},
        "needs": {"enum": ["init-args", "input-shape"]},
        "seconds": {"type": "number"},
    },
}
SCHEMA_JSON = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "nnlint verify report",
    "type": "object",
    "required": ["schema", "target", "path", "framework", "device", "seed", "steps", "executed", "findings",
                 "overfit", "summary", "exit_code", "seconds"],
    "properties": {
        "schema": {"const": "nnlint-verify/2"},
        "target": {"type": "string"},
        "path": {"type": "string"},
        "framework": {"enum": ["torch", "keras", "tf1", "jax", None]},
        "device": {"type": ["string", "null"]},
        "versions": {"type": ["string", "null"]},
        "seed": {"type": "integer"},
        "steps": {"type": "integer"},
        "fix_engine": {"type": ["string", "null"]},
        "executed": {"type": ["object", "null"], "properties": {
            "statement": {"type": "string"},
            "not_run": {"type": "array", "items": {"type": "string"}},
            "files_written": {"type": "array", "items": {"type": "string"}},
            "processes_ended": {"type": "integer"},
            "output_bytes": {"type": "integer"},
        }},
        "findings": {"type": "array", "items": {
            "type": "object",
            "required": ["code", "name", "line", "column", "message", "verdict", "reason", "checks"],
            "properties": {
                "code": {"type": "string", "pattern": "^NN[0-9]{3}$"},
                "line": {"type": "integer", "minimum": 1},
                "column": {"type": "integer", "minimum": 1},
                "verdict": {"enum": list(verdicts.VERDICTS)},
                "reason": {"type": "string"},
                "checks": {"type": "array", "items": _CHECK},
            },
        }},
        "overfit": {"type": "array", "items": {
            "type": "object", "required": ["model", "variant", "verdict", "reason"],
            "properties": {"verdict": {"enum": [verdicts.PASSED, verdicts.FAILED, verdicts.SKIPPED, verdicts.ERROR]},
                           "orders": _NUMBER, "gradient_norms": {"type": "object"},
                           "curve": {"type": "array", "items": _NUMBER}},
        }},
        "time": {"type": ["object", "null"]},
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
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _num(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_num(v) for v in value)
    return str(value)


def _mark(verdict) -> str:
    return MARK.get(verdict, "?")


def to_text(report: dict) -> str:
    out = []
    get = report.get
    about = f"device {get('device')}" if get("device") else "no model was run"
    if get("versions"):
        about += f"; {get('versions')}"
    out.append(f"nnlint verify {get('target', '?')} ({about}; seed {get('seed', '-')}, {get('steps', '-')} steps)")
    executed = get("executed") or {}
    if executed:
        out.append(f"note: {executed.get('statement') or 'the file is executed'}")
        for line in executed.get("not_run") or []:
            out.append(f"note: {line}")
    for note in get("notes") or []:
        out.append(f"note: {note}")
    findings = get("findings") or []
    if not findings:
        out.append("\nNo finding to verify" + ("." if get("overfit") else " (use --overfit to test every model anyway)."))
    shown: dict = {}
    for finding in findings:
        out.append("")
        cell = f"cell {finding['cell']}:" if finding.get("cell") else ""  # a notebook's finding
        out.append(f"{get('path', '?')}:{cell}{finding.get('line', '?')}:{finding.get('column', '?')}: "
                   f"{finding.get('code', '?')} {finding.get('name', '')}".rstrip())
        checks = [c for c in finding.get("checks") or [] if isinstance(c, dict)]
        ids = [c.get("id") for c in checks]
        if checks and all(i is not None and i in shown for i in ids):
            out.append(f"  {_mark(finding.get('verdict'))} {finding.get('verdict')}: the same check as line "
                       f"{shown[ids[0]]}")
            continue
        for check in checks:
            if check.get("id") is not None:
                shown.setdefault(check["id"], finding.get("line"))
            out.extend(_check_lines(check))
        measured = any(c.get("model") or c.get("metrics") for c in checks)
        if finding.get("baseline_fixes") and measured:
            out.append(f"    (both sides have the {', '.join(map(str, finding['baseline_fixes']))} fixes, so this "
                       f"compares the {finding.get('code')} fix alone)")
        elif finding.get("measured_with_fixes") and measured:
            out.append(f"    (measured on the model with the {', '.join(map(str, finding['measured_with_fixes']))} "
                       f"fixes applied, so the other findings do not decide it)")
        out.append(f"  {_mark(finding.get('verdict'))} {finding.get('verdict')}: {finding.get('reason')}")
        trace = finding.get("trace") or next((c["trace"] for c in checks if c.get("trace")), None)
        if trace:
            out.extend("    " + line for line in str(trace).splitlines())
    for entry in get("overfit") or []:
        if not isinstance(entry, dict):
            continue
        out.append("")
        out.append(f"overfit {entry.get('model')} [{entry.get('variant')}]: {_mark(entry.get('verdict'))} "
                   f"{entry.get('verdict')}: {entry.get('reason')}")
        details = [f"{key} {entry[key]}" for key in ("loss", "optimizer", "input") if entry.get(key)]
        if details:
            out.append("    " + "; ".join(details))
        if isinstance(entry.get("gradient_norms"), dict) and entry["gradient_norms"]:
            norms = ", ".join(f"{layer} {_num(norm)}" for layer, norm in entry["gradient_norms"].items())
            out.append(f"    gradient norms at step 0: {norms}")
        if entry.get("trace"):
            out.extend("    " + line for line in str(entry["trace"]).splitlines())
    plot = get("plot")
    if isinstance(plot, dict):
        out.append("")
        out.append(f"plot: wrote {plot.get('path')}" if plot.get("written") else
                   f"plot: not written ({plot.get('reason')})")
    counts = get("summary") or {}
    errors = counts.get("error", 0)
    line = (f"{counts.get('confirmed', 0)} confirmed, {counts.get('not_confirmed', 0)} not confirmed, "
            f"{counts.get('skipped', 0)} skipped, {errors} error{'s' if errors != 1 else ''}")
    if get("overfit"):
        line += f"; overfit: {counts.get('overfit_passed', 0)} passed, {counts.get('overfit_failed', 0)} failed"
    seconds = get("seconds")
    timing = f"{seconds:.1f} s" if isinstance(seconds, (int, float)) else "- s"
    times = get("time")
    if isinstance(times, dict) and times.get("child") is not None:
        timing += (f": your file's code {_num(times.get('user_code'))} s, nnlint's checks {_num(times.get('checks'))} s,"
                   f" the rest is starting Python and the framework")
    out.append("")
    out.append(f"{line} ({timing})")
    return "\n".join(out) + "\n"


def _check_lines(check: dict) -> list[str]:
    lines = []
    model = check.get("model")
    if model:
        about = f"  model {model}" + (f" ({check['model_kind']})" if check.get("model_kind") else "")
        if check.get("built"):
            about += f", built as {check['built']}"
        lines.append(about)
        shape = check.get("input_shape")
        if isinstance(shape, list):
            lines.append(f"    input {tuple(shape)}" + (f": {check['input']}" if check.get("input") else ""))
    metrics = check.get("metrics") if isinstance(check.get("metrics"), dict) else {}
    original, fixed = metrics.get("original"), metrics.get("fixed")
    names = SIDE_NAMES.get(check.get("code"), ("original", "fixed"))
    for key, value in metrics.items():
        if key not in ("original", "fixed") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            lines.append(f"    {key.replace('_', ' ')}: {_num(value)}")
    if isinstance(original, dict):
        other = fixed if isinstance(fixed, dict) else {}
        rows = [key for key in original if not isinstance(original[key], (dict, list, str))]
        rows += [key for key in other if key not in original and not isinstance(other[key], (dict, list, str))]
        for key in sorted({k for side in (original, other) for k, v in side.items() if isinstance(v, str)}):
            lines.append(f"    {key.replace('_', ' ')}: {original.get(key, '-')}"
                         + (f" ({names[0]}), {other.get(key, '-')} ({names[1]})" if key in other else ""))
        if rows:
            lines.append(f"    {'':<24}{names[0]:>18}" + (f"{names[1]:>18}" if other else ""))
            for key in rows:
                lines.append(f"    {key.replace('_', ' '):<24}{_num(original.get(key)):>18}"
                             + (f"{_num(other.get(key)):>18}" if other else ""))
        if isinstance(original.get("layer_std"), dict):
            after = other.get("layer_std") if isinstance(other.get("layer_std"), dict) else {}
            lines.append("    layer std      " + " ".join(_num(v) for v in original["layer_std"].values())
                         + ("  →  " + " ".join(_num(v) for v in after.values()) if after else ""))
        if isinstance(original.get("missing"), list):
            lines.append(f"    not saved (original): {', '.join(map(str, original['missing'])) or 'none'}")
            if isinstance(other.get("missing"), list):
                lines.append(f"    not saved (fixed):    {', '.join(map(str, other['missing'])) or 'none'}")
    if model or metrics:
        seconds = check.get("seconds")
        lines.append(f"    {_mark(check.get('verdict'))} {check.get('verdict')}"
                     + (f" ({seconds:.2f} s)" if isinstance(seconds, (int, float)) else ""))
    return lines
