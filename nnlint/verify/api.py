"""`verify(target, options)`: lint, fix in memory, run the child, and assemble the report.

This module runs in the nnlint process and never imports a deep-learning framework.
"""

from __future__ import annotations

import ast
import time

from ..config import ConfigError, resolve
from ..diagnostics import Diagnostic, Severity
from ..engine import Linter, is_notebook, lint_source
from ..selection import Selection
from ..document import Document, SourceError, read_bytes
from . import verdicts
from .fixing import fixed_source
from .mapping import ModelMap
from .options import Options, Target, UsageError
from .runner import run_child

CHECKED = {"NN101": "output range and fit below it", "NN201": "fit at the all-zero input",
           "NN301": "signal through depth and steps to fit", "NN401": "what each Saver saves"}
SCHEMA = "nnlint-verify/1"


def verify(target: Target, options: Options) -> dict:
    """Verify the findings of `target`; returns the report (see `report.SCHEMA_JSON`)."""
    started = time.perf_counter()
    path = str(target.path)
    program = _notebook(path, target.name, options) if is_notebook(path) else None
    try:
        text = Document.read(path).text if program is None else program.text
    except SourceError as error:
        raise UsageError(f"{path}: {error.message}") from None
    try:
        model_map = ModelMap(text)
    except SyntaxError as error:
        raise UsageError(f"{path}:{error.lineno}: the file does not parse ({error.msg})") from None
    if target.name and target.name not in model_map.top_level_names():
        raise UsageError(f"{path}: no class, function or variable named {target.name!r} at the top level")
    diagnostics = program.diagnostics if program and options.findings is None else _diagnostics(path, text, options)
    framework = detect_framework(text, diagnostics)
    report = {
        "schema": SCHEMA, "target": str(target), "path": path, "framework": framework, "device": None,
        "versions": None, "seed": options.seed, "steps": options.steps, "fix_engine": None,
        "findings": [], "overfit": [], "plot": None, "notes": [program.note()] if program else [], "summary": {},
        "seconds": 0.0, "exit_code": 0,
    }
    findings, sources = _prepare(path, text, diagnostics, model_map, report)
    runnable = [f for f in findings if f["verdict"] is None]
    if framework is None and (runnable or options.overfit):
        report["notes"].append("no PyTorch, Keras or TensorFlow import in this file: nothing to run")
        for finding in runnable:
            _settle(finding, verdicts.SKIPPED, "the file imports no supported framework")
        runnable = []
    if runnable or options.overfit and framework not in (None, "tf1"):
        if options.overfit and "fixed" not in sources:
            fixed = fixed_source(text, path, None).text
            if fixed != text:
                sources["fixed"] = fixed
        request = {
            "path": path, "framework": framework, "sources": sources, "target": target.name,
            "findings": [{k: f[k] for k in ("index", "code", "line", "baseline", "variant", "candidates")}
                         for f in runnable],
            "models": _models(model_map, target.name),
            "options": {"device": options.device, "steps": options.steps, "seed": options.seed,
                        "input_shape": options.input_shape, "init_args": options.init_args,
                        "overfit": options.overfit and framework != "tf1", "plot": options.plot},
        }
        _collect(report, findings, run_child(request, options.timeout), options)
    elif options.plot:
        report["plot"] = {"path": options.plot, "written": False, "reason": "nothing was trained, so no curve"}
    report["findings"] = [{k: v for k, v in f.items() if k not in ("candidates", "variant", "baseline")}
                          for f in findings]
    if program is not None:  # lines of the program become cells and lines within them
        program.locate(report["findings"])
    report["summary"] = summary(report)
    report["exit_code"] = exit_code(report)
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


# -- preparing the request ---------------------------------------------------------------------

def _notebook(path: str, name: str | None, options: Options):
    """A notebook's program: its code cells up to the model (see `nnlint.notebook.program`)."""
    from ..notebook import NotebookError
    from ..notebook.program import ProgramError, program

    try:
        diagnostics = [] if options.findings is not None else Linter(resolve(None, [path])).lint_file(path)
        return program(read_bytes(path), path, name, diagnostics)
    except (SourceError, NotebookError, ProgramError, ConfigError) as error:
        raise UsageError(f"{path}: {getattr(error, 'message', error)}") from None


