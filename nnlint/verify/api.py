"""`verify(target, options)`: lint, prepare each finding's two sides, run the child, assemble the report.

This module runs in the nnlint process and never imports a deep-learning framework.
"""

from __future__ import annotations

import ast
import os
import time

from . import catalog, experiments, file_facts, linting, verdicts
from .mapping import ModelMap
from .options import Options, Target, UsageError
from .runner import Limits, run_child

SCHEMA = "nnlint-verify/2"
EXECUTES = ("the file is executed: its top-level code runs once, in a temporary folder, up to what verify "
            "needs (the `__main__` block and top-level training/saving statements do not run)")


def verify(target: Target, options: Options) -> dict:
    """Verify the findings of `target`; returns the report (see `report.SCHEMA_JSON`)."""
    started = time.perf_counter()
    path = str(target.path)
    linted = linting.lint_file(path, options.findings, target.name)
    model_map = ModelMap(linted.tree)
    if target.name and target.name not in model_map.top_level_names():
        raise UsageError(f"{path}: no class, function or variable named {target.name!r} at the top level")
    facts = file_facts.describe(linted.facts)
    framework = facts.framework
    report = {
        "schema": SCHEMA, "target": str(target), "path": path, "framework": framework, "device": None,
        "versions": None, "seed": options.seed, "steps": options.steps, "fix_engine": linting.FIX_ENGINE,
        "executed": None, "findings": [], "overfit": [], "plot": None,
        "notes": [linted.note()] if linted.note() else [], "summary": {},
        "time": None, "seconds": 0.0, "exit_code": 0,
    }
    findings, sources = _prepare(linted, model_map, framework, facts.models)
    runnable = [f for f in findings if f["verdict"] is None]
    if framework is None and (runnable or options.overfit):
        report["notes"].append("no PyTorch, Keras or TensorFlow import in this file: nothing to run")
        runnable = []
    if framework == "jax" and (runnable or options.overfit):
        report["notes"].append("JAX/Flax models are not run by verify yet")
        for finding in runnable:
            _settle(finding, verdicts.SKIPPED, "verify does not run JAX/Flax models yet")
        runnable = []
    if runnable or (options.overfit and framework in ("torch", "keras", "tf1")):
        if options.overfit and "fixed" not in sources:
            fixed = linting.fixed_text(linted, None)
            if fixed != linted.text:
                sources["fixed"] = fixed
        request = _request(linted, facts, model_map, target, sources, runnable, options)
        run = run_child(request, Limits(options.timeout, options.memory_mb, options.file_size_mb))
        _collect(report, findings, run, options)
    elif options.plot:
        report["plot"] = {"path": options.plot, "written": False, "reason": "nothing was trained, so no curve"}
    report["findings"] = [{k: v for k, v in f.items() if k not in ("candidates", "variant", "baseline", "end_line",
                                                                     "end_column")}
                          for f in findings]
    linted.locate(report["findings"])  # a notebook's findings: in cells
    report["summary"] = summary(report)
    report["exit_code"] = exit_code(report)
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


# -- preparing the request ---------------------------------------------------------------------

