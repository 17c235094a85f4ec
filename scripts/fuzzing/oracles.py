"""What must hold for every input, checked through the API (in this process) and through the command line
(`python -m nnlint`, many files per run), and the kinds of failure.

Failure kinds:

- `crash`: an exception escaping nnlint, a traceback on stderr, an NN000 internal-error finding, an exit
  code other than 0/1 (2 only for usage errors, which the harness never makes), json/sarif/gitlab output
  that does not parse;
- `hang`: a program that takes longer than the timeout;
- `non-idempotent-fix`: `--fix` run again on its own output changes it again;
- `unparseable-fix`: a file fixed by `--fix` (or given comments by `--add-noqa`) that parsed before and
  does not any more, or that gets an NN000 the original did not have;
- `noqa-leftover`: after `--add-noqa`, a finding (other than NN000, which is never suppressed) remains;
- `cache-mismatch`: a run served from the result cache reports other findings than the run that filled it.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .program import Program

KINDS = ("crash", "hang", "non-idempotent-fix", "unparseable-fix", "noqa-leftover", "cache-mismatch")
FORMATS = ("full", "concise", "json", "github", "sarif", "gitlab")
JSON_FORMATS = ("json", "sarif", "gitlab")
RAISE_ENV = "NNLINT_RAISE_INTERNAL_ERRORS"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Failure:
    kind: str
    #: the program's file name
    program: str
    #: which check found it ("api fix", "cli json", ...)
    where: str
    detail: str
    #: the check to replay it with: "api", or one of `Batch.STEPS`
    step: str = "api"

    def line(self) -> str:
        return f"{self.kind}: {self.program}: {self.where}: {self.detail.strip().splitlines()[-1][:200] if self.detail.strip() else ''}"


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise `Hang` in this (main) thread after `seconds`."""
    def expired(signum, frame):
        raise Hang(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the API ---------------------------------------------------------------------------------------------

def all_rules():
    from nnlint.selection import Selection

    return Selection(select=["ALL"]).rules()


def check_api(program: Program, timeout: float = 30.0, fix: bool = True) -> list[Failure]:
    """Lint and render every format, and (with `fix`) compute the fixes' edits and fix twice, in this
    process, with internal errors raised (so that a bug comes with its traceback)."""
    os.environ[RAISE_ENV] = "1"
    where = "api"
    failures: list[Failure] = []
    try:
        with time_limit(timeout):
            if program.suffix == ".ipynb":
                _api_notebook(program, failures, fix)
            else:
                _api_python(program, failures, fix)
    except Hang as exc:
        failures.append(Failure("hang", program.filename, where, str(exc)))
    except RecursionError:
        failures.append(Failure("crash", program.filename, where, traceback.format_exc(limit=-30)))
    except Exception:
        failures.append(Failure("crash", program.filename, where, traceback.format_exc()))
    return failures


def _api_python(program: Program, failures: list[Failure], fix: bool) -> None:
    from nnlint.document import Document, SourceError
    from nnlint.fix import compute_fixes, fix_document
    from nnlint.lint import lint

    try:
        document = Document.from_bytes(program.data, program.filename)
    except SourceError:
        return
    rules = all_rules()
    found = lint(document, rules)
    _render_all(found, program, failures)
    if not fix:
        return
    _render_all(compute_fixes(document, found, rules), program, failures)
    outcome = fix_document(document, rules)
    if not outcome.changed:
        return
    before = sum(d.is_internal for d in found)
    if parses(program.data) and not _parses_text(outcome.text):
        failures.append(Failure("unparseable-fix", program.filename, "api fix", _diff(document.text, outcome.text)))
        return
    again = fix_document(document.replaced(outcome.text), rules)
    if again.changed:
        failures.append(Failure("non-idempotent-fix", program.filename, "api fix",
                                _diff(outcome.text, again.text)))
    after = sum(d.is_internal for d in again.remaining)
    if after > before:
        failures.append(Failure("unparseable-fix", program.filename, "api fix", "new NN000 after the fix: "
                                + "; ".join(d.message for d in again.remaining if d.is_internal)))


def _api_notebook(program: Program, failures: list[Failure], fix: bool) -> None:
    from nnlint.notebook.lint import fix_bytes, fix_edits_bytes, lint_bytes

    rules = all_rules()
    found = lint_bytes(program.data, program.filename, rules)
    _render_all(found, program, failures)
    if not fix:
        return
    _render_all(fix_edits_bytes(program.data, program.filename, rules), program, failures)
    fixed = fix_bytes(program.data, program.filename, rules)
    if fixed.text is None:
        return
    data = fixed.text.encode(fixed.encoding)
    again = fix_bytes(data, program.filename, rules)
    if again.text is not None and again.text != fixed.text:
        failures.append(Failure("non-idempotent-fix", program.filename, "api notebook fix",
                                _diff(fixed.text, again.text)))
    before = sum(d.is_internal for d in found)
    after = sum(d.is_internal for d in lint_bytes(data, program.filename, rules))
    if after > before:
        failures.append(Failure("unparseable-fix", program.filename, "api notebook fix", "new NN000 after the fix"))


def _render_all(diagnostics, program: Program, failures: list[Failure]) -> None:
    from nnlint.report import RENDERERS, render

    for fmt in RENDERERS:
        out = render(fmt, diagnostics)
        if fmt in JSON_FORMATS:
            json.loads(out)


def parses(data: bytes) -> bool:
    """Whether Python source bytes parse (as the interpreter reads them: BOM, coding cookie)."""
    try:
        ast.parse(data)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeDecodeError, LookupError):
        return False


