#!/usr/bin/env python
"""Does a notebook cost what the same code costs as a `.py`? (issue 13)

    python benchmarks/notebook_bench.py CORPUS [--runs 5] [--work /tmp/nnlint-notebook-bench]

CORPUS is a folder searched for `.ipynb` files (for example a checkout of udacity/deep-learning-v2-pytorch
and ageron/handson-ml3; keep it outside this repository). `--strip-outputs` measures the same notebooks with
their outputs cleared, which shows what decoding the outputs' JSON costs. Each notebook is copied to `WORK/ipynb/`, and its
code cells, joined exactly as nnlint analyses them (IPython syntax overwritten in place), are written to
`WORK/py/` as a `.py` file of the same name: the same code, once in a notebook and once as Python.

Measured in CPU seconds (so that other work on the machine does not skew the ratio), interleaved round by
round, medians printed:
* in one process, `Linter.lint_file` over every notebook and over every `.py` twin (no cache), and the part
  of the notebook time spent reading the JSON and building the joined text;
* the command line, `python -m nnlint --no-cache --jobs 1` on each folder (start-up included).
The ratio notebook / `.py` is what the notebook support costs on top of linting the code.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlint.config import Config  # noqa: E402
from nnlint.engine import Linter  # noqa: E402
from nnlint.notebook import NotebookError, from_bytes  # noqa: E402


def prepare(corpus: Path, work: Path, strip: bool = False) -> tuple[list[Path], list[Path], int, int]:
    """Copy the notebooks (`strip`: without their outputs) and write their `.py` twins; (notebooks, twins,
    notebook bytes, code lines)."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "ipynb").mkdir(parents=True)
    (work / "py").mkdir(parents=True)
    notebooks, twins, size, lines = [], [], 0, 0
    for index, source in enumerate(sorted(corpus.rglob("*.ipynb"))):
        if ".ipynb_checkpoints" in source.parts:
            continue
        data = source.read_bytes()
        try:
            document = from_bytes(data, str(source))
        except NotebookError:
            continue
        if strip:  # as `jupyter nbconvert --clear-output` leaves them
            notebook_data = json.loads(data)
            for cell in notebook_data["cells"]:
                if cell.get("cell_type") == "code":
                    cell["outputs"], cell["execution_count"] = [], None
            data = (json.dumps(notebook_data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        name = f"{index:04d}_{source.stem.replace(' ', '_')}"
        notebook, twin = work / "ipynb" / f"{name}.ipynb", work / "py" / f"{name}.py"
        notebook.write_bytes(data)
        twin.write_text(document.text, encoding="utf-8")
        notebooks.append(notebook)
        twins.append(twin)
        size += len(data)
        lines += document.text.count("\n")
    return notebooks, twins, size, lines


def in_process(files: list[Path]) -> float:
    linter = Linter(Config(root=files[0].parent))
    start = time.process_time()
    for path in files:
        linter.lint_file(str(path))
    return time.process_time() - start


def reading(files: list[Path]) -> float:
    start = time.process_time()
    for path in files:
        from_bytes(path.read_bytes(), str(path))
    return time.process_time() - start


def command(folder: Path) -> float:
    """CPU seconds (user + system) of `nnlint` on a folder, in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "nnlint", "--no-cache", "--jobs", "1", "--quiet", "--exit-zero", "."],
                   cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a folder holding notebooks (searched recursively)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/nnlint-notebook-bench"))
    parser.add_argument("--strip-outputs", action="store_true",
                        help="measure the notebooks without their outputs (what decoding the outputs costs)")
    args = parser.parse_args()
    notebooks, twins, size, lines = prepare(args.corpus.resolve(), args.work.resolve(), args.strip_outputs)
    if not notebooks:
        sys.exit(f"no nbformat 4 notebook under {args.corpus}")
    found = sum(len(Linter(Config()).lint_file(str(path))) for path in notebooks)
    results: dict[str, list[float]] = {key: [] for key in ("ipynb", "py", "read", "cli ipynb", "cli py")}
    for round_ in range(args.runs):
        print(f"round {round_ + 1}/{args.runs}", file=sys.stderr)
        results["ipynb"].append(in_process(notebooks))
        results["py"].append(in_process(twins))
        results["read"].append(reading(notebooks))
        results["cli ipynb"].append(command(args.work / "ipynb"))
        results["cli py"].append(command(args.work / "py"))
    median = {key: statistics.median(values) for key, values in results.items()}
    outputs = "outputs stripped" if args.strip_outputs else "outputs included"
    print(f"{len(notebooks)} notebooks, {size / 1e6:.1f} MB of JSON ({outputs}), {lines} lines of code "
          f"in their code cells, {found} findings; medians of {args.runs} rounds")
    print(f"{'':<34}{'notebooks':>12}{'same code as .py':>18}{'ratio':>8}")
    print(f"{'in one process (Linter.lint_file)':<34}{median['ipynb']:>11.2f}s{median['py']:>17.2f}s"
          f"{median['ipynb'] / median['py']:>8.2f}")
    print(f"{'command line, --jobs 1':<34}{median['cli ipynb']:>11.2f}s{median['cli py']:>17.2f}s"
          f"{median['cli ipynb'] / median['cli py']:>8.2f}")
    print(f"reading the JSON and building the joined text: {median['read']:.2f}s "
          f"({100 * median['read'] / median['ipynb']:.0f}% of the notebooks' time)")


if __name__ == "__main__":
    main()
