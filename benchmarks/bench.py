#!/usr/bin/env python
"""How fast is nnlint on real code, against the cost of parsing it? Pinned timm, keras and transformers (issue 18).

    python benchmarks/bench.py                        # 3 interleaved rounds, timm keras transformers
    python benchmarks/bench.py --runs 5 --packages timm

The wheels are fetched with `pip download --no-deps` by scripts/realworld.py's helper into `.cache/bench/`
(git-ignored) and their `.py` files are copied to `--work` (default /tmp/nnlint-bench): outside any git
repository, since nnlint honours .gitignore files and `.cache/` is ignored here. nnlint runs from this
checkout (`python -m nnlint` with PYTHONPATH set to it, byte-compiled first) with its defaults: all default
rules, the `full` output format.

Per package, every round, one after the other (so that every ratio compares figures of the same run):
* the `ast` floor: `ast.parse` of every file, one process;
* nnlint cold (`--no-cache`) with `--jobs 1`, and with all cores (the default `--jobs`);
* warm: the same command again with the cache filled, nothing changed;
* one changed file in that warm tree (a comment appended to it);
* `--fix` on a fresh copy of the package (all cores, no cache), against the cold all-cores lint;
* `ruff check --select ALL --no-cache` on the same files, when ruff is installed.

Two clocks: the CPU time of the command (user + sys of the child and of the workers it waited for, from
`resource.getrusage(RUSAGE_CHILDREN)` before and after) and its wall time. The machine this runs on may be
shared: other processes slow the wall clock but hardly the CPU time, so ratios are taken between CPU times,
and each CPU figure is the least of the rounds (the least disturbed); wall times are medians. Peak memory is
the largest sum of the resident memory of the command and all its child processes, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import realworld  # noqa: E402  (its pinned PACKAGES and its fetch helper)

PACKAGES = ["timm", "keras", "transformers", "torchvision"]
DEFAULT_PACKAGES = ["timm", "keras", "transformers"]
#: the file edited for "one changed file", per package (any file of the package would do)
CHANGED_FILE = {
    "timm": "timm/models/vision_transformer.py",
    "keras": "keras/src/layers/core/dense.py",
    "transformers": "transformers/models/bert/modeling_bert.py",
    "torchvision": "torchvision/models/resnet.py",
}
FLOOR = """
import ast, sys
for name in sys.stdin.read().splitlines():
    with open(name, "rb") as handle:
        data = handle.read()
    try:
        ast.parse(data)
    except (SyntaxError, ValueError):
        pass
