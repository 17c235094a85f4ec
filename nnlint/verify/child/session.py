"""One child run: execute the file, build the models, run each finding's check and the overfit test.

The result file is rewritten after every check, so a timeout still leaves the checks that finished.
"""

from __future__ import annotations

import json
import os
import time
import traceback

from .. import verdicts
from .building import NeedsArguments, NotAModel, build
from .program import Program, UserError, user_traceback

HINTS = {"torch": 'pip install "nnlint[torch]"', "keras": 'pip install "nnlint[tensorflow]"',
         "tf1": 'pip install "nnlint[tensorflow]"', "matplotlib": 'pip install "nnlint[plot]"'}


class Progress:
    """Who is running what, written where the parent finds it when time runs out."""

    def __init__(self, path: str | None):
        self.path = path
        self.started = time.monotonic()
        self.state: dict = {}
        self.totals = {"user": 0.0, "nnlint": 0.0}
        self._since = time.monotonic()

    def current_totals(self) -> dict:
        """Seconds spent so far in the user's code and in nnlint's checks, the running phase included."""
        totals = dict(self.totals)
        owner = self.state.get("owner")
        if owner in totals:
            totals[owner] += time.monotonic() - self._since
        return {k: round(v, 3) for k, v in totals.items()}

    def update(self, **state) -> None:
        now = time.monotonic()
        owner = self.state.get("owner")
        if owner in self.totals:
            self.totals[owner] += now - self._since
        self._since = now
        self.state = dict(state, seconds=round(now - self.started, 3), totals={k: round(v, 3) for k, v in self.totals.items()})
        if self.path:
            temporary = self.path + ".tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(self.state, handle)
            os.replace(temporary, self.path)


