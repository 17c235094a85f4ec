"""`--plot FILE.png`: one panel per check, showing its deciding metric and the threshold it is judged by.

A check describes its own panel (`fitting.panel`): loss curves over the steps (NN101, NN102, NN104,
NN201, NN501, NN502, NN601, NN701, overfit), a profile through the layers (NN301's output std,
NN111's gradient norms), bars (NN103's gradients, NN106's class outputs, NN401's unsaved variables), or
the loss after a resume (NN402). Values at or below zero on a log scale are drawn at the axis floor, not
cut off; NaN shows as a gap, marked.
"""

from __future__ import annotations

import math

COLORS = ["tab:red", "tab:green", "tab:blue", "tab:orange"]
#: the side with the fix (or the recommended setup) is green, whatever its position
GOOD = {"fixed", "ReLU", "constant", "with optimizer state", "scaled 0-1", "logits loss", "lr 1e-3"}


def _color(label: str, index: int) -> str:
    if label in GOOD or label.startswith(("batch size 16", "Adam(lr=0.001)")):
        return "tab:green"
    return COLORS[0] if index == 0 or label == "original" else COLORS[(index + 1) % len(COLORS)]


def draw(result: dict, path: str, findings: list[dict]) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = {f["index"]: f["line"] for f in findings}
    panels = []
    for check in result.get("checks", []):
        if isinstance(check.get("panel"), dict):
            where = ", ".join(f"line {lines[i]}" for i in check.get("findings", []) if i in lines)
            panels.append((f"{check['code']} {check.get('model') or ''} ({where})", check.get("verdict", ""),
                           check.get("reason", ""), check["panel"]))
    for entry in result.get("overfit", []):
        if isinstance(entry.get("panel"), dict):
            panels.append((f"overfit {entry.get('model')} [{entry.get('variant')}]", entry.get("verdict", ""),
                           entry.get("reason", ""), entry["panel"]))
    if not panels:
        return {"path": path, "written": False, "reason": "no check produced a measurement to draw"}
    columns = min(3, len(panels))
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5.4 * columns, 4.0 * rows), squeeze=False)
    for axis, (title, verdict, reason, panel) in zip(axes.flat, panels):
        _draw_panel(axis, panel)
        subtitle = panel.get("title", "")
        subtitle = subtitle if len(subtitle) <= 60 else subtitle[:57] + "..."
        axis.set_title(f"{title}\n{subtitle}\n{verdict}", fontsize=8)
        axis.grid(True, which="both", alpha=0.3)
    for axis in list(axes.flat)[len(panels):]:
        axis.axis("off")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return {"path": path, "written": True, "panels": len(panels)}


def _draw_panel(axis, panel: dict) -> None:
    series = {k: v for k, v in (panel.get("series") or {}).items() if v}
    kind = panel.get("kind", "curves")
    scale = panel.get("yscale", "log")
    values = [v for curve in series.values() for v in curve if isinstance(v, (int, float)) and math.isfinite(v)]
    floor = None
    if scale == "log":
        positive = [v for v in values if v > 0]
        if any(v < 0 for v in values) or not positive:
            scale = "symlog" if values else "linear"
        else:  # an exact zero (a loss that reached 0) is drawn at the axis floor, not cut off
            threshold = panel.get("threshold")
            floor = min(positive + ([threshold] if isinstance(threshold, (int, float)) and threshold > 0 else [])) / 3
            series = {k: [floor if isinstance(v, (int, float)) and v == 0 else v for v in curve]
                      for k, curve in series.items()}
    if kind == "bars":
        labels = panel.get("x") or []
        width = 0.8 / max(1, len(series))
        for i, (label, curve) in enumerate(series.items()):
            positions = [j + i * width for j in range(len(curve))]
            axis.bar(positions, [v if isinstance(v, (int, float)) and math.isfinite(v) else 0 for v in curve],
                     width=width, label=label, color=_color(label, i))
            for position, value in zip(positions, curve):
                axis.annotate(_short(value), (position, 0), fontsize=7, ha="center", va="bottom")
        axis.set_xticks([j + 0.4 - width / 2 for j in range(len(labels))])
        axis.set_xticklabels([str(label)[-14:] for label in labels], rotation=30, fontsize=7, ha="right")
    else:
        for i, (label, curve) in enumerate(series.items()):
            xs = panel.get("x") if kind == "curves" and panel.get("x") and len(panel["x"]) == len(curve) else range(len(curve))
            ys = [v if isinstance(v, (int, float)) and math.isfinite(v) else float("nan") for v in curve]
            axis.plot(list(xs), ys, label=label, color=_color(label, i), marker="o" if kind == "profile" else None,
                      markersize=3)
            broken = [x for x, v in zip(xs, curve) if not (isinstance(v, (int, float)) and math.isfinite(v))]
            if broken:
                axis.axvline(broken[0], color=_color(label, i), linestyle=":", alpha=0.7)
                axis.annotate("NaN/Inf", (broken[0], 0.5), xycoords=("data", "axes fraction"), fontsize=7)
        if kind == "profile" and panel.get("x"):
            axis.set_xticks(range(len(panel["x"])))
            axis.set_xticklabels([str(label)[-14:] for label in panel["x"]], rotation=30, fontsize=7, ha="right")
    threshold = panel.get("threshold")
    if isinstance(threshold, (int, float)) and math.isfinite(threshold):
        axis.axhline(threshold, color="black", linestyle="--", linewidth=1,
                     label=panel.get("threshold_label") or "threshold")
    axis.set_yscale(scale)
    if floor is not None:
        axis.set_ylim(bottom=floor)
    axis.set_xlabel(panel.get("xlabel", ""), fontsize=8)
    axis.set_ylabel(panel.get("ylabel", ""), fontsize=8)
    axis.legend(fontsize=7)


def _short(value) -> str:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return "NaN"
    return f"{value:.2g}"