"""


# -- preparing ------------------------------------------------------------------------------------------
def prepare(work: Path, names: list[str]) -> dict[str, Path]:
    realworld.CACHE = ROOT / ".cache" / "bench"  # the helper downloads and extracts there
    extracted = realworld.fetch()
    trees = {}
    for name in [n for n in names if n in extracted]:
        target = work / f"{name}-{realworld.PACKAGES[name]}"
        if not (target / ".copied").exists():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(extracted[name], target, ignore=shutil.ignore_patterns(".extracted"))
            (target / ".copied").write_text("")
        trees[name] = target
    return trees


def python_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def count_lines(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


# -- running ----------------------------------------------------------------------------------------------
@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the command and the children it waited for
    peak: int  # MiB, process tree


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
        stack.extend(children.get(current, []))
    return total


def timed(command: list[str], cwd: Path, env: dict | None = None, stdin: str | None = None,
          timeout: float = 1800) -> Run:
    """Run a command; its wall time, CPU time and peak memory. One command at a time (the CPU time is a
    difference of this process's children's totals)."""
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else None,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak[0] // (1024 * 1024))


def nnlint_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def nnlint(args: list[str], work: Path) -> Run:
    return timed([sys.executable, "-m", "nnlint", *args], work, nnlint_env())


def least(runs: list[Run]) -> float:
    return min(run.cpu for run in runs) if runs else float("nan")


def median_wall(runs: list[Run]) -> float:
    return statistics.median(run.wall for run in runs) if runs else float("nan")


# -- the benchmark ----------------------------------------------------------------------------------------
MEASURES = ("floor", "cold1", "cold", "warm", "changed", "fix", "ruff")


def measure_round(name: str, tree: Path, files: list[Path], work: Path, ruff: str | None, round_: int,
                  results: dict[str, list[Run]]) -> None:
    rel = tree.relative_to(work).as_posix()
    cache = work / f".bench-cache-{name}"
    results["floor"].append(timed([sys.executable, "-c", FLOOR], work, stdin="\n".join(map(str, files))))
    results["cold1"].append(nnlint(["--no-cache", "--jobs", "1", rel], work))
    results["cold"].append(nnlint(["--no-cache", rel], work))
    shutil.rmtree(cache, ignore_errors=True)
    nnlint(["--cache-dir", str(cache), rel], work)  # fills the cache
    results["warm"].append(nnlint(["--cache-dir", str(cache), rel], work))
    target = tree / CHANGED_FILE[name]
    original = target.read_bytes()
    try:
        target.write_bytes(original + f"\n# edited {round_} {time.time()}\n".encode())
        results["changed"].append(nnlint(["--cache-dir", str(cache), rel], work))
    finally:
        target.write_bytes(original)
    shutil.rmtree(cache, ignore_errors=True)
    copy = work / f"fix-{name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(tree, copy)
    results["fix"].append(nnlint(["--no-cache", "--fix", copy.name], work))
    shutil.rmtree(copy, ignore_errors=True)
    if ruff is not None:
        results["ruff"].append(timed([ruff, "check", "--select", "ALL", "--no-cache", "--quiet", "--exit-zero", rel],
                                     work))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (least CPU, median wall)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nnlint-bench"), help="where sources are copied")
    parser.add_argument("--packages", nargs="+", default=DEFAULT_PACKAGES, choices=PACKAGES)
    parser.add_argument("--no-ruff", action="store_true", help="do not run ruff even when installed")
    args = parser.parse_args()

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    trees = prepare(work, args.packages)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "nnlint")], check=True,
                   stdout=subprocess.DEVNULL)
    ruff = None if args.no_ruff else shutil.which("ruff")
    names = [name for name in args.packages if name in trees]
    files = {name: python_files(trees[name]) for name in names}
    lines = {name: count_lines(found) for name, found in files.items()}
    results = {name: {measure: [] for measure in MEASURES} for name in names}
    for round_ in range(args.runs):
        for name in names:
            print(f"round {round_ + 1}/{args.runs}: {name}", file=sys.stderr, flush=True)
            measure_round(name, trees[name], files[name], work, ruff, round_, results[name])

    cores = os.cpu_count()
    ruff_version = subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.strip() if ruff else ""
    out = [
        f"nnlint benchmark: {args.runs} interleaved rounds; {cores} CPUs (all cores = --jobs {cores}); "
        f"Python {sys.version.split()[0]}{'; ' + ruff_version if ruff_version else ''}.",
        "CPU = user+sys seconds of the command and its workers (getrusage RUSAGE_CHILDREN), least of the rounds: "
        "robust on a shared machine, and what the ratios use; wall = median of the rounds.",
        "",
        "| package | files | lines | `ast` floor CPU | cold `--jobs 1` CPU | ÷ floor | cold all cores wall (CPU) "
        "| warm wall (CPU) | one changed file wall (CPU) | `--fix` wall (CPU) | `--fix` ÷ cold | peak MiB "
        "| ruff `--select ALL` wall (CPU) | nnlint `--jobs 1` ÷ ruff CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        r = results[name]
        floor, cold1, cold = least(r["floor"]), least(r["cold1"]), least(r["cold"])
        fix = least(r["fix"])
        peak = max(run.peak for run in r["cold"] + r["cold1"])
        ruff_cell = ruff_ratio = "—"
        if r["ruff"]:
            ruff_cell = f"{median_wall(r['ruff']):.2f} s ({least(r['ruff']):.2f} s)"
            ruff_ratio = f"{cold1 / least(r['ruff']):.1f}x"
        out.append(
            f"| {name} {realworld.PACKAGES[name]} | {len(files[name])} | {lines[name]:,} | {floor:.2f} s "
            f"| {cold1:.2f} s | {cold1 / floor:.2f}x | {median_wall(r['cold']):.2f} s ({cold:.2f} s) "
            f"| {median_wall(r['warm']):.2f} s ({least(r['warm']):.2f} s) "
            f"| {median_wall(r['changed']):.2f} s ({least(r['changed']):.2f} s) "
            f"| {median_wall(r['fix']):.2f} s ({fix:.2f} s) | {fix / cold:.2f}x | {peak} | {ruff_cell} | {ruff_ratio} |")
    out.append("")
    out.append("One changed file: " + "; ".join(f"{name}: `{CHANGED_FILE[name]}`" for name in names)
               + ", a comment appended, in the warm tree. `--fix` runs on a fresh copy (the default safe fixes, all "
               "cores, no cache); its ratio is to the cold all-cores lint's CPU.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