def _parses_text(text: str) -> bool:
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def _diff(a: str, b: str) -> str:
    import difflib

    return "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), "first", "second"))[:80])


# -- the command line ---------------------------------------------------------------------------------

@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False


def nnlint(args: list[str], cwd: Path, timeout: float) -> Run:
    """`python -m nnlint ARGS` with this checkout first on the path and internal errors reported (not raised)."""
    env = dict(os.environ)
    env.pop(RAISE_ENV, None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["NNLINT_CACHE_DIR"] = str(cwd / ".cache-unused")
    env.pop("NNLINT_OUTPUT_FORMAT", None)
    env["PYTHONWARNINGS"] = "ignore"
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "nnlint", *args], cwd=cwd, env=env, capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        return Run(-1, _text(exc.stdout), _text(exc.stderr), time.monotonic() - start, timed_out=True)
    return Run(done.returncode, _text(done.stdout), _text(done.stderr), time.monotonic() - start)


def _text(data) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def run_problem(run: Run, fmt: str | None = None) -> str | None:
    """Why a command-line run counts as a crash, or None."""
    if run.timed_out:
        return "timed out"
    if "Traceback (most recent call last)" in run.stderr or "Traceback (most recent call last)" in run.stdout:
        return "traceback:\n" + run.stderr[-4000:] + run.stdout[-2000:]
    if run.rc not in (0, 1):
        return f"exit code {run.rc}:\n{run.stderr[-3000:]}"
    if fmt in JSON_FORMATS:
        try:
            report = json.loads(run.stdout)
        except ValueError as exc:
            return f"{fmt} output does not parse ({exc}):\n{run.stdout[:2000]}"
        if fmt == "json" and any(d.get("name") == "internal-error" for d in report):
            return "NN000 internal error:\n" + "\n".join(
                f"{d['filename']}: {d['message']}" for d in report if d.get("name") == "internal-error")
    internal = [line for line in (run.stdout + run.stderr).splitlines() if _INTERNAL.search(line)]
    if internal:
        return "NN000 internal error:\n" + "\n".join(internal)[:3000]
    return None


#: an NN000 internal-error finding as the text formats print it (its message names what crashed)
_INTERNAL = re.compile(r"NN000\b.*\binternal error in ")


