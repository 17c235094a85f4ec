"""Time per `nnlint verify` check on the fixture models, and where it goes.

    python benchmarks/verify_bench.py [--repeat 1] [--device cpu|cuda|auto] [--steps 300] [--only NAME ...]

Each case verifies one fixture end to end (lint, fix, child process, checks). Per check: the seconds
the check took inside the child, split into building the models (the file's own code: constructors,
and the first forward pass of a Keras model) and measuring (nnlint's fits and probes). Per case: the
whole command, split into the file's top-level code, every check, and the rest (starting Python and
importing the framework, which dominates on small models). Medians over `--repeat` runs; markdown.
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

V = "fixtures/verify/"
CASES = [
    ("torch MLP", V + "torch_relu_head.py", {}),
    ("torch bias-free MLP + --overfit", V + "torch_bias_free.py", {"overfit": True}),
    ("torch 6-layer MLP", V + "torch_small_init.py", {}),
    ("torch DCGAN CNN (32×32)", "fixtures/torch/dcgan_weights_init.py", {}),
    ("torch classifier", V + "torch_double_softmax.py", {}),
    ("torch MLP + NLLLoss", V + "torch_probability_losses.py", {}),
    ("torch sigmoid tagger", V + "torch_sigmoid_nll.py", {}),
    ("torch sigmoid MLP", V + "torch_sigmoid_hidden.py", {}),
    ("torch MLP, checkpoints", V + "torch_resume.py", {}),
    ("torch MLP, StepLR", V + "torch_step_decay.py", {}),
    ("torch MLP, lr 0.1", V + "torch_high_lr.py", {}),
    ("torch BatchNorm1d MLP", V + "torch_batchnorm_batch1.py", {}),
    ("torch BatchNorm2d CNN (32×32)", V + "torch_batchnorm2d_batch1.py", {}),
    ("torch LSTM, config dataclasses", V + "torch_config_lstm.py", {}),
    ("Keras 3 MLPs + subclassed", V + "keras_models.py", {}),
    ("Keras 3 heads", V + "keras_heads.py", {}),
    ("Keras 3 raw pixels", V + "keras_raw_pixels.py", {}),
    ("TF1 graph + --overfit", V + "tf1_saver_early.py", {"overfit": True}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--only", nargs="*", help="cases whose label contains one of these words")
    args = parser.parse_args()
    print("| case | check | verdict | check s | building s | measuring s |")
    print("|---|---|---|---:|---:|---:|")
    totals = []
    for label, path, extra in CASES:
        if args.only and not any(word.lower() in label.lower() for word in args.only):
            continue
        runs, per_check, device = [], {}, None
        for _ in range(args.repeat):
            report = verify(str(ROOT / path), Options(device=args.device, steps=args.steps, **extra))
            device = report["device"]
            times = report.get("time") or {}
            runs.append((report["seconds"], times.get("user_code", 0.0), times.get("checks", 0.0)))
            seen = set()
            for finding in report["findings"]:
                for check in finding["checks"]:
                    key = (check["code"], check.get("model"), check.get("id"))
                    if key in seen or "seconds" not in check:
                        continue
                    seen.add(key)
                    split = check.get("time") or {}
                    per_check.setdefault(key[:2], []).append(
                        (check["seconds"], split.get("building", 0.0), split.get("measuring", 0.0), check["verdict"]))
            for entry in report["overfit"]:
                if "seconds" in entry:
                    per_check.setdefault(("overfit", f"{entry['model']} [{entry['variant']}]"), []).append(
                        (entry["seconds"], 0.0, entry["seconds"], entry["verdict"]))
        for (code, model), values in per_check.items():
            median = [statistics.median(v[i] for v in values) for i in range(3)]
            print(f"| {label} | {code} {model or ''} | {values[-1][3]} | {median[0]:.2f} | {median[1]:.2f} | "
                  f"{median[2]:.2f} |")
        whole, user, checks = (statistics.median(r[i] for r in runs) for i in range(3))
        totals.append((label, whole, user, checks, device))
    print("\n| case | whole command s | file's code s | checks s | Python + framework start s |")
    print("|---|---:|---:|---:|---:|")
    for label, whole, user, checks, device in totals:
        print(f"| {label} | {whole:.1f} | {user:.2f} | {checks:.2f} | {max(0.0, whole - user - checks):.1f} |")
    print(f"\n{args.repeat} run(s) each, median; {args.steps} steps per fit; device {totals[0][4] if totals else '-'}; "
          f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