def _diagnostics(path: str, text: str, options: Options) -> list[Diagnostic]:
    if options.findings is not None:  # driven directly (a check whose rule is not in the linter yet)
        lines = text.splitlines()
        from ..rules import RULES_BY_CODE

        names = {"NN401": "saver-before-optimizer-slots", **{code: r.name for code, r in RULES_BY_CODE.items()}}
        return [Diagnostic(f["code"], f.get("name", names.get(f["code"], f["code"].lower())), Severity.ERROR, f.get("message", ""),
                           path, f["line"], f.get("column", 1), f["line"], f.get("column", 1),
                           source_line=lines[f["line"] - 1] if 0 < f["line"] <= len(lines) else "")
                for f in options.findings]
    try:
        config = resolve(None, [path])
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    diagnostics = Linter(config).lint_file(path)
    broken = next((d for d in diagnostics if d.code == "NN000"), None)
    if broken is not None:
        raise UsageError(f"{path}:{broken.line}: {broken.message}")
    return diagnostics


def detect_framework(text: str, diagnostics: list[Diagnostic]) -> str | None:
    """torch, keras (Keras or tf.keras models) or tf1 (graph-mode scripts), from the imports."""
    tree = ast.parse(text)
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    if "torch" in roots:
        return "torch"
    if "tensorflow" in roots or "keras" in roots:
        graph_mode = any(marker in text for marker in ("compat.v1", "placeholder(", "Session(", "disable_v2_behavior"))
        if graph_mode or any(d.code == "NN401" for d in diagnostics):
            return "tf1"
        return "keras"
    return None


def _prepare(path, text, diagnostics, model_map, report) -> tuple[list[dict], dict]:
    """One entry per finding, and the sources the child imports.

    A check of rule R compares a baseline with the fully fixed source ("fixed": every fix applied).
    The baseline is the original, or, when the file has findings of other rules too, the source with
    every fix except R's: so each verdict measures R's fix alone (an output ReLU left in place would
    otherwise decide the NN201 fit).
    """
    sources = {"original": text}
    findings = []
    alone: dict[str, str] = {}
    for index, d in enumerate(sorted(diagnostics, key=Diagnostic.sort_key)):
        finding = {"index": index, "code": d.code, "name": d.name, "line": d.line, "column": d.column,
                   "message": d.message, "verdict": None, "reason": None, "checks": [],
                   "baseline": "original", "variant": "fixed",
                   "candidates": [c.to_json() for c in model_map.candidates(d.line)]}
        findings.append(finding)
        if d.code not in CHECKED:
            _settle(finding, verdicts.SKIPPED, f"no run-time check exists for {d.code}")
            continue
        if d.code not in alone:
            fixed = fixed_source(text, path, [d.code])
            report["fix_engine"] = fixed.engine
            alone[d.code] = fixed.text
        try:
            ast.parse(alone[d.code])
        except SyntaxError as error:
            _settle(finding, verdicts.ERROR, f"the fixed source does not parse (line {error.lineno}: {error.msg}); "
                                             f"this is a bug in the fix, please report it")
            continue
        if alone[d.code] == text or _still_there(d, alone[d.code], path):
            _settle(finding, verdicts.SKIPPED, "no automatic fix for this finding, so there is no fixed model to compare")
    fixable = sorted({f["code"] for f in findings if f["verdict"] is None})
    if fixable:
        sources["fixed"] = fixed_source(text, path, None).text
    others = {code for code, fixed in alone.items() if fixed != text}
    for finding in findings:
        code = finding["code"]
        if finding["verdict"] is not None or not others - {code}:
            continue
        key = f"without-{code}"
        if key not in sources:
            sources[key] = fixed_source(text, path, sorted(others - {code})).text
        finding["baseline"] = key
        finding["baseline_fixes"] = sorted(others - {code})
    return findings, sources


def _still_there(d: Diagnostic, fixed_text: str, path: str) -> bool:
    if d.code == "NN401":  # the rule may not be in the linter yet: trust the move
        return False
    after = lint_source(fixed_text, path, Selection(select=[d.code]))
    return any(a.code == d.code and a.source_line.strip() == d.source_line.strip() for a in after)