class Session:
    def __init__(self, request: dict, result_path: str):
        self.request = request
        self.options = request["options"]
        self.facts = request.get("facts", {})
        self.result_path = result_path
        self.result = {"device": None, "versions": None, "checks": [], "overfit": [], "fatal": None, "plot": None,
                       "program": None, "done": False}
        self.progress = Progress(request.get("progress_path"))
        self.program: Program | None = None
        self.backend = None
        self.built: dict = {}
        self.root_failures: list = []

    def save(self) -> None:
        if self.program is not None:
            self.result["program"] = self.program.summary()
        self.result["time"] = self.progress.current_totals()
        temporary = self.result_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.result, handle, allow_nan=True)
        os.replace(temporary, self.result_path)

    # -- models ------------------------------------------------------------------------------------
    def start(self, backend, stop=None) -> None:
        self.backend = backend
        request = self.request
        self.program = Program(request["path"], request["file"], request["sources"], set(request["needed"]),
                               set(request["model_names"]), self.options["seed"], backend, self.progress, stop,
                               set(request.get("optional", ())))
        self.program.namespace("original")
        self.save()

    def model(self, key: str, handle: dict, spec: dict | None = None):
        """The model `handle` names in the source `key` (built once, cached; errors cached too)."""
        cache_key = (key, handle["name"])
        if cache_key not in self.built:
            try:
                space = self.program.namespace(key)
                self.built[cache_key] = build(space, handle, self.backend, self.options["seed"],
                                              self.options["init_args"] if handle.get("call") else None, self.progress)
            except (NotAModel, NeedsArguments, UserError) as exc:
                self.built[cache_key] = exc
        value = self.built[cache_key]
        if isinstance(value, Exception):
            raise value
        return value

    def resolve(self, candidates: list[dict]):
        """The first candidate that is a model in the original source: (handle, built) or (None, why)."""
        reasons = []
        for candidate in candidates:
            try:
                return candidate, self.model("original", candidate)
            except NotAModel:
                continue
            except (NeedsArguments, UserError) as exc:
                reasons.append(exc)
        return None, (reasons[0] if reasons else None)

    def roots(self, report: bool = True) -> list:
        """Every model in the file (or the target), none that is a part of another, and no class when an
        instance or a factory already gives a model of that class. Failures are reported only when no
        model could be built at all."""
        target = self.request["target"]
        handles = [{"name": target, "call": True}] if target else self.request["models"]
        found, failures = [], []
        for handle in handles:
            try:
                found.append((handle, self.model("original", handle).model))
            except (NotAModel, NeedsArguments, UserError) as exc:
                if isinstance(exc, (UserError, NeedsArguments)):
                    failures.append((handle, exc))
        self.root_failures = failures
        if report and not found:
            for handle, exc in failures:
                self.result["overfit"].append({
                    "model": handle["name"], "variant": "original",
                    "verdict": verdicts.ERROR if isinstance(exc, UserError) else verdicts.SKIPPED,
                    "reason": str(exc), "trace": getattr(exc, "trace", None),
                    "needs": "init-args" if isinstance(exc, NeedsArguments) else None})
        parts = set()
        for _, model in found:
            parts.update(id(part) for part in self.backend.parts(model))
        roots, seen, types = [], set(), set()
        for handle, model in found:
            if id(model) in parts or id(model) in seen:
                continue
            if handle.get("call") and handle.get("kind") != "factory" and type(model) in types:
                continue  # a class whose instance (or factory) is already here
            seen.add(id(model))
            types.add(type(model))
            roots.append((handle, model))
        return roots

    # -- checks ------------------------------------------------------------------------------------
    def run_models(self) -> None:
        from . import checks
        from .fitting import Case

        groups: dict = {}
        target = self.request["target"]
        for finding in self.request["findings"]:
            candidate, built = self.resolve(finding["candidates"])
            if target is not None:
                names = [c["name"] for c in finding["candidates"]]
                if candidate is not None and candidate["name"] != target and target not in names:
                    self.result.setdefault("other_models", []).append(finding["index"])
                    continue
                candidate, built = self.resolve([{"name": target, "call": True}])
            elif candidate is None and built is None:
                roots = self.roots(report=False)
                if len(roots) == 1:
                    candidate = roots[0][0]
                elif not roots and self.root_failures:  # the file's only models need arguments, or raise
                    built = self.root_failures[0][1]
            if candidate is None:
                self.add_check(finding, None, *self.unresolved(built))
                continue
            key = (finding["code"], candidate["name"], finding["baseline"], finding["variant"])
            groups.setdefault(key, (candidate, []))[1].append(finding)
        for (code, name, baseline, variant), (candidate, findings) in groups.items():
            started = time.perf_counter()
            entry = {"id": len(self.result["checks"]), "findings": [f["index"] for f in findings], "code": code,
                     "model": name}

            def check(entry=entry, candidate=candidate, code=code, baseline=baseline, variant=variant,
                      findings=findings):
                sides = {"original": baseline} if variant is None else {"original": baseline, "fixed": variant}
                built = {side: self.model(key, candidate) for side, key in sides.items()}
                spec = self.backend.input_spec(built["original"].model, self.options["input_shape"])
                models = {side: self.backend.prepare(b.model, spec) for side, b in built.items()}
                entry.update(model_kind=self.backend.kind(models["original"]), input_shape=spec["shape"],
                             input=spec["inferred"], built=built["original"].how)
                self.progress.update(phase=f"{code} check on {name}", owner="nnlint", line=findings[0]["line"])
                case = Case(self.backend, code, findings[0], models,
                            {side: self.program.namespace(key) for side, key in sides.items()}, spec,
                            self.options["steps"], self.options["seed"], self.facts)
                entry.update(checks.CHECKS[code](case))

            before = self.progress.current_totals()
            self.attempt(entry, check)
            after = self.progress.current_totals()
            entry["seconds"] = round(time.perf_counter() - started, 3)
            entry["time"] = {"building": round(after["user"] - before["user"], 3),
                             "measuring": round(after["nnlint"] - before["nnlint"], 3)}
            self.progress.update(phase="work between checks", owner="nnlint", line=None)
            self.result["checks"].append(entry)
            self.save()
        if self.options["overfit"]:
            self.run_overfit()

    def unresolved(self, reason) -> tuple[str, str, str | None]:
        if isinstance(reason, UserError):
            return verdicts.ERROR, str(reason), reason.trace
        if isinstance(reason, NeedsArguments):
            return verdicts.SKIPPED, str(reason), None
        return (verdicts.SKIPPED, "could not tell which model this finding belongs to; name it as "
                "file.py::ModelOrFactory", None)

    def attempt(self, entry: dict, check) -> None:
        """Run one check; what it raises becomes the entry's verdict (an error in the user's code, a skip
        that says what to give, or an internal error of nnlint's, said as such)."""
        try:
            check()
        except UserError as exc:
            entry.update(verdict=verdicts.ERROR, reason=str(exc), trace=exc.trace)
        except NeedsArguments as exc:
            entry.update(verdict=verdicts.SKIPPED, reason=str(exc), needs="init-args")
        except NotAModel as exc:
            entry.update(verdict=verdicts.SKIPPED, reason=str(exc))
        except Exception as exc:
            entry.update(self.classify(exc))

    def classify(self, exc: Exception) -> dict:
        """A missing input shape is a skip; an exception raised in the user's code is the user's (with its
        frames); anything else is nnlint's own failure, reported with its whole traceback."""
        if type(exc).__name__ == "NeedsInputShape":
            return {"verdict": verdicts.SKIPPED, "reason": str(exc), "needs": "input-shape"}
        labels = self.program.labels() if self.program else set()
        frames = traceback.extract_tb(exc.__traceback__)
        if any(frame.filename in labels for frame in frames):
            return {"verdict": verdicts.ERROR, "reason": f"running the model raised {type(exc).__name__}: {exc}",
                    "trace": user_traceback(exc, labels)}
        return {"verdict": verdicts.ERROR, "reason": f"internal error in nnlint verify: {type(exc).__name__}: {exc} "
                                                     f"(please report it)", "trace": traceback.format_exc()}

    def add_check(self, finding, name, verdict, reason, trace=None) -> None:
        entry = {"id": len(self.result["checks"]), "findings": [finding["index"]], "code": finding["code"],
                 "model": name, "verdict": verdict, "reason": reason}
        if trace:
            entry["trace"] = trace
        if verdict == verdicts.SKIPPED and "--init-args" in reason:
            entry["needs"] = "init-args"
        self.result["checks"].append(entry)
        self.save()

    def run_overfit(self) -> None:
        from . import checks
        from .fitting import Case

        for handle, model in self.roots():
            name = handle["name"]
            sides = ["original"] + (["fixed"] if "fixed" in self.request["sources"] else [])
            for side in sides:
                entry = {"model": name, "variant": side}
                started = time.perf_counter()

                def check(entry=entry, side=side, handle=handle, model=model):
                    current = model if side == "original" else self.model(side, handle).model
                    spec = self.backend.input_spec(model, self.options["input_shape"])
                    current = self.backend.prepare(current, spec)
                    entry.update(input_shape=spec["shape"], input=spec["inferred"])
                    self.progress.update(phase=f"overfit test on {name} ({side})", owner="nnlint", line=None)
                    case = Case(self.backend, "overfit", {"line": None}, {"original": current},
                                {"original": self.program.namespace(side)}, spec, self.options["steps"],
                                self.options["seed"], self.facts)
                    entry.update(checks.overfit(case, current, side))

                self.attempt(entry, check)
                entry["seconds"] = round(time.perf_counter() - started, 3)
                self.result["overfit"].append(entry)
                self.save()

    # -- plot -------------------------------------------------------------------------------------
    def plot(self) -> None:
        from .plot import draw

        path = self.options["plot"]
        self.progress.update(phase="drawing the plot", owner="nnlint", line=None)
        try:
            self.result["plot"] = draw(self.result, path, self.request["findings"])
        except ImportError:
            self.result["plot"] = {"path": path, "written": False,
                                   "reason": f"--plot needs matplotlib: {HINTS['matplotlib']}"}


