#!/usr/bin/env python
"""Lint pinned releases of real deep-learning packages with nnlint (issue 3, "Real code that nobody here wrote").

    python scripts/realworld.py                 # fetch (once), lint, write .cache/realworld/results.json
    python scripts/realworld.py --write-doc     # ... and regenerate docs/real-world.md from the results
                                                #     plus the hand-made verdicts in docs/real-world-audit.json

What it does, reproducibly:

* downloads the pinned wheels below with `pip download --no-deps --only-binary=:all:` into
  `.cache/realworld/wheels/` (git-ignored; reused when present);
* extracts only their `.py` files into `.cache/realworld/src/<package>-<version>/`;
* lints every file in-process with nnlint's DEFAULT rule set (what a user gets with no config), timing
  each package, and separately runs only the opt-in rules (NN105, NN202, NN302, NN303, NN503) for the record;
* counts crashes: any exception escaping nnlint for a file, any NN000 "internal-error" finding, and any
  file that takes longer than PER_FILE_TIMEOUT seconds;
* picks the audit sample: every default-set finding of a package, or a random sample of SAMPLE_SIZE
  findings (random.Random(SEED)) when it has more.

The verdicts of the audit (TP/FP + reason) are made by hand and live in docs/real-world-audit.json, keyed
by "package:path:line:code"; `--write-doc` joins them with the findings. A finding without a verdict is
shown as "unaudited", and a verdict whose finding no longer exists is listed as "gone" (a fixed FP).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlint.config import Config  # noqa: E402
from nnlint.document import Document, SourceError  # noqa: E402
from nnlint.lint import lint  # noqa: E402
from nnlint.selection import Selection  # noqa: E402

# Pinned releases. transformers stays on the last 4.x line on purpose: 5.x dropped the TensorFlow/Keras and
# Flax model files, and those are the only real Keras/JAX model code in the set besides keras itself.
PACKAGES = {
    "torchvision": "0.24.1",
    "keras": "3.12.0",
    "timm": "1.0.22",
    "transformers": "4.57.6",
}
# torchvision ships binary wheels only; its .py files are the same on every platform.
PLATFORM = ["--platform", "manylinux_2_28_x86_64", "--python-version", "3.11", "--implementation", "cp"]
SEED = 20240611
SAMPLE_SIZE = 60
PER_FILE_TIMEOUT = 60
OPT_IN = ["NN105", "NN202", "NN302", "NN303", "NN503"]

CACHE = ROOT / ".cache" / "realworld"
RESULTS = CACHE / "results.json"
VERDICTS = ROOT / "docs" / "real-world-audit.json"
DOC = ROOT / "docs" / "real-world.md"
TRAINING_BEGIN, TRAINING_END = "<!-- training-corpus:begin -->", "<!-- training-corpus:end -->"


def fetch() -> dict[str, Path]:
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)

    def wheel_of(name: str, version: str) -> Path | None:
        found = sorted(wheels.glob(f"{name}-{version}-*.whl"))
        return found[0] if found else None

    missing = [f"{n}=={v}" for n, v in PACKAGES.items() if wheel_of(n, v) is None]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", *PLATFORM,
                        "--dest", str(wheels), *missing], check=True)
    roots = {}
    for name, version in PACKAGES.items():
        wheel = wheel_of(name, version)
        if wheel is None:
            raise SystemExit(f"no wheel for {name}=={version} in {wheels}")
        target = CACHE / "src" / f"{name}-{version}"
        if not (target / ".extracted").exists():
            with zipfile.ZipFile(wheel) as archive:
                for member in archive.namelist():
                    if member.endswith(".py") and ".." not in Path(member).parts and not member.startswith("/"):
                        archive.extract(member, target)
            (target / ".extracted").write_text(wheel.name + "\n")
        roots[name] = target
    return roots


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def lint_tree(root: Path, selection: Selection) -> dict:
    rules = selection.rules()
    options = Config().options()
    files = sorted(p for p in root.rglob("*.py"))
    findings, crashes, slow = [], [], []
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    for path in files:
        rel = path.relative_to(root).as_posix()
        t0 = time.perf_counter()
        signal.alarm(PER_FILE_TIMEOUT)
        try:
            try:
                source = Document.read(str(path))
            except SourceError as error:
                crashes.append({"path": rel, "error": f"unreadable: {error.message}"})
                continue
            diagnostics = lint(source, rules, options)
        except _Timeout:
            crashes.append({"path": rel, "error": f"timeout after {PER_FILE_TIMEOUT}s"})
            continue
        except Exception as exc:  # noqa: BLE001 - the point is to catch everything
            crashes.append({"path": rel, "error": f"{type(exc).__name__}: {exc}"})
            continue
        finally:
            signal.alarm(0)
        elapsed = time.perf_counter() - t0
        if elapsed > 2.0:
            slow.append({"path": rel, "seconds": round(elapsed, 2)})
        for d in diagnostics:
            if d.code == "NN000":
                crashes.append({"path": rel, "error": f"NN000 {d.name} line {d.line}: {d.message}"})
                continue
            findings.append({"path": rel, "line": d.line, "column": d.column, "code": d.code,
                             "message": d.message, "context": getattr(d, "context", None)})
    return {
        "files": len(files),
        "seconds": round(time.perf_counter() - started, 2),
        "findings": findings,
        "crashes": crashes,
        "slow_files": slow,
    }


def key(package: str, finding: dict) -> str:
    return f"{package}:{finding['path']}:{finding['line']}:{finding['code']}"


def run() -> dict:
    roots = fetch()
    results = {"seed": SEED, "sample_size": SAMPLE_SIZE, "python": sys.version.split()[0], "packages": {}}
    for name, root in roots.items():
        default = lint_tree(root, Selection())
        opt_in = lint_tree(root, Selection(select=OPT_IN))
        findings = default["findings"]
        ordered = sorted(findings, key=lambda f: (f["path"], f["line"], f["code"]))
        if len(ordered) > SAMPLE_SIZE:
            sample = random.Random(SEED).sample(ordered, SAMPLE_SIZE)
            sample.sort(key=lambda f: (f["path"], f["line"], f["code"]))
        else:
            sample = ordered
        results["packages"][name] = {
            "version": PACKAGES[name],
            "files": default["files"],
            "seconds": default["seconds"],
            "per_code": dict(sorted(Counter(f["code"] for f in findings).items())),
            "crashes": default["crashes"] + opt_in["crashes"],
            "slow_files": default["slow_files"],
            "findings": ordered,
            "sample": [key(name, f) for f in sample],
            "opt_in": {
                "seconds": opt_in["seconds"],
                "per_code": dict(sorted(Counter(f["code"] for f in opt_in["findings"]).items())),
            },
        }
        pkg = results["packages"][name]
        print(f"{name}=={PACKAGES[name]}: {pkg['files']} files, {pkg['seconds']}s, findings {pkg['per_code']}, "
              f"crashes {len(pkg['crashes'])}, opt-in {pkg['opt_in']['per_code']} ({pkg['opt_in']['seconds']}s)")
        for crash in pkg["crashes"]:
            print(f"  CRASH {crash['path']}: {crash['error']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return results


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_doc(results: dict) -> None:
    verdicts = json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}
    text = DOC.read_text() if DOC.exists() else "# nnlint on real code\n\n"
    head = text.split("<!-- generated below -->")[0]
    # The training-script part (scripts/training_corpus.py) is written by that script; keep it as it is.
    training = ""
    if TRAINING_BEGIN in text and TRAINING_END in text:
        training = TRAINING_BEGIN + text.split(TRAINING_BEGIN, 1)[1].split(TRAINING_END, 1)[0] + TRAINING_END
        head = head.split(TRAINING_BEGIN)[0]
    out = [head.rstrip() + "\n", "<!-- generated below -->", ""]
    out.append(f"Generated by `python scripts/realworld.py --write-doc` (Python {results['python']}, seed "
               f"{results['seed']}, sample size {results['sample_size']} per package). Default rule set.\n")
    codes = sorted({c for p in results["packages"].values() for c in p["per_code"]})
    out.append("| package | version | files | time (s) | crashes | findings | " + " | ".join(codes) + " |")
    out.append("|---|---|---|---|---|---|" + "---|" * len(codes))
    for name, pkg in results["packages"].items():
        out.append(f"| {name} | {pkg['version']} | {pkg['files']} | {pkg['seconds']} | {len(pkg['crashes'])} | "
                   f"{len(pkg['findings'])} | " + " | ".join(str(pkg["per_code"].get(c, 0)) for c in codes) + " |")
    out.append("")
    out.append("Opt-in rules (NN105, NN202, NN302, NN303, NN503), run separately, not audited:\n")
    out.append("| package | time (s) | findings per code |")
    out.append("|---|---|---|")
    for name, pkg in results["packages"].items():
        per = ", ".join(f"{c}: {n}" for c, n in pkg["opt_in"]["per_code"].items()) or "none"
        out.append(f"| {name} | {pkg['opt_in']['seconds']} | {per} |")
    out.append("")
    crashes = [(n, c) for n, p in results["packages"].items() for c in p["crashes"]]
    out.append(f"Crashes (exceptions, NN000 internal errors, >{PER_FILE_TIMEOUT}s files): "
               f"{len(crashes) or 'none'}.\n")
    for name, crash in crashes:
        out.append(f"- {name}: `{crash['path']}`: {_cell(crash['error'])}")
    tally: dict[str, Counter] = {}
    rows = []
    for name, pkg in results["packages"].items():
        by_key = {key(name, f): f for f in pkg["findings"]}
        for k in pkg["sample"]:
            f = by_key[k]
            verdict, reason = verdicts.get(k, ["unaudited", ""])
            tally.setdefault(f["code"], Counter())[verdict] += 1
            rows.append(f"| {name} | `{f['path']}:{f['line']}` | {f['code']} | {verdict} | {_cell(reason)} |")
    out.append("\n## Audit totals (sampled findings)\n")
    out.append("| code | TP | FP | unaudited |")
    out.append("|---|---|---|---|")
    for code in sorted(tally):
        t = tally[code]
        out.append(f"| {code} | {t['TP']} | {t['FP']} | {t['unaudited']} |")
    out.append("\n## Audit\n")
    out.append("| package | file:line | code | verdict | reason |")
    out.append("|---|---|---|---|---|")
    out.extend(rows)
    live = {key(n, f) for n, p in results["packages"].items() for f in p["findings"]}
    gone = sorted(k for k in verdicts if k not in live)
    if gone:
        out.append("\n## Audited earlier, no longer reported\n")
        out.append("| finding | earlier verdict | reason |")
        out.append("|---|---|---|")
        for k in gone:
            out.append(f"| `{k}` | {verdicts[k][0]} | {_cell(verdicts[k][1])} |")
    if training:
        out.extend(["", training])
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("\n".join(out) + "\n")
    print(f"wrote {DOC.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-doc", action="store_true", help="regenerate docs/real-world.md")
    parser.add_argument("--reuse", action="store_true", help="do not lint again; use .cache/realworld/results.json")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if args.reuse else run()
    if args.write_doc:
        write_doc(results)
    crashed = sum(len(p["crashes"]) for p in results["packages"].values())
    sys.exit(1 if crashed else 0)


if __name__ == "__main__":
    main()