def _models(model_map: ModelMap, target: str | None) -> list[dict]:
    """What the overfit test and the single-model fallback may build: the target, or every top-level name."""
    if target:
        return [{"name": target, "call": True}]
    names = []
    for stmt in model_map.body:
        if isinstance(stmt, ast.ClassDef):
            names.append({"name": stmt.name, "call": True})
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names += [{"name": t.id, "call": False} for t in targets if isinstance(t, ast.Name)]
    return names


# -- reading the child's result ------------------------------------------------------------------

def _settle(finding: dict, verdict: str, reason: str) -> None:
    finding["verdict"], finding["reason"] = verdict, reason


ORDER = {verdicts.ERROR: 0, verdicts.NOT_CONFIRMED: 1, verdicts.CONFIRMED: 2, verdicts.SKIPPED: 3}


def _collect(report: dict, findings: list[dict], run, options: Options) -> None:
    result = run.result or {}
    report["device"] = result.get("device")
    report["versions"] = result.get("versions")
    report["overfit"] = result.get("overfit", [])
    report["plot"] = result.get("plot")
    by_index = {f["index"]: f for f in findings}
    for check in result.get("checks", []):
        for index in check["findings"]:
            by_index[index]["checks"].append({k: v for k, v in check.items() if k != "findings"})
    for index in result.get("other_models", []):
        _settle(by_index[index], verdicts.SKIPPED, "belongs to another model than the target")
    fatal = result.get("fatal")
    if fatal and fatal.get("verdict") == "usage":
        raise UsageError(fatal["reason"])
    for finding in findings:
        if finding["verdict"] is not None:
            continue
        if finding["checks"]:
            worst = min(finding["checks"], key=lambda c: ORDER[c["verdict"]])
            _settle(finding, worst["verdict"], worst["reason"])
        elif fatal:
            _settle(finding, fatal["verdict"], fatal["reason"])
            if fatal.get("trace"):
                finding["trace"] = fatal["trace"]
        elif run.timed_out:
            _settle(finding, verdicts.ERROR,
                    f"timed out after {options.timeout:g} s: the file's code did not finish (guard long-running "
                    f"code with `if __name__ == \"__main__\":`, or raise --timeout)")
        else:
            tail = run.output.strip().splitlines()[-5:]
            _settle(finding, verdicts.ERROR, f"the verifier's child process ended (exit code {run.returncode}) "
                                             f"before checking this finding" + (": " + " | ".join(tail) if tail else ""))
    if fatal and fatal.get("hint"):
        report["notes"].append(fatal["reason"])
    if fatal and fatal.get("verdict") == verdicts.ERROR and not findings:
        report["notes"].append(fatal["reason"])
    if run.timed_out:
        report["notes"].append(f"timed out after {options.timeout:g} s; the child process was stopped")
        if options.overfit and not report["overfit"]:
            report["overfit"].append({"model": None, "variant": "original", "verdict": verdicts.ERROR,
                                      "reason": f"timed out after {options.timeout:g} s"})


def summary(report: dict) -> dict:
    counts = {"confirmed": 0, "not_confirmed": 0, "skipped": 0, "error": 0}
    for finding in report["findings"]:
        counts[finding["verdict"].replace(" ", "_")] += 1
    counts["overfit_passed"] = sum(1 for e in report["overfit"] if e["verdict"] == verdicts.PASSED)
    counts["overfit_failed"] = sum(1 for e in report["overfit"] if e["verdict"] in (verdicts.FAILED, verdicts.ERROR))
    return counts


def exit_code(report: dict) -> int:
    """0: every checked finding confirmed (and every overfit test passed); 1: something was not; 2: the
    user must act (install a framework, give --input-shape or --init-args) before anything can be checked."""
    counts = report["summary"]
    if counts["not_confirmed"] or counts["error"] or counts["overfit_failed"]:
        return 1
    needs_user = any(c.get("needs") for f in report["findings"] for c in f["checks"]) or any(
        e.get("needs") for e in report["overfit"]) or any("pip install" in (f["reason"] or "") for f in report["findings"])
    return 2 if needs_user else 0