class Batch:
    """Programs written to a directory and run through every command-line mode."""

    def __init__(self, programs: list[Program], workdir: Path, timeout: float):
        self.programs = {p.filename: p for p in programs}
        self.workdir = workdir
        self.timeout = timeout
        self.failures: list[Failure] = []
        self.findings_all = None
        self.current = ""
        self.lint_dir = workdir / "lint"
        shutil.rmtree(workdir, ignore_errors=True)
        self.lint_dir.mkdir(parents=True)
        for p in programs:
            (self.lint_dir / p.filename).write_bytes(p.data)

    def limit(self, n: int) -> float:
        return 20 + 2.0 * n + self.timeout

    def run(self, args: list[str], target: Path, what: str, fmt: str | None = None) -> Run | None:
        """Run on a directory; on a crash or a timeout, run again file by file to name the culprits. Returns
        the run when it is sound."""
        files = sorted(p.name for p in target.iterdir() if p.is_file())
        run = nnlint([*args, target.name], target.parent, self.limit(len(files)))
        problem = run_problem(run, fmt)
        if problem is None:
            return run
        blamed = False
        for name in files:
            single = target.parent / (target.name + "-single")
            shutil.rmtree(single, ignore_errors=True)
            single.mkdir()
            shutil.copy2(target / name, single / name)
            one = nnlint([*args, single.name], target.parent, self.timeout + 10)
            one_problem = run_problem(one, fmt)
            shutil.rmtree(single, ignore_errors=True)
            if one_problem is not None:
                blamed = True
                kind = "hang" if one.timed_out else "crash"
                self.failures.append(Failure(kind, name, f"cli {what}: nnlint {' '.join(args)}", one_problem, self.current))
        if not blamed:
            self.failures.append(Failure("hang" if run.timed_out else "crash", "<batch>",
                                         f"cli {what}: nnlint {' '.join(args)}", problem, self.current))
        return None

    #: the command-line checks, by name (a failure names the step that found it, for `replay`). The first
    #: run fills a result cache (every rule selected) and the format runs read it, so that the programs are
    #: analysed once for all of them.
    STEPS = ("cache",) + tuple(f"format-{fmt}" for fmt in FORMATS) + ("statistics", "diff", "fix-edits", "fix",
                                                                        "add-noqa")
    #: the steps that analyse every program again (`scripts/fuzz.py` runs them on one batch in four)
    HEAVY = ("diff", "fix-edits")

    def check(self, steps=STEPS) -> list[Failure]:
        for step in steps:
            self.step(step)
        return self.failures

    def _cached(self) -> list[str]:
        return ["check", "--cache-dir", str(self.workdir / "cache"), "-j", "1", "--select", "ALL"]

    def step(self, step: str) -> None:
        self.current = step
        if step != "cache" and self.findings_all is None and (step.startswith("format-") or step in ("statistics", "fix")):
            self.step("cache")
            self.current = step
        if step == "cache":
            self._check_cache()
        elif step.startswith("format-"):
            fmt = step[len("format-"):]
            self.run([*self._cached(), "--output-format", fmt], self.lint_dir, fmt, fmt)
        elif step == "statistics":
            self.run([*self._cached(), "--statistics"], self.lint_dir, "statistics")
        elif step == "diff":
            self.run([*self._cached(), "--diff", "--unsafe-fixes"], self.lint_dir, "diff")
        elif step == "fix-edits":
            self.run([*self._cached(), "--output-format", "json", "--fix-edits"], self.lint_dir, "fix-edits", "json")
        elif step == "fix":
            self._check_fix(self.findings_all)
        elif step == "add-noqa":
            self._check_add_noqa()
        else:
            raise ValueError(step)

    def _copy(self, name: str) -> Path:
        target = self.workdir / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.lint_dir, target)
        return target

    def _check_cache(self) -> None:
        """Fill the cache (a fresh analysis), then read it: the same findings."""
        shutil.rmtree(self.workdir / "cache", ignore_errors=True)
        args = [*self._cached(), "--output-format", "json"]
        first = self.run(args, self.lint_dir, "cache fill", "json")
        if first is not None:
            self.findings_all = json.loads(first.stdout)
        second = self.run(args, self.lint_dir, "cache read", "json") if first is not None else None
        if first is not None and second is not None and json.loads(first.stdout) != json.loads(second.stdout):
            a = {(d["filename"], d["line"], d["code"]) for d in json.loads(first.stdout)}
            b = {(d["filename"], d["line"], d["code"]) for d in json.loads(second.stdout)}
            names = sorted({f for f, _, _ in a ^ b}) or ["<batch>"]
            for name in names:
                self.failures.append(Failure("cache-mismatch", Path(name).name, "cli cache",
                                             f"fresh: {sorted(x for x in a if x[0] == name)}\n"
                                             f"cached: {sorted(x for x in b if x[0] == name)}", "cache"))

    def _check_fix(self, findings_all) -> None:
        fix_dir = self._copy("fix")
        args = [*self._cached(), "--unsafe-fixes", "-q"]
        if self.run([*args, "--fix"], fix_dir, "fix") is None:
            return
        for name, program in self.programs.items():
            fixed = (fix_dir / name).read_bytes()
            if fixed != program.data and name.endswith(".py") and parses(program.data) and not parses(fixed):
                self.failures.append(Failure("unparseable-fix", name, "cli fix", _diff(
                    program.data.decode("utf-8", "replace"), fixed.decode("utf-8", "replace")), "fix"))
        first = {p.name: p.read_bytes() for p in fix_dir.iterdir() if p.is_file()}
        # without the cache: it would say the files have nothing left to fix (what the first run found)
        again = ["check", "--no-cache", "-j", "1", "--select", "ALL", "--unsafe-fixes", "-q", "--fix"]
        if self.run(again, fix_dir, "fix again") is None:
            return
        for name, data in first.items():
            again = (fix_dir / name).read_bytes()
            if again != data:
                self.failures.append(Failure("non-idempotent-fix", name, "cli fix again", _diff(
                    data.decode("utf-8", "replace"), again.decode("utf-8", "replace")), "fix"))
        after = self.run([*self._cached(), "--output-format", "json"], fix_dir, "lint after fix", "json")
        if after is None or findings_all is None:
            return
        before_nn000 = _nn000_files(findings_all)
        for name in sorted(_nn000_files(json.loads(after.stdout)) - before_nn000):
            self.failures.append(Failure("unparseable-fix", name, "cli lint after fix", "new NN000: " + "; ".join(
                d["message"] for d in json.loads(after.stdout) if d["code"] == "NN000" and Path(d["filename"]).name == name),
                "fix"))

    def _check_add_noqa(self) -> None:
        """After `--add-noqa`, no finding may remain but those it leaves by design: NN000–NN003 (about
        nnlint's inputs and the noqa comments themselves; NN001/NN002 are fixed by `--fix`) and those on a
        line it warned about (no line of the statement can end in a comment; the line's noqa comment is
        invalid) or in a notebook it warned about (a change touching IPython syntax)."""
        noqa_dir = self._copy("noqa")
        run = self.run(["check", "--no-cache", "-j", "1", "--add-noqa"], noqa_dir, "add-noqa")
        if run is None:
            return
        warned = {(Path(m.group(1)).name, int(m.group(2)) if m.group(2) else None)
                  for m in _WARNING.finditer(run.stderr)}
        for name, program in self.programs.items():
            written = (noqa_dir / name).read_bytes()
            if name.endswith(".py") and written != program.data and parses(program.data) and not parses(written):
                self.failures.append(Failure("unparseable-fix", name, "cli add-noqa", _diff(
                    program.data.decode("utf-8", "replace"), written.decode("utf-8", "replace")), "add-noqa"))
        after = self.run(["check", "--no-cache", "-j", "1", "--output-format", "json"], noqa_dir,
                         "lint after add-noqa", "json")
        if after is None:
            return
        left: dict[str, list[str]] = {}
        for d in json.loads(after.stdout):
            name = Path(d["filename"]).name
            if d["code"] in NOT_ADDED or (name, d["line"]) in warned or (name, None) in warned \
                    or (name.endswith(".ipynb") and any(w[0] == name for w in warned)):
                continue
            left.setdefault(name, []).append(f"{d['line']}:{d['column']} {d['code']} {d['message'][:120]}")
        for name, items in sorted(left.items()):
            self.failures.append(Failure("noqa-leftover", name, "cli add-noqa", "\n".join(items), "add-noqa"))


#: codes `--add-noqa` leaves alone (nnlint.noqa_add.SKIPPED)
NOT_ADDED = frozenset({"NN000", "NN001", "NN002", "NN003"})
#: a warning of `--add-noqa` about a file, or one of its lines, it left alone
_WARNING = re.compile(r"^nnlint: warning: (.+?\.(?:py|ipynb))(?::(\d+))?: ", re.MULTILINE)


def _nn000_files(findings: list[dict]) -> set[str]:
    return {Path(d["filename"]).name for d in findings if d["code"] == "NN000"}


def replay(failure: Failure, program: Program, workdir: Path, timeout: float) -> bool:
    """Whether `program` (a candidate of the minimiser) still fails as `failure` did, by the same check."""
    if failure.step == "api":
        return any(f.kind == failure.kind for f in check_api(program, timeout))
    batch = Batch([program], workdir, timeout)
    try:
        return any(f.kind == failure.kind for f in batch.check([failure.step]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
