#!/usr/bin/env python
"""Does lint time grow linearly with the model? Generated models of growing size (issues 16 and 18).

    python benchmarks/scale_bench.py                       # sizes 500 1000 2000 4000, every shape
    python benchmarks/scale_bench.py --sizes 1000 4000 --shapes class-convbn alias-backward

Each shape is generated at each size and linted in-process (`nnlint.lint.lint`, every rule, `--select ALL`
semantics, no fix computed) after a warm-up, one process; the figure is CPU time (`time.process_time`, the
least of `--repeat` runs), which other processes on a shared machine do not inflate much. Per-unit time
should stay flat: the ratio column compares the largest size's time per unit with the 1,000 size's (flat =
within ~1.3x; part of what remains is Python itself — `ast.parse` and the garbage collector cost more per
line in a larger tree). tests/test_scale.py checks the same shapes by counting function calls, untimed.

Shapes (a "unit" is a layer, an alias or a function):
* class-convbn     one nn.Module class: N/2 `Conv2d(bias=False)` + `BatchNorm2d` pairs, used in order in forward
* class-linear     one nn.Module class: N bias-free `nn.Linear` layers chained in forward (N findings)
* seq-convbn       one `nn.Sequential(...)` of N/2 conv+BN pairs
* seq-linear       one `nn.Sequential(...)` of N bias-free `nn.Linear` (N findings)
* keras-seq        one `keras.Sequential([...])` of N/2 `Dense(use_bias=False)` + `BatchNormalization` pairs
* alias-forward    `a0 = nn.Linear(..., bias=False)`, `a1 = a0`, ..., `aN = a(N-1)`, then `model = nn.Sequential(aN, nn.ReLU())`
* alias-backward   `a0 = a1`, `a1 = a2`, ..., `aN = nn.Linear(..., bias=False)` (module level), then `model = nn.Sequential(a0, nn.ReLU())`
* long-file        N small functions, each building a small model with one finding (time per function)
"""

from __future__ import annotations

import argparse
from collections import Counter
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlint import gc_policy  # noqa: E402
from nnlint.document import Document  # noqa: E402
from nnlint.lint import lint  # noqa: E402
from nnlint.selection import Selection  # noqa: E402


def _class(body_init: list[str], body_forward: list[str]) -> str:
    return "\n".join([
        "import torch.nn as nn", "import torch.nn.functional as F", "",
        "class Big(nn.Module):", "    def __init__(self):", "        super().__init__()",
        *("        " + line for line in body_init),
        "    def forward(self, x):",
        *("        " + line for line in body_forward),
        "        return x", "",
    ])