class GraphSession(Session):
    """TF1 graph scripts: NN401 (what each Saver saves) and the overfit test on the script's train op."""

    def run_graphs(self) -> None:
        from . import tf1_backend

        backend = tf1_backend.Backend(self.options["device"])
        self.result["device"] = backend.describe_device()
        self.result["versions"] = backend.version()
        self.start(backend, stop=tf1_backend.StopAtSession)
        original = self.program.namespace("original")
        if original.error is not None and tf1_backend.KERAS3_LAYERS in str(original.error):
            self.result["fatal"] = {"verdict": verdicts.SKIPPED, "reason": tf1_backend.TF1_LAYERS_HINT,
                                    "hint": "pip install tf_keras"}
            return
        for finding in self.request["findings"]:
            entry = {"id": len(self.result["checks"]), "findings": [finding["index"]], "code": finding["code"],
                     "model": None}
            started = time.perf_counter()
            if finding["code"] != "NN401":
                entry.update(verdict=verdicts.SKIPPED,
                             reason=f"TF1 graph code: verify runs NN401 and the overfit test on graphs; {finding['code']}'s "
                                    f"check needs a model object (PyTorch or Keras)")
            else:
                self.progress.update(phase="NN401 check", owner="nnlint", line=finding["line"])
                self.attempt(entry, lambda entry=entry, finding=finding: entry.update(self.savers(finding)))
            entry["seconds"] = round(time.perf_counter() - started, 3)
            self.result["checks"].append(entry)
            self.save()
        if self.options["overfit"]:
            for side in ["original"] + (["fixed"] if "fixed" in self.request["sources"] else []):
                entry = {"model": "the graph", "variant": side}
                started = time.perf_counter()
                self.attempt(entry, lambda entry=entry, side=side: entry.update(self.graph_overfit(side)))
                entry["seconds"] = round(time.perf_counter() - started, 3)
                self.result["overfit"].append(entry)
                self.save()

    def savers(self, finding: dict) -> dict:
        keys = (finding["baseline"], finding["variant"])
        spaces = [self.program.namespace(key) for key in keys]
        failed = next((space.error for space in spaces if space.error is not None), None)
        if failed is not None:
            raise failed
        saved = [self.backend.saved(key) for key in keys]
        if not all(saved):
            return {"verdict": verdicts.NOT_CONFIRMED,
                    "reason": "no Saver was built before the first Session (or the end of the module)"}
        sides = [(self.backend.variables(key), found[0]) for key, found in zip(keys, saved)]
        verdict, reason = verdicts.compare_savers(*sides)
        metrics = {side: {"variables": variables, "saved": names, "missing": verdicts.missing(variables, names)}
                   for side, (variables, names) in zip(("original", "fixed"), sides)}
        from .fitting import panel

        return {"verdict": verdict, "reason": reason, "metrics": metrics,
                "panel": panel("bars", "variables the first Saver misses",
                               {side: [len(m["missing"])] for side, m in metrics.items()}, x=["missed"],
                               xlabel="", ylabel="variables not saved", threshold=0, threshold_label="none missed",
                               yscale="linear")}

    def graph_overfit(self, side: str) -> dict:
        from .fitting import panel

        space = self.program.namespace(side)
        if space.error is not None:
            raise space.error
        self.progress.update(phase=f"overfit test on the graph ({side})", owner="nnlint", line=None)
        found = self.backend.overfit(side, self.options["steps"], self.options["seed"])
        if "skipped" in found:
            return {"verdict": verdicts.SKIPPED, "reason": found["skipped"]}
        verdict, reason, orders = verdicts.overfit(found["curve"], found["nan_step"])
        return {"verdict": verdict, "reason": reason, "orders": orders, "nan_step": found["nan_step"],
                "curve": found["curve"], "loss": found["loss"], "optimizer": found["optimizer"],
                "input": "; ".join(f"{k}: {v}" for k, v in found["feeds"].items()),
                "panel": panel("curves", f"overfit one sample ({found['optimizer']})", {side: found["curve"]},
                               ylabel="loss", threshold=found["curve"][0] / 100 if found["curve"] and found["curve"][0] > 0
                               else None, threshold_label="2 orders below the start")}
