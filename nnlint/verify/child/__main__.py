"""Entry point of the child process: `python -m nnlint.verify.child REQUEST.json RESULT.json`."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

from .. import verdicts
from .loader import NeedsArguments, NotAModel, UserError, build, import_variant

HINTS = {"torch": 'pip install "nnlint[torch]"', "keras": 'pip install "nnlint[tensorflow]"',
         "tf1": 'pip install "nnlint[tensorflow]"', "matplotlib": 'pip install "nnlint[plot]"'}


class Session:
    """One child run: the request, the result written so far, and the imported variants."""

    def __init__(self, request: dict, result_path: str):
        self.request = request
        self.options = request["options"]
        self.result_path = result_path
        self.result = {"device": None, "versions": None, "checks": [], "overfit": [], "fatal": None,
                       "plot": None, "done": False}
        self.variants: dict = {}
        self.models: dict = {}

    def save(self) -> None:
        temporary = self.result_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.result, handle, allow_nan=True)
        os.replace(temporary, self.result_path)

    # -- plumbing ---------------------------------------------------------------------------
    def variant(self, key: str, backend):
        if key not in self.variants:
            self.variants[key] = import_variant(key, self.request["sources"][key], self.request["path"],
                                                self.options["seed"], backend.seed)
        return self.variants[key]

    def model(self, key: str, candidate: dict, backend):
        cache_key = (key, candidate["name"])
        if cache_key not in self.models:
            try:
                model = build(self.variant(key, backend), candidate, backend, self.options["seed"],
                              self.options["init_args"] if candidate.get("call") else None)
                self.models[cache_key] = backend.prepare(model)
            except (NotAModel, NeedsArguments, UserError) as exc:
                self.models[cache_key] = exc
        value = self.models[cache_key]
        if isinstance(value, Exception):
            raise value
        return value

    def resolve(self, candidates: list[dict], backend):
        """The first candidate that is a model in the original source: (candidate, model) or a reason."""
        reasons = []
        for candidate in candidates:
            try:
                return candidate, self.model("original", candidate, backend)
            except NotAModel:
                continue
            except (NeedsArguments, UserError) as exc:
                reasons.append(exc)
        return None, (reasons[0] if reasons else None)

    # -- torch / keras ----------------------------------------------------------------------
    def run_models(self, backend) -> None:
        from . import checks

        groups: dict = {}
        target = self.request["target"]
        for finding in self.request["findings"]:
            candidate, model = self.resolve(finding["candidates"], backend)
            if target is not None:
                names = [c["name"] for c in finding["candidates"]]
                if candidate is not None and candidate["name"] != target and target not in names:
                    self.result.setdefault("other_models", []).append(finding["index"])
                    continue
                candidate, model = self.resolve([{"name": target, "call": True}], backend)
            elif candidate is None and model is None:
                roots = self.roots(backend, report=False)
                if len(roots) == 1:
                    candidate = {"name": roots[0][0], "call": True}
            if candidate is None:
                self.add_check(finding, None, *self.unresolved(model))
                continue
            groups.setdefault((finding["code"], candidate["name"]), (candidate, []))[1].append(finding)
        for (code, name), (candidate, findings) in groups.items():
            started = time.perf_counter()
            entry = {"id": len(self.result["checks"]), "findings": [f["index"] for f in findings], "code": code,
                     "model": name}
            def check(entry=entry, candidate=candidate, code=code, findings=findings):
                original = self.model(findings[0]["baseline"], candidate, backend)
                fixed = self.model(findings[0]["variant"], candidate, backend)
                shape = backend.input_shape(original, self.options["input_shape"])
                entry["model_kind"] = backend.kind(original)
                entry["input_shape"] = shape
                entry.update(checks.CHECKS[code](backend, original, fixed, shape, self.options["steps"],
                                                 self.options["seed"]))

            self.attempt(entry, check)
            entry["seconds"] = round(time.perf_counter() - started, 3)
            self.result["checks"].append(entry)
            self.save()
        if self.options["overfit"]:
            self.run_overfit(backend)

    def unresolved(self, reason) -> tuple[str, str, str | None]:
        if isinstance(reason, UserError):
            return verdicts.ERROR, str(reason), reason.trace
        if isinstance(reason, NeedsArguments):
            return verdicts.SKIPPED, str(reason), None
        return (verdicts.SKIPPED, "could not tell which model this finding belongs to; name it as "
                "file.py::ModelOrFactory", None)

    def attempt(self, entry: dict, check) -> None:
        """Run one check; what it raises becomes the entry's verdict (error in user code, or a skip)."""
        try:
            check()
        except UserError as exc:
            entry.update(verdict=verdicts.ERROR, reason=str(exc), trace=exc.trace)
        except (NotAModel, NeedsArguments) as exc:
            entry.update(verdict=verdicts.SKIPPED, reason=str(exc))
        except Exception as exc:
            entry.update(self.classify(exc))

    def classify(self, exc: Exception) -> dict:
        """An exception while probing: a missing input shape is a skip; anything else is the user's."""
        if type(exc).__name__ == "NeedsInputShape":
            return {"verdict": verdicts.SKIPPED, "reason": str(exc), "needs": "input-shape"}
        labels = {v.label for v in self.variants.values()}
        from .loader import user_traceback
        return {"verdict": verdicts.ERROR, "reason": f"running the model raised {type(exc).__name__}: {exc}",
                "trace": user_traceback(exc, labels)}

    def add_check(self, finding, name, verdict, reason, trace=None) -> None:
        entry = {"findings": [finding["index"]], "code": finding["code"], "model": name,
                 "verdict": verdict, "reason": reason}
        if trace:
            entry["trace"] = trace
        if verdict == verdicts.SKIPPED and "--init-args" in reason:
            entry["needs"] = "init-args"
        self.result["checks"].append(entry)
        self.save()

    def run_overfit(self, backend) -> None:
        from . import checks

        roots = self.roots(backend)
        for name, model in roots:
            for key in ("original", "fixed") if "fixed" in self.request["sources"] else ("original",):
                entry = {"model": name, "variant": key}
                started = time.perf_counter()
                def check(entry=entry, key=key, name=name, model=model):
                    if key != "original":
                        model = self.model(key, {"name": name, "call": True}, backend)
                    shape = backend.input_shape(model, self.options["input_shape"])
                    entry["input_shape"] = shape
                    entry.update(checks.overfit(backend, model, shape, self.options["steps"], self.options["seed"]))

                self.attempt(entry, check)
                entry["seconds"] = round(time.perf_counter() - started, 3)
                self.result["overfit"].append(entry)
                self.save()

    def roots(self, backend, report: bool = True) -> list:
        """Every model in the file (or the target): instances first, classes without an instance, and
        none that is a part of another."""
        found = []
        for candidate in self.request["models"]:
            try:
                found.append((candidate["name"], self.model("original", candidate, backend)))
            except (NotAModel, NeedsArguments, UserError) as exc:
                if report and (isinstance(exc, UserError) or isinstance(exc, NeedsArguments) and self.request["target"]):
                    self.result["overfit"].append({"model": candidate["name"], "variant": "original",
                                                   "verdict": verdicts.ERROR if isinstance(exc, UserError)
                                                   else verdicts.SKIPPED, "reason": str(exc),
                                                   "trace": getattr(exc, "trace", None)})
        parts = set()
        for _, model in found:
            parts.update(id(part) for part in backend.parts(model))
        instance_types = {type(model) for name, model in found if not self.is_class(name)}
        roots, seen = [], set()
        for name, model in found:
            if id(model) in parts or id(model) in seen:
                continue
            if self.is_class(name) and (type(model) in instance_types or any(
                    type(model) in {type(p) for p in backend.parts(other)} for _, other in found if other is not model)):
                continue
            seen.add(id(model))
            roots.append((name, model))
        return roots

    def is_class(self, name: str) -> bool:
        return isinstance(self.variants["original"].module.__dict__.get(name), type)

    # -- TF1 --------------------------------------------------------------------------------
    def run_tf1(self) -> None:
        from . import tf1_backend

        self.result["device"] = tf1_backend.describe_device(self.options["device"])
        self.result["versions"] = tf1_backend.version()
        seed = self.options["seed"]
        graphs = {}
        for finding in self.request["findings"]:
            entry = {"findings": [finding["index"]], "code": finding["code"], "model": None}
            started = time.perf_counter()
            if finding["code"] != "NN401":
                entry.update(verdict=verdicts.SKIPPED,
                             reason="TF1 graph code: only NN401 is verified at run time (the others need a model "
                                    "object, as in PyTorch or Keras)")
                self.result["checks"].append(entry)
                continue
            sides = []
            for key in (finding["baseline"], finding["variant"]):
                if key not in graphs:
                    graphs[key] = tf1_backend.run_graph(
                        lambda key=key: import_variant(key, self.request["sources"][key], self.request["path"], seed,
                                                       lambda s: None, stop=tf1_backend.StopAtSession), seed)
                sides.append(graphs[key])
            failed = next((side["variant"].error for side in sides if side["variant"].error is not None), None)
            if failed is not None:
                entry.update(verdict=verdicts.ERROR, reason=str(failed), trace=failed.trace)
            elif not all(side["savers"] for side in sides):
                entry.update(verdict=verdicts.NOT_CONFIRMED, reason="no Saver was built before the first Session")
            else:
                verdict, reason = verdicts.compare_savers(*[(side["variables"], side["savers"][0]) for side in sides])
                if not all(side["variant"].stopped for side in sides):
                    reason += " (the script created no Session: the whole module ran)"
                entry.update(verdict=verdict, reason=reason, metrics={
                    key: {"variables": side["variables"], "saved": side["savers"][0],
                          "missing": verdicts.missing(side["variables"], side["savers"][0])}
                    for key, side in zip(("original", "fixed"), sides)})
            entry["seconds"] = round(time.perf_counter() - started, 3)
            self.result["checks"].append(entry)
            self.save()

    # -- plot ---------------------------------------------------------------------------------
    def plot(self) -> None:
        from .plot import draw

        path = self.options["plot"]
        try:
            self.result["plot"] = draw(self.result, path, self.request["findings"])
        except ImportError:
            self.result["plot"] = {"path": path, "written": False,
                                   "reason": f"--plot needs matplotlib: {HINTS['matplotlib']}"}


