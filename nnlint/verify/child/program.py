"""Executing the user's file once, statement by statement, and its variants from it (see `verify.plan`)."""

from __future__ import annotations

import ast
import linecache
import random
import sys
import time
import traceback
import types
from dataclasses import dataclass, field

from .. import plan


class UserError(Exception):
    """The user's code raised: carries its traceback trimmed to the user's own frames."""

    def __init__(self, message: str, trace: str, line: int | None = None):
        super().__init__(message)
        self.trace = trace
        self.line = line


def seed_everything(seed: int) -> None:
    random.seed(seed)
    try:
        import numpy
        numpy.random.seed(seed)
    except ImportError:  # pragma: no cover - numpy comes with every framework
        pass


def user_traceback(exc: BaseException, files: set[str]) -> str:
    """The exception's traceback with only the frames from the user's file (and its variants)."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename in files]
    lines = ["Traceback (user frames only):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


@dataclass
class Namespace:
    """One version of the user's file, executed as its own module."""

    key: str
    label: str  # the file name shown in tracebacks
    module: types.ModuleType
    steps: list = field(default_factory=list)
    #: values each statement bound, right after it ran (a variant reuses them)
    bindings: dict[int, dict] = field(default_factory=dict)
    error: UserError | None = None
    stopped: str | None = None  # the import was ended on purpose (TF1: the first Session)
    skipped: list = field(default_factory=list)  # optional statements that raised
    seconds: float = 0.0


class Program:
    """The original file and its variants. `hooks` (from the backend) may wrap each statement: TF1 counts
    the graph operations it builds, so a variant rebuilds them in its own graph."""

    def __init__(self, path: str, file: str, sources: dict[str, str], needed: set[str], model_names: set[str],
                 seed: int, backend, progress, stop: type | None = None, optional: set[str] = frozenset()):
        self.path = path
        self.file = file  # absolute: `__file__` must work from the temporary working directory
        self.sources = sources
        self.needed = needed
        self.optional = optional
        self.model_names = model_names
        self.seed = seed
        self.backend = backend
        self.progress = progress
        self.stop = stop
        self.trees: dict[str, ast.Module] = {}
        self.statements: dict[str, list[plan.Statement]] = {}
        self.namespaces: dict[str, Namespace] = {}
        self.forced: set[int] = set()  # original statements a variant must run again (they built graph ops)

    def labels(self) -> set[str]:
        return {self.label(key) for key in self.sources}

    def label(self, key: str) -> str:
        return self.path if key == "original" else f"{self.path} [{key}]"

    def statements_of(self, key: str) -> list[plan.Statement]:
        if key not in self.statements:
            tree = ast.parse(self.sources[key], filename=self.label(key))
            self.trees[key] = tree
            self.statements[key] = plan.statements(tree)
        return self.statements[key]

    def namespace(self, key: str) -> Namespace:
        if key not in self.namespaces:
            if key == "original":
                stmts = self.statements_of(key)
                stop = next((s.index for s in stmts if self.backend.opens_session(s.node)), None)
                steps = plan.original_steps(stmts, self.needed, stop, minimal=self.backend.name != "tf1",
                                            optional=self.optional)
            else:
                original = self.namespace("original")
                steps = plan.variant_steps(self.statements_of("original"), original.steps, self.statements_of(key),
                                           self.forced)
            self.namespaces[key] = self._execute(key, steps)
        return self.namespaces[key]

    def _execute(self, key: str, steps: list[plan.Step]) -> Namespace:
        text = self.sources[key]
        label = self.label(key)
        name = f"nnlint_verify_{key.lower().replace('-', '_')}"
        module = types.ModuleType(name)
        module.__file__ = self.file
        sys.modules[name] = module
        linecache.cache[label] = (len(text), None, text.splitlines(True), label)
        space = Namespace(key, label, module, steps)
        started = time.perf_counter()
        original = self.namespaces.get("original")
        with self.backend.program_context(key):
            seed_everything(self.seed)
            self.backend.seed(self.seed)
            for stmt, step in zip(self.statements_of(key), steps):
                if step.reuse is not None:
                    for bound, value in original.bindings.get(step.reuse, {}).items():
                        module.__dict__[bound] = value
                    continue
                if not step.run:
                    continue
                if stmt.binds & self.model_names:  # each side's module-level models start from the same seed
                    seed_everything(self.seed)
                    self.backend.seed(self.seed)
                self.progress.update(phase=f"running the file ({key})", owner="user", line=stmt.line)
                before = self.backend.statement_marker()
                try:
                    code = compile(ast.Module(body=[stmt.node], type_ignores=[]), label, "exec",
                                   flags=self.future_flags(key), dont_inherit=True)
                    exec(code, module.__dict__)
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:  # SystemExit too: user code must not end the child silently
                    if self.stop is not None and isinstance(exc, self.stop):
                        space.stopped = f"line {stmt.line} opens a Session: graph construction ends there"
                        break
                    if step.optional:  # only the file's loss/optimizer object depended on it: go on without
                        space.skipped.append(f"line {stmt.line} raised {type(exc).__name__}: {exc}; verify went on "
                                             f"without what it binds")
                        continue
                    space.error = UserError(f"running the {key} source raised {type(exc).__name__}: {exc} "
                                            f"(line {stmt.line})", user_traceback(exc, {label}), stmt.line)
                    break
                finally:
                    if key == "original" and self.backend.statement_marker() != before:
                        self.forced.add(stmt.index)
                if key == "original":
                    space.bindings[stmt.index] = {n: module.__dict__[n] for n in stmt.binds if n in module.__dict__}
        space.seconds = time.perf_counter() - started
        return space

    def future_flags(self, key: str) -> int:
        """`from __future__ import ...` of the file, for each statement compiled on its own."""
        import __future__

        flags = 0
        for stmt in self.statements_of(key):
            node = stmt.node
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                for alias in node.names:
                    feature = getattr(__future__, alias.name, None)
                    flags |= getattr(feature, "compiler_flag", 0)
        return flags

    def summary(self) -> dict:
        """What ran, for the report: lines that did not run and why, and the time the file's code took."""
        original = self.namespaces.get("original")
        if original is None:
            return {}
        stmts = self.statements_of("original")
        return {"not_run": plan.describe(stmts, original.steps) + original.skipped,
                "seconds": round(sum(n.seconds for n in self.namespaces.values()), 3),
                "variants": {key: {"ran": sum(1 for s in n.steps if s.run),
                                   "reused": sum(1 for s in n.steps if s.reuse is not None)}
                             for key, n in self.namespaces.items() if key != "original"},
                "stopped": original.stopped}
