#!/usr/bin/env python
"""How fast is nnlint on real code? Timings of pinned timm, keras, torchvision and transformers (issue 7).

    python benchmarks/bench.py                      # 3 rounds; fixit/torchfix/ruff where installed
    python benchmarks/bench.py --runs 5 --tools-bin .cache/bench/tools/bin

The wheels are fetched with `pip download --no-deps` by scripts/realworld.py's helper into `.cache/bench/`
(git-ignored) and their `.py` files are copied to `--work` (default /tmp/nnlint-bench): outside any git
repository, since nnlint honours .gitignore files and `.cache/` is ignored here. nnlint runs from this
checkout (`python -m nnlint` with PYTHONPATH set to it, byte-compiled first) with its defaults: all
default rules, the `full` output format (which computes each finding's fix), `--jobs` = the CPUs.

Measured, interleaved round by round (medians printed):
* LibCST parse-only of the same files, one process (the floor; timm every round, the others once);
* nnlint cold (`--no-cache`), and warm (the same command again with the cache filled, nothing changed);
* all four packages in one command, cold and warm;
* one changed file in a warm tree, against a cold one-file run of that file;
* transformers `models/` at 1/4, 1/2 and all of its model folders: time and peak memory (all processes);
* `nnlint --help` and a one-file run, against `python -c pass`, and which heavy modules a run imports;
* once, where installed: `fixit lint`, `torchfix`, `ruff check --select ALL --no-cache`.
Peak memory is the largest sum of the resident memory of the command and all its child processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import realworld  # noqa: E402  (its pinned PACKAGES and its fetch helper)

PACKAGES = ["timm", "keras", "torchvision", "transformers"]
CHANGED_FILE = "timm/models/vision_transformer.py"
ONE_FILE = "timm/layers/helpers.py"  # imports torch, no findings: start-up without LibCST
PARSE_ONLY = """
import sys, time, warnings
warnings.simplefilter("ignore")
import libcst
files = [line for line in sys.stdin.read().splitlines() if line]
start = time.perf_counter()
for name in files:
    with open(name, "rb") as handle:
        data = handle.read()
    try:
        libcst.parse_module(data)
    except Exception:
        pass