def main(argv: list[str]) -> int:
    request_path, result_path = argv
    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    session = Session(request, result_path)
    framework = request["framework"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(request["path"])))
    try:
        if framework == "tf1":
            try:
                session.run_tf1()
            except ImportError as exc:
                session.result["fatal"] = _missing(exc, framework)
        else:
            try:
                if framework == "torch":
                    from .torch_backend import Backend
                else:
                    from .keras_backend import Backend
            except ImportError as exc:
                session.result["fatal"] = _missing(exc, framework)
            else:
                backend = Backend(request["options"]["device"])
                session.result["device"] = backend.describe_device()
                session.result["versions"] = backend.version()
                session.save()
                session.run_models(backend)
        if request["options"]["plot"] and session.result["fatal"] is None:
            session.plot()
    except RuntimeError as exc:
        if "--device" not in str(exc):
            raise
        session.result["fatal"] = {"verdict": "usage", "reason": str(exc)}
    except Exception as exc:  # an internal error: say so, with the whole traceback
        session.result["fatal"] = {"verdict": verdicts.ERROR, "reason": f"internal error in nnlint verify: {exc!r}",
                                   "trace": traceback.format_exc()}
    session.result["done"] = True
    session.save()
    return 0


def _missing(exc: ImportError, framework: str) -> dict:
    name = (exc.name or "").split(".")[0] or framework
    return {"verdict": verdicts.SKIPPED, "reason": f"{name} is not installed: {HINTS[framework]}",
            "hint": HINTS[framework]}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
