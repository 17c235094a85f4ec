"""`--plot FILE.png`: loss curves of original and fixed, log scale, one panel per check."""

from __future__ import annotations

import math


def draw(result: dict, path: str, findings: list[dict]) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [check for check in result["checks"] if check.get("curves")]
    overfit: dict = {}
    for entry in result["overfit"]:
        if entry.get("curve"):
            panel = overfit.setdefault(entry["model"], {"code": "overfit", "model": entry["model"], "curves": {},
                                                        "verdict": ""})
            panel["curves"][entry["variant"]] = entry["curve"]
            panel["verdict"] += (" / " if panel["verdict"] else "") + f"{entry['variant']} {entry['verdict']}"
    panels += list(overfit.values())
    if not panels:
        return {"path": path, "written": False, "reason": "no loss curve to draw (no check trained a model)"}
    lines = {f["index"]: f["line"] for f in findings}
    columns = min(3, len(panels))
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.6 * rows), squeeze=False)
    for axis, panel in zip(axes.flat, panels):
        for label, curve in panel["curves"].items():
            values = [max(v, 1e-12) if math.isfinite(v) else float("nan") for v in curve]
            axis.plot(range(len(values)), values, label=label, color="tab:red" if label == "original" else "tab:green")
        axis.set_yscale("log")
        where = ", ".join(f"line {lines[i]}" for i in panel.get("findings", []) if i in lines)
        axis.set_title(f"{panel['code']} {panel.get('model') or ''} {('(' + where + ')') if where else ''}\n"
                       f"{panel['verdict']}", fontsize=9)
        axis.set_xlabel("step")
        axis.set_ylabel("loss (MSE)")
        axis.legend(fontsize=8)
        axis.grid(True, which="both", alpha=0.3)
    for axis in list(axes.flat)[len(panels):]:
        axis.axis("off")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return {"path": path, "written": True, "panels": len(panels)}