print(time.perf_counter() - start)
"""


# -- preparing ------------------------------------------------------------------------------------------
def prepare(work: Path) -> dict[str, Path]:
    realworld.CACHE = ROOT / ".cache" / "bench"  # the helper downloads and extracts there
    extracted = realworld.fetch()
    trees = {}
    for name in [n for n in PACKAGES if n in extracted]:
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
          timeout: float = 900) -> tuple[float, int, str]:
    """(wall seconds, peak MiB of the process tree, stdout)."""
    peak = [0]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else None,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, _ = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    return wall, peak[0] // (1024 * 1024), out


def nnlint_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def nnlint(args: list[str], work: Path) -> tuple[float, int, str]:
    return timed([sys.executable, "-m", "nnlint", *args], work, nnlint_env())


def parse_only(files: list[Path], work: Path) -> float:
    _, _, out = timed([sys.executable, "-c", PARSE_ONLY], work, stdin="\n".join(map(str, files)))
    return float(out.strip().splitlines()[-1])


def clean_cache(work: Path) -> None:
    shutil.rmtree(work / ".nnlint_cache", ignore_errors=True)


def tool(name: str, tools_bin: Path | None) -> str | None:
    candidate = tools_bin / name if tools_bin else None
    if candidate is not None and candidate.exists():
        return str(candidate)
    return shutil.which(name)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- the benchmark ----------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="rounds (medians are printed)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/nnlint-bench"), help="where sources are copied")
    parser.add_argument("--tools-bin", type=Path, default=ROOT / ".cache" / "bench" / "tools" / "bin",
                        help="folder holding fixit/torchfix/ruff (else looked up on PATH)")
    parser.add_argument("--no-tools", action="store_true", help="skip fixit, torchfix and ruff")
    parser.add_argument("--packages", nargs="+", default=PACKAGES, choices=PACKAGES,
                        help="a subset, for a quick look (timm is always measured)")
    args = parser.parse_args()
    PACKAGES[:] = [name for name in PACKAGES if name in set(args.packages) | {"timm"}]

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    trees = prepare(work)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "nnlint")], check=True,
                   stdout=subprocess.DEVNULL)
    rel = {name: tree.relative_to(work).as_posix() for name, tree in trees.items()}
    files = {name: python_files(tree) for name, tree in trees.items()}
    lines = {name: count_lines(found) for name, found in files.items()}
    every = [rel[name] for name in PACKAGES]

    floor = {name: [] for name in PACKAGES}
    cold = {name: [] for name in PACKAGES}
    warm = {name: [] for name in PACKAGES}
    peak = {name: 0 for name in PACKAGES}
    together_cold, together_warm, together_peak = [], [], 0
    changed, one_cold = [], []
    for round_ in range(args.runs):
        print(f"round {round_ + 1}/{args.runs}", file=sys.stderr)
        for name in PACKAGES:
            if name == "timm" or round_ == 0:
                floor[name].append(parse_only(files[name], work))
            wall, mib, _ = nnlint(["--no-cache", rel[name]], work)
            cold[name].append(wall)
            peak[name] = max(peak[name], mib)
            clean_cache(work)
            nnlint([rel[name]], work)  # fills the cache
            warm[name].append(nnlint([rel[name]], work)[0])
            if name == "timm":  # one changed file in a warm tree
                target = trees["timm"] / CHANGED_FILE
                original = target.read_bytes()
                try:
                    target.write_bytes(original + f"\n# edited {round_} {time.time()}\n".encode())
                    changed.append(nnlint([rel["timm"]], work)[0])
                    one_cold.append(nnlint(["--no-cache", f"{rel['timm']}/{CHANGED_FILE}"], work)[0])
                finally:
                    target.write_bytes(original)
        wall, mib, _ = nnlint(["--no-cache", *every], work)
        together_cold.append(wall)
        together_peak = max(together_peak, mib)
        clean_cache(work)
        nnlint(every, work)
        together_warm.append(nnlint(every, work)[0])

    # transformers models/: linear growth
    growth = []
    models = trees["transformers"] / "transformers" / "models" if "transformers" in trees else None
    folders = sorted(p for p in models.iterdir() if p.is_dir()) if models else []
    for fraction, step in (("1/4", 4), ("1/2", 2), ("all", 1)) if folders else ():
        chosen = folders[::step]
        chosen_files = [f for folder in chosen for f in python_files(folder)]
        walls, mib = [], 0
        for _ in range(max(1, args.runs - 1)):
            wall, used, _ = nnlint(["--no-cache", *[p.relative_to(work).as_posix() for p in chosen]], work)
            walls.append(wall)
            mib = max(mib, used)
        growth.append((fraction, len(chosen_files), count_lines(chosen_files), median(walls), mib))

    # start-up
    def repeat(command, n=7):
        return median([timed(command, work, nnlint_env())[0] for _ in range(n)])

    one = f"{rel['timm']}/{ONE_FILE}"
    bare = repeat([sys.executable, "-c", "pass"])
    help_time = repeat([sys.executable, "-m", "nnlint", "--help"])
    one_time = repeat([sys.executable, "-m", "nnlint", "--no-cache", one])
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "nnlint", "--no-cache", one], cwd=work,
                           env=nnlint_env(), capture_output=True, text=True)
    heavy = sorted({line.rsplit("|", 1)[-1].strip().split(".")[0] for line in probe.stderr.splitlines()
                    if line.startswith("import time:")} & {"libcst", "torch", "tensorflow", "keras", "jax", "numpy"})

    # other linters, once, on timm (and ruff on all)
    others = {}
    if not args.no_tools:
        for label, binary, command, names in (
            ("ruff check --select ALL", "ruff", ["check", "--select", "ALL", "--no-cache", "--quiet"], PACKAGES),
            ("fixit lint", "fixit", ["lint"], ["timm"]),
            ("torchfix", "torchfix", [], ["timm"]),
        ):
            found = tool(binary, args.tools_bin)
            if found is None:
                continue
            for name in names:
                wall, mib, _ = timed([found, *command, rel[name]], work)
                others[(label, name)] = (wall, mib)

    # -- the table --------------------------------------------------------------------------------------
    out = []
    cores = os.cpu_count()
    out.append(f"nnlint benchmark: {args.runs} rounds, medians; {cores} CPUs; Python {sys.version.split()[0]}; "
               f"libcst floor with the libcst nnlint uses")
    out.append("")
    out.append("| package | files | lines | LibCST parse-only, 1 process | nnlint cold | cold / parse | files/s "
               "| peak MiB | nnlint warm | warm / cold |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in PACKAGES:
        c, w, f = median(cold[name]), median(warm[name]), median(floor[name])
        out.append(f"| {name} {realworld.PACKAGES[name]} | {len(files[name])} | {lines[name]:,} | {f:.2f} s | "
                   f"{c:.2f} s | {c / f:.2f} | {len(files[name]) / c:.0f} | {peak[name]} | {w:.2f} s | 1/{c / w:.0f} |")
    total_files = sum(len(f) for f in files.values())
    tc, tw = median(together_cold), median(together_warm)
    out.append(f"| all four, one command | {total_files} | {sum(lines.values()):,} | | {tc:.2f} s | | "
               f"{total_files / tc:.0f} | {together_peak} | {tw:.2f} s | 1/{tc / tw:.0f} |")
    out.append("")
    ch, oc = median(changed), median(one_cold)
    out.append(f"One changed file in a warm timm tree ({CHANGED_FILE}): {ch:.2f} s; that file alone, cold: "
               f"{oc:.2f} s; overhead {ch - oc:+.2f} s.")
    out.append("")
    out.append("| transformers models/ | files | lines | nnlint cold | files/s | s per 10k lines | peak MiB |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for fraction, n, nlines, wall, mib in growth:
        out.append(f"| {fraction} | {n} | {nlines:,} | {wall:.2f} s | {n / wall:.0f} | {wall / nlines * 1e4:.3f} "
                   f"| {mib} |")
    out.append("")
    out.append(f"Start-up (median of 7): `python -c pass` {bare:.2f} s; `nnlint --help` {help_time:.2f} s; "
               f"one-file run (`nnlint --no-cache {ONE_FILE}`) {one_time:.2f} s; heavy modules imported by that "
               f"run: {', '.join(heavy) or 'none'}.")
    if others:
        out.append("")
        out.append("| other tool (one run) | package | wall | peak MiB | vs nnlint cold |")
        out.append("|---|---|---:|---:|---:|")
        for (label, name), (wall, mib) in others.items():
            out.append(f"| `{label}` | {name} | {wall:.2f} s | {mib} | {wall / median(cold[name]):.1f}x |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
