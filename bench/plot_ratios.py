#!/usr/bin/python3
"""Bar chart of ours/PyTorch throughput ratios from compare_pytorch.py's JSON.

    /usr/bin/python3 bench/plot_ratios.py [bench/results/comparison.json] [docs/performance.png]
Needs Debian's python3-matplotlib.
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "results", "comparison.json")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "docs", "performance.png")
    data = json.load(open(src))
    rows = data["rows"]
    presets = list(dict.fromkeys(r["preset"] for r in rows))
    threads = sorted({r["threads"] for r in rows})
    series = [(t, kind) for t in threads for kind in ("train", "infer")]
    width = 0.8 / len(series)
    colours = {("train", 1): "#9ecae1", ("train", 2): "#2171b5", ("infer", 1): "#fdd0a2", ("infer", 2): "#d94801"}

    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=110)
    for i, (t, kind) in enumerate(series):
        values = []
        for p in presets:
            row = next(r for r in rows if r["preset"] == p and r["threads"] == t)
            values.append(row[f"{kind}_ratio"])
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(presets))]
        label = f"{'training' if kind == 'train' else 'inference'}, {t} thread{'s' if t > 1 else ''}"
        ax.bar(xs, values, width, label=label, color=colours.get((kind, t), None))
        for x, v in zip(xs, values):
            ax.text(x, v + 0.03, f"{v:.2f}", ha="center", va="bottom", fontsize=7)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(1.5, color="#cb181d", linewidth=1, linestyle="--", label="training target 1.5")
    ax.set_xticks(range(len(presets)))
    ax.set_xticklabels(presets)
    ax.set_ylabel("images/s, ours ÷ PyTorch (best set-up)")
    ax.set_title(f"CNN Workbench vs PyTorch {data['torch'].get('torch', '')} — {data['machine']}", fontsize=10)
    ax.legend(fontsize=8, ncol=2)
    ax.set_ylim(0, max(max(r["train_ratio"], r["infer_ratio"]) for r in rows) * 1.15)
    fig.tight_layout()
    fig.savefig(dst)
    print(f"wrote {dst}")


if __name__ == "__main__":
    main()
