#!/usr/bin/env python
"""Long-run fuzzer for nnlint: generated and mutated programs through the API and every command-line mode.

    python scripts/fuzz.py --programs 10000 --seed 1 --jobs 2 --out .cache/fuzz
    python scripts/fuzz.py --replay .cache/fuzz/crash/dl-000123.py     # run every check on one file again

Programs come from three sources (`--sources`, comma-separated, default all three):

* `hypothesmith`: syntactically valid Python drawn from hypothesmith's grammar and node strategies, with a
  seed; most get a framework import in front of them or are spliced into a DL-shaped program, so that
  nnlint's analysis runs on them rather than its pre-filter;
* `dl`: random deep-learning programs (`scripts/fuzzing/dl_shapes.py`: PyTorch, Keras, TF1, Flax/optax,
  training loops, inits, input pipelines) in odd-but-valid syntax, with random line endings, BOMs, tabs
  and coding cookies, some of them as Jupyter notebooks;
* `mutant`: token-, line- and statement-level mutants of tests/cases, fixtures and, when present, the
  benchmark corpora in /tmp/nnlint-bench (or $NNLINT_FUZZ_CORPUS).

Each program is linted and rendered in every output format through the API (in the worker process,
internal errors raised so that a bug comes with its traceback; with `--api-fix` also fixed twice and its
fixes' edits computed there); then each batch of
programs (`--batch` files in one directory) goes through the command line: the result cache filled and read
(the same findings), every `--output-format` and `--statistics` (from that cache), `--diff` and
`--fix-edits` (on one batch in four: they analyse every program again), `--fix` on a copy and `--fix` again (nothing may change the second time; a fixed file must still parse and get no new
NN000), and `--add-noqa` on a copy (then no finding may remain). A command that fails is rerun file by
file to name the culprit.

Failure kinds (scripts/fuzzing/oracles.py): crash, hang, non-idempotent-fix, unparseable-fix,
noqa-leftover, cache-mismatch. Each failing input is minimised (line-deletion delta debugging, at most
`--minimize-seconds`) and saved under `--out/<kind>/` with the original and a `.txt` saying what failed.
The counts are printed at the end and written to `--out/summary.json`; the exit code is 1 when any failure
was found. A run is reproducible: the same `--seed`, `--programs` and `--batch` give the same programs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from fuzzing import dl_shapes, grammar, mutants, notebooks, surface  # noqa: E402
from fuzzing.minimize import minimize  # noqa: E402
from fuzzing.oracles import KINDS, Batch, Failure, check_api, replay  # noqa: E402
from fuzzing.program import Program  # noqa: E402

SOURCES = ("hypothesmith", "dl", "mutant")
WEIGHTS = {"hypothesmith": 3, "dl": 4, "mutant": 3}


def make_programs(index: int, count: int, args) -> list[Program]:
    """The programs of batch `index`: a function of (seed, index) only."""
    rng = random.Random(f"{args.seed}:{index}")
    sources = [s for s in args.sources]
    chosen = rng.choices(sources, [WEIGHTS[s] for s in sources], k=count)
    hyp = iter(grammar.hypothesmith_programs(chosen.count("hypothesmith"), seed=args.seed * 100_003 + index)
               if "hypothesmith" in chosen else [])
    programs = []
    for slot, source in enumerate(chosen):
        name = f"{source[:3]}-{index:05d}-{slot:03d}"
        if source == "hypothesmith":
            text, how = next(hyp)
            programs.append(Program(name, source, text.encode("utf-8", "replace"), origin=f"hypothesmith {how}"))
        elif source == "dl":
            seed = rng.getrandbits(32)
            text = dl_shapes.program(random.Random(seed))
            if rng.random() < 0.12:
                data = notebooks.to_notebook(text, random.Random(seed))
                programs.append(Program(name, source, data, ".ipynb", f"dl_shapes seed {seed}, notebook"))
            else:
                data, applied = surface.dress(text, random.Random(seed))
                programs.append(Program(name, source, data, ".py", f"dl_shapes seed {seed}; {' '.join(applied)}"))
        else:
            files = _corpus(args)
            pool = files["repo"] if (rng.random() < 0.5 or not files["bench"]) else files["bench"]
            seed = rng.getrandbits(32)
            for _ in range(20):  # a corpus another process changes: a file may be gone since it was listed
                path = rng.choice(pool)
                try:
                    data, suffix, applied = mutants.mutate_file(path, random.Random(seed))
                    break
                except OSError:
                    continue
            else:
                path, (data, suffix, applied) = None, (b"pass\n", ".py", [])
            if suffix == ".py" and rng.random() < 0.2:
                try:
                    data, dressed = surface.dress(data.decode("utf-8"), random.Random(seed))
                    applied += dressed
                except UnicodeError:
                    pass
            programs.append(Program(name, source, data, suffix,
                                    f"mutant of {path} (seed {seed}): {' '.join(applied) or 'unchanged'}"))
    return programs


_CORPUS: dict | None = None


def _corpus(args) -> dict:
    global _CORPUS
    if _CORPUS is None:
        files = mutants.corpus(include_bench=not args.no_bench)
        repo = [f for f in files if str(f).startswith(str(ROOT))]
        _CORPUS = {"repo": repo, "bench": [f for f in files if f not in set(repo)]}
    return _CORPUS


def run_batch(task) -> dict:
    """Generate and check one batch; minimise and save its failures. Runs in a worker process. A bug of the
    harness itself is reported as such (kind `harness-error`), and the run goes on."""
    try:
        return _run_batch(task)
    except Exception:
        import traceback

        index, count, _ = task
        return {"index": index, "sources": Counter(), "notebooks": 0, "seconds": 0.0, "lost": count,
                "failures": [("harness-error", f"batch {index}", "?", traceback.format_exc())]}


def _run_batch(task) -> dict:
    index, count, args = task
    warnings.simplefilter("ignore")
    started = time.monotonic()
    programs = make_programs(index, count, args)
    by_name = {p.filename: p for p in programs}
    failures: list[Failure] = []
    for program in programs:
        failures += check_api(program, args.timeout, fix=args.api_fix)
    workdir = Path(args.workdir) / f"batch-{index:05d}"
    if not args.api_only:
        steps = Batch.STEPS if index % 4 == 0 else tuple(s for s in Batch.STEPS if s not in Batch.HEAVY)
        failures += Batch(programs, workdir, args.timeout).check(steps)
    shutil.rmtree(workdir, ignore_errors=True)
    seen, unique = set(), []
    for failure in failures:
        key = (failure.kind, failure.program)
        if key not in seen:
            seen.add(key)
            unique.append(failure)
    for failure in unique:
        _save(failure, by_name.get(failure.program), args, workdir)
    return {"index": index, "sources": Counter(p.source for p in programs), "lost": 0,
            "notebooks": sum(p.suffix == ".ipynb" for p in programs),
            "failures": [(f.kind, f.program, by_name[f.program].source if f.program in by_name else "?",
                          f.line()) for f in unique],
            "seconds": time.monotonic() - started}


def _save(failure: Failure, program: Program | None, args, workdir: Path) -> None:
    """The failing input (minimised), its original and a report, under `--out/<kind>/`."""
    folder = Path(args.out) / failure.kind
    folder.mkdir(parents=True, exist_ok=True)
    stem = failure.program if program is None else program.name
    report = [f"kind: {failure.kind}", f"check: {failure.where}", f"step: {failure.step}"]
    if program is not None:
        report.append(f"origin: {program.origin}")
        (folder / f"{program.name}.orig{program.suffix}").write_bytes(program.data)
        data = program.data
        if args.minimize_seconds > 0:
            def still_fails(candidate: bytes) -> bool:
                trial = Program(program.name, program.source, candidate, program.suffix, program.origin)
                return replay(failure, trial, workdir / "minimize", args.timeout)

            if still_fails(data):
                data = minimize(data, still_fails, args.minimize_seconds)
                report.append(f"minimised: {len(program.data)} -> {len(data)} bytes")
            else:
                report.append("not minimised: the failure did not reproduce on its own")
        (folder / program.filename).write_bytes(data)
        report.append(f"replay: python scripts/fuzz.py --replay {folder / program.filename}")
    report += ["", failure.detail]
    (folder / f"{stem}.txt").write_text("\n".join(report), encoding="utf-8")


def replay_file(path: Path, timeout: float) -> int:
    """Every check on one file; prints the failures."""
    program = Program(path.stem.replace(".", "_"), "replay", path.read_bytes(), path.suffix)
    failures = check_api(program, timeout)
    with tempfile.TemporaryDirectory(prefix="nnlint-fuzz-") as tmp:
        failures += Batch([program], Path(tmp) / "replay", timeout).check()
    for failure in failures:
        print(f"{failure.kind} ({failure.where}):\n{failure.detail}\n")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=200, help="how many programs (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--batch", type=int, default=200, help="programs per command-line run (default 200)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one program may take (default 30)")
    parser.add_argument("--out", default=".cache/fuzz", help="where failures are saved (default .cache/fuzz)")
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated subset of: " + ", ".join(SOURCES))
    parser.add_argument("--no-bench", action="store_true", help="mutate only tests/cases and fixtures")
    parser.add_argument("--api-only", action="store_true", help="skip the command-line checks (implies --api-fix)")
    parser.add_argument("--api-fix", action="store_true",
                        help="also fix (twice) and compute fix edits through the API (slower; the command line "
                             "fixes every program anyway)")
    parser.add_argument("--minimize-seconds", type=float, default=60.0, help="per failure; 0: do not minimise")
    parser.add_argument("--replay", type=Path, help="run every check on this one file and exit")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay_file(args.replay, args.timeout)
    args.api_fix = args.api_fix or args.api_only
    args.sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    unknown = set(args.sources) - set(SOURCES)
    if unknown or not args.sources:
        parser.error(f"unknown source(s): {', '.join(sorted(unknown))}")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    args.workdir = tempfile.mkdtemp(prefix="nnlint-fuzz-")
    sizes = [min(args.batch, args.programs - start) for start in range(0, args.programs, args.batch)]
    tasks = [(index, size, args) for index, size in enumerate(sizes)]
    started = time.monotonic()
    sources: Counter = Counter()
    kinds: Counter = Counter()
    kinds_by_source: Counter = Counter()
    notebooks_count = 0
    all_failures = []
    done = lost = 0
    try:
        with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=25) as pool:
            for result in pool.imap_unordered(run_batch, tasks):
                done += sum(result["sources"].values())
                lost += result["lost"]
                sources.update(result["sources"])
                notebooks_count += result["notebooks"]
                for kind, name, source, line in result["failures"]:
                    kinds[kind] += 1
                    kinds_by_source[(kind, source)] += 1
                    all_failures.append(line)
                    print("  " + line, flush=True)
                elapsed = time.monotonic() - started
                print(f"[{done}/{args.programs}] {elapsed:7.1f} s  {done / elapsed:5.2f} programs/s  "
                      f"failures: {dict(kinds) or 0}", flush=True)
    finally:
        shutil.rmtree(args.workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    summary = {
        "command": "python scripts/fuzz.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "programs": done, "programs_lost_to_harness_errors": lost, "per_source": dict(sources), "notebooks": notebooks_count,
        "failures": {kind: kinds.get(kind, 0) for kind in (*KINDS, "harness-error")},
        "failures_by_source": {f"{k}/{s}": n for (k, s), n in sorted(kinds_by_source.items())},
        "elapsed_seconds": round(elapsed, 1), "programs_per_second": round(done / elapsed, 2) if elapsed else None,
        "failure_lines": all_failures,
    }
    (Path(args.out) / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print()
    print(f"programs: {done} ({', '.join(f'{s} {sources.get(s, 0)}' for s in SOURCES)}; {notebooks_count} notebooks)")
    for kind in KINDS:
        print(f"{kind}: {kinds.get(kind, 0)}")
    if kinds.get("harness-error"):
        print(f"harness-error: {kinds['harness-error']} ({lost} programs not checked)")
    print(f"elapsed: {elapsed:.1f} s ({done / elapsed:.2f} programs/s); failures saved under {args.out}")
    return 1 if any(kinds.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