def class_convbn(n: int) -> str:
    pairs = max(1, n // 2)
    init = [line for i in range(pairs) for line in (f"self.conv{i} = nn.Conv2d(8, 8, 3, padding=1, bias=False)",
                                                   f"self.bn{i} = nn.BatchNorm2d(8)")]
    forward = [f"x = F.relu(self.bn{i}(self.conv{i}(x)))" for i in range(pairs)]
    return _class(init, forward)


def class_linear(n: int) -> str:
    init = [f"self.fc{i} = nn.Linear(8, 8, bias=False)" for i in range(n)]
    forward = [f"x = F.relu(self.fc{i}(x))" for i in range(n)]
    return _class(init, forward)


def seq_convbn(n: int) -> str:
    items = [item for _ in range(max(1, n // 2))
             for item in ("    nn.Conv2d(8, 8, 3, padding=1, bias=False),", "    nn.BatchNorm2d(8),")]
    return "\n".join(["import torch.nn as nn", "", "model = nn.Sequential(", *items, "    nn.ReLU(),", ")", ""])


def seq_linear(n: int) -> str:
    items = ["    nn.Linear(8, 8, bias=False)," for _ in range(n)]
    return "\n".join(["import torch.nn as nn", "", "model = nn.Sequential(", *items, "    nn.ReLU(),", ")", ""])


def keras_seq(n: int) -> str:
    items = [item for _ in range(max(1, n // 2))
             for item in ("    keras.layers.Dense(8, use_bias=False),", "    keras.layers.BatchNormalization(),")]
    return "\n".join(["from tensorflow import keras", "", "model = keras.Sequential([", *items,
                      "    keras.layers.Dense(10),", "])", ""])


def alias_forward(n: int) -> str:
    lines = ["import torch.nn as nn", "", "a0 = nn.Linear(8, 8, bias=False)"]
    lines += [f"a{i} = a{i - 1}" for i in range(1, n + 1)]
    lines += [f"model = nn.Sequential(a{n}, nn.ReLU())", "other = nn.Sequential(nn.Linear(4, 4, bias=False), nn.ReLU())", ""]
    return "\n".join(lines)


def alias_backward(n: int) -> str:
    lines = ["import torch.nn as nn", ""]
    lines += [f"a{i} = a{i + 1}" for i in range(n)]
    lines += [f"a{n} = nn.Linear(8, 8, bias=False)", "model = nn.Sequential(a0, nn.ReLU())",
              "other = nn.Sequential(nn.Linear(4, 4, bias=False), nn.ReLU())", ""]
    return "\n".join(lines)


def long_file(n: int) -> str:
    lines = ["import torch.nn as nn", "import torch.nn.functional as F", ""]
    for i in range(n):
        lines += [f"def block{i}(x, width={i + 1}):",
                  "    layer = nn.Linear(width, width, bias=False)",
                  "    head = nn.Sequential(layer, nn.ReLU(), nn.Linear(width, 2))",
                  "    y = F.relu(head(x))",
                  "    return y.mean()", ""]
    return "\n".join(lines)


SHAPES = {
    "class-convbn": class_convbn, "class-linear": class_linear, "seq-convbn": seq_convbn, "seq-linear": seq_linear,
    "keras-seq": keras_seq, "alias-forward": alias_forward, "alias-backward": alias_backward, "long-file": long_file,
}


def lint_source(source: str, name: str = "big.py") -> list:
    """Lint one generated source with every rule (default and opt-in), without computing fixes."""
    return lint(Document.from_text(source, name), Selection(["ALL"]).rules(), {})


def measure(source: str, repeat: int = 1) -> tuple[float, list]:
    """The least CPU time of `repeat` lints of `source`, and the findings."""
    best, found = float("inf"), []
    for _ in range(repeat):
        start = time.process_time()
        found = lint_source(source)
        best = min(best, time.process_time() - start)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--repeat", type=int, default=3, help="lints per size; the least CPU time counts")
    args = parser.parse_args(argv)
    gc_policy.tune()  # the garbage collector as the command line sets it (issue 18)
    sys.setrecursionlimit(1000)  # the interpreter's default: what a user's run has
    measure(class_convbn(10))  # warm-up: imports, tables
    print(f"CPU seconds of one in-process lint (time.process_time, least of {args.repeat}: robust on a shared "
          "machine), every rule, no fixes; one process, Python's default recursion limit, the garbage collector as the command line sets it")
    print()
    base_size = 1000 if 1000 in args.sizes else args.sizes[0]
    print("| shape | " + " | ".join(f"{n:,}" for n in args.sizes) + " | ms per unit at each size | "
          f"{args.sizes[-1]:,} / {base_size:,} per unit | findings at {args.sizes[-1]:,} |")
    print("|---|" + "---:|" * len(args.sizes) + "---|---:|---|")
    for shape in args.shapes:
        seconds, per_unit, found = [], [], []
        for n in args.sizes:
            spent, found = measure(SHAPES[shape](n), args.repeat)
            seconds.append(spent)
            per_unit.append(spent / n)
        base = per_unit[args.sizes.index(base_size)]
        ratio = per_unit[-1] / base if base else float("nan")
        codes = Counter(d.code for d in found)
        print(f"| {shape} | " + " | ".join(f"{s:.2f} s" for s in seconds) + " | "
              + " / ".join(f"{1000 * p:.2f}" for p in per_unit) + f" | {ratio:.2f}x | "
              + ", ".join(f"{code} x{count}" for code, count in sorted(codes.items())) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