def _prepare(linted: linting.LintedFile, model_map: ModelMap, framework: str | None,
             models: list[dict] = ()) -> tuple[list[dict], dict]:
    """One entry per finding, and the sources the child runs.

    A check of rule R with a fix compares a baseline with the fully fixed source ("fixed"). The
    baseline is the original, or, when the file has fixable findings of other rules too, the source
    with every fix except R's: so each verdict measures R's fix alone (an output ReLU left in place
    would otherwise decide the NN201 fit). A rule without a fix gets the verifier's own experimental
    edit, or is measured by training the same model two ways.
    """
    text = linted.text
    sources = {"original": text}
    findings = []
    alone: dict[str, str] = {}
    for index, d in enumerate(linted.diagnostics):
        finding = {"index": index, "code": d.code, "name": d.name, "line": d.line, "column": d.column,
                   "end_line": d.end_line, "end_column": d.end_column, "message": d.message, "verdict": None,
                   "reason": None, "checks": [], "baseline": "original", "variant": None,
                   "candidates": [c.to_json() for c in model_map.candidates(d.line)]}
        findings.append(finding)
        why = catalog.skip_reason(d.code, framework)
        if why is not None:
            _settle(finding, verdicts.SKIPPED, why)
            continue
        info = catalog.CHECKS[d.code]
        if linting.rule_has_fix(d.code) and d.code not in alone:
            alone[d.code] = linting.fixed_text(linted, [d.code])
        fixed = alone.get(d.code, text)
        if fixed != text and not _parses(fixed):
            _settle(finding, verdicts.ERROR, "the fixed source does not parse; this is a bug in the fix, please report it")
        elif fixed != text and not linting.still_found(linted, d, fixed):
            finding["variant"] = "fixed"
        elif info.sides == "fix":
            _settle(finding, verdicts.SKIPPED, "no automatic fix for this finding, so there is no fixed model to compare")
        elif info.sides == "experiment":
            finding["variant"] = "experiment"  # made below, once the baseline is known
    _roots_first(findings, list(models))
    others = {code for code, fixed in alone.items() if fixed != text}
    if others:
        sources["fixed"] = linting.fixed_text(linted, None)
    for finding in findings:
        code = finding["code"]
        if finding["verdict"] is not None or not others - {code}:
            continue
        if finding["variant"] == "fixed":
            key = f"without-{code}"
            if key not in sources:
                sources[key] = linting.fixed_text(linted, sorted(others - {code}))
            finding["baseline"] = key
            finding["baseline_fixes"] = sorted(others - {code})
        else:  # no fix of its own: measured on the model with every other rule's fix (a dead output would decide)
            finding["baseline"] = "fixed"
            model = _first_candidate(finding)
            same = {f["code"] for f in findings if f["code"] in others and _first_candidate(f) == model}
            finding["measured_with_fixes"] = sorted(same - {code})
    for finding in findings:
        if finding["variant"] != "experiment":
            continue
        base = finding["baseline"]
        key = f"experiment-{finding['code']}" + ("" if base == "original" else "-fixed")
        if key not in sources:  # every finding of the rule changed at once, as a fix would be
            spans = [(o.line, o.column, o.end_line, o.end_column)
                     for o in linting.findings_in(linted, sources[base], finding["code"])]
            edited = experiments.hidden_activation_to_relu(sources[base], spans) if spans else None
            sources[key] = edited if edited is not None and _parses(edited) else None
        if sources[key] is None:
            finding["variant"] = None
            _settle(finding, verdicts.SKIPPED, "the activation could not be swapped for ReLU at this spot")
        else:
            finding["variant"] = key
    sources = {key: source for key, source in sources.items() if source is not None}
    return findings, sources


def _first_candidate(finding: dict) -> str | None:
    return finding["candidates"][0]["name"] if finding["candidates"] else None


