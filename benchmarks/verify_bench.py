"""Median time per `nnlint verify` check on the fixture models.

    python benchmarks/verify_bench.py [--repeat 3] [--device cpu|cuda|auto] [--steps 300]

Each run verifies one fixture end to end (lint, fix, child process, checks); the table shows the
median wall time of the whole command and of each check inside the child (as the child measured
it, so process start-up and framework import are in "total" only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlint.verify import verify  # noqa: E402
from nnlint.verify.options import Options  # noqa: E402

CASES = [
    ("torch MLP, NN101", "fixtures/verify/torch_relu_head.py", {}),
    ("torch MLP, NN201", "fixtures/verify/torch_bias_free.py", {}),
    ("torch deep MLP, NN301", "fixtures/verify/torch_small_init.py", {}),
    ("torch DCGAN CNN, NN201+NN301", "fixtures/torch/dcgan_weights_init.py", {}),
    ("torch MLP, --overfit", "fixtures/verify/torch_bias_free.py", {"overfit": True}),
    ("Keras 3 MLPs, NN101+NN201+NN301", "fixtures/verify/keras_models.py", {}),
    ("TF1 graph, NN401", "fixtures/verify/tf1_saver_early.py", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    print(f"{'case':<34}{'check':<8}{'model':<12}{'verdict':<15}{'median s':>9}")
    for label, path, extra in CASES:
        totals, per_check, device = [], {}, None
        for _ in range(args.repeat):
            report = verify(str(ROOT / path), Options(device=args.device, steps=args.steps, **extra))
            device = report["device"]
            totals.append(report["seconds"])
            seen = set()
            for finding in report["findings"]:
                for check in finding["checks"]:
                    key = (check["code"], check.get("model"), check.get("id"))
                    if key in seen or "seconds" not in check:
                        continue
                    seen.add(key)
                    per_check.setdefault(key[:2], []).append((check["seconds"], check["verdict"]))
            for entry in report["overfit"]:
                if "seconds" in entry:
                    per_check.setdefault(("overfit", f"{entry['model']}/{entry['variant'][:5]}"), []).append(
                        (entry["seconds"], entry["verdict"]))
        for (code, model), runs in per_check.items():
            print(f"{label:<34}{code:<8}{str(model):<12}{runs[-1][1]:<15}{statistics.median(s for s, _ in runs):>9.2f}")
        print(f"{label:<34}{'total':<8}{'':<12}{'':<15}{statistics.median(totals):>9.2f}   ({device})")
    print(f"\n{args.repeat} runs each, median; {args.steps} steps per fit; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