def _roots_first(findings: list[dict], models: list[dict]) -> None:
    """A finding's candidates that the analysis knows as whole models come before the others (a
    `decoder` Sequential used inside `autoencoder` is a part: `autoencoder` is the model)."""
    roots = {m["name"] for m in models}
    for finding in findings:
        finding["candidates"].sort(key=lambda c: c["name"] not in roots)


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _request(linted, facts, model_map, target: Target, sources: dict, runnable: list[dict], options: Options) -> dict:
    models = [{"name": target.name, "call": True}] if target.name else facts.models
    if not models:  # the analysis found none: every top-level class or assigned name may be one
        models = model_map.every_top_level_name()
    candidate_names = {c["name"] for f in runnable for c in f["candidates"]}
    if facts.models:  # the analysis knows the models: the other names a finding's statement mentions are data
        candidate_names &= {m["name"] for m in models}
    trained = {entry["bound"] for group in (facts.losses, facts.optimizers, facts.schedules) for entry in group
               if entry.get("bound")}
    needed = {m["name"] for m in models} | candidate_names | ({target.name} if target.name else set())
    module_level = {m["name"] for m in models if not m.get("call")} | {
        c["name"] for f in runnable for c in f["candidates"] if not c["call"]}
    return {
        "path": linted.path, "file": os.path.abspath(linted.path), "framework": facts.framework, "sources": sources,
        "target": target.name,
        "findings": [{k: f[k] for k in ("index", "code", "line", "end_line", "column", "end_column", "baseline",
                                        "variant", "candidates")} for f in runnable],
        "models": models, "needed": sorted(needed), "optional": sorted(trained - needed),
        "model_names": sorted(module_level),
        "facts": facts.to_json(),
        "options": {"device": options.device, "steps": options.steps, "seed": options.seed,
                    "input_shape": options.input_shape, "init_args": options.init_args,
                    "overfit": options.overfit, "plot": os.path.abspath(options.plot) if options.plot else None},
    }


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
    report["notes"].extend(result.get("notes") or [])
    program = result.get("program") or {}
    report["executed"] = {"statement": EXECUTES, "not_run": program.get("not_run", []),
                          "stopped": program.get("stopped"), "seconds": program.get("seconds"),
                          "variants": program.get("variants", {}), "files_written": run.workdir_files,
                          "processes_ended": run.killed, "output_bytes": run.output.total}
    times = result.get("time") or {}
    report["time"] = {"child": round(run.seconds, 2), "user_code": round(times.get("user", 0.0), 2),
                      "checks": round(times.get("nnlint", 0.0), 2)}
    by_index = {f["index"]: f for f in findings}
    for check in result.get("checks", []):
        for index in check["findings"]:
            by_index[index]["checks"].append({k: v for k, v in check.items() if k != "findings"})
    for index in result.get("other_models", []):
        _settle(by_index[index], verdicts.SKIPPED, "belongs to another model than the target")
    fatal = result.get("fatal")
    if fatal and fatal.get("verdict") == "usage":
        raise UsageError(fatal["reason"])
    timeout = _timeout_reason(run, options) if run.timed_out else None
    for finding in findings:
        if finding["verdict"] is not None:
            continue
        if finding["checks"]:
            worst = min(finding["checks"], key=lambda c: ORDER.get(c.get("verdict"), 0))
            _settle(finding, worst.get("verdict", verdicts.ERROR), worst.get("reason") or "no reason given")
        elif fatal:
            _settle(finding, fatal["verdict"], fatal["reason"])
            if fatal.get("trace"):
                finding["trace"] = fatal["trace"]
        elif timeout:
            _settle(finding, verdicts.ERROR, timeout)
        else:
            tail = [line for line in run.output.text().strip().splitlines() if line.strip()][-5:]
            _settle(finding, verdicts.ERROR, f"the verifier's child process ended (exit code {run.returncode}) "
                                             f"before checking this finding" + (": " + " | ".join(tail) if tail else ""))
    if fatal and (fatal.get("hint") or not findings):
        report["notes"].append(fatal["reason"])
    if timeout:
        report["notes"].append(timeout)
        if options.overfit and not report["overfit"]:
            report["overfit"].append({"model": None, "variant": "original", "verdict": verdicts.ERROR, "reason": timeout})
    if run.killed:
        report["notes"].append(f"ended {run.killed} process(es) the child left running")
    if run.workdir_files:
        shown = ", ".join(run.workdir_files[:5]) + (" ..." if len(run.workdir_files) > 5 else "")
        report["notes"].append(f"the file's code wrote {len(run.workdir_files)} file(s) in the temporary folder "
                               f"(removed): {shown}")


def _timeout_reason(run, options: Options) -> str:
    """Whose code was running when the time ran out: the file's, or nnlint's own checks."""
    progress = run.progress or {}
    limit = f"timed out after {options.timeout:g} s"
    totals = progress.get("totals") or {}
    spent = (f" (the file's code had taken {totals.get('user', 0):.1f} s, nnlint's checks "
             f"{totals.get('nnlint', 0):.1f} s)") if totals else ""
    if progress.get("owner") == "user":
        where = f" at line {progress['line']}" if progress.get("line") else ""
        return (f"{limit} while running the file's code{where} ({progress.get('phase')}){spent}: guard long-running "
                f"top-level code with `if __name__ == \"__main__\":`, or raise --timeout")
    if progress.get("owner") == "nnlint":
        return (f"{limit} during nnlint's own {progress.get('phase')}{spent}: not the file's fault; raise --timeout "
                f"or lower --steps")
    return f"{limit} before the file's code started (loading the framework)"


def summary(report: dict) -> dict:
    counts = {"confirmed": 0, "not_confirmed": 0, "skipped": 0, "error": 0}
    for finding in report["findings"]:
        key = str(finding.get("verdict")).replace(" ", "_")
        counts[key if key in counts else "error"] += 1
    counts["overfit_passed"] = sum(1 for e in report["overfit"] if e.get("verdict") == verdicts.PASSED)
    counts["overfit_failed"] = sum(1 for e in report["overfit"] if e.get("verdict") in (verdicts.FAILED, verdicts.ERROR))
    return counts


def exit_code(report: dict) -> int:
    """0: every checked finding confirmed (and every overfit test passed); 1: something was not; 2: the
    user must act (install a framework, give --input-shape or --init-args) before anything can be checked."""
    counts = report["summary"]
    if counts["not_confirmed"] or counts["error"] or counts["overfit_failed"]:
        return 1
    needs_user = any(c.get("needs") for f in report["findings"] for c in f["checks"]) or any(
        e.get("needs") for e in report["overfit"]) or any("pip install" in (f.get("reason") or "") for f in report["findings"])
    return 2 if needs_user else 0
