#!/usr/bin/env python3
"""Writes the tables of docs/results.md from a run library.

Every figure comes from the runs the library holds (`cnnwb runs list --json`):
for each preset, the finished runs made from it with no change but the seed
(one seed group), their mean ± standard deviation, min–max, and where the
published figure lies against that range. The runs are made by one sweep per
experiment (the commands are printed with each table):

    cnnwb sweep e1-lenet1988 e1-no-h3 e1-relu e1-crossentropy e1-rbf --repeat 5 --threads 2
    cnnwb sweep e3-mlp e3-mlp-adadelta e3-cnn --repeat 3 --threads 2
    cnnwb sweep e4-a e4-b e4-c e4-d e4-e e4-f e4-g e4-h --repeat 3 --threads 2

Usage: scripts/results_from_runs.py --cnnwb build/app/cnnwb --runs DIR > tables.md
"""
import argparse
import json
import statistics
import subprocess
import sys

EXPERIMENTS = [
    ("E1 — LeNet 1988 on MNIST", ["e1-lenet1988", "e1-no-h3", "e1-relu", "e1-crossentropy", "e1-rbf"], 5),
    ("E3 — MLP vs CNN on MNIST", ["e3-mlp", "e3-mlp-adadelta", "e3-cnn"], 3),
    ("E4 — convolution + pooling (Theano) on MNIST", ["e4-a", "e4-b", "e4-c", "e4-d", "e4-e", "e4-f", "e4-g", "e4-h"], 3),
]


def preset_info(cnnwb, preset):
    out = subprocess.run([cnnwb, "summary", preset, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def spread(values):
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, std, min(values), max(values)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cnnwb", required=True)
    ap.add_argument("--runs", required=True)
    args = ap.parse_args()
    runs = json.loads(subprocess.run([args.cnnwb, "runs", "list", "--json", "--runs", args.runs], check=True,
                                     capture_output=True, text=True).stdout)
    machines, versions = set(), set()
    for title, presets, seeds in EXPERIMENTS:
        print(f"## {title}\n")
        print(f"`cnnwb sweep {' '.join(presets)} --repeat {seeds} --threads 2`\n")
        print("| preset | model | published | ours: mean ± std (n) | ours: min – max | published vs ours | "
              "epochs | mean wall time |")
        print("|---|---|---|---|---|---|---|---|")
        for preset in presets:
            info = preset_info(args.cnnwb, preset)
            group = [r for r in runs
                     if r["preset"] == preset and r["status"] == "finished" and r["parent"]["kind"] == "preset"
                     and all(c.startswith("training.seed:") for c in r["changes"])]
            reported = info.get("reported")
            error = reported and reported["metric"] == "test_error"
            if not group:
                print(f"| `{preset}` | {info['name']} | – | not run yet | | | | |")
                continue
            for r in group:
                machines.add(r["machine"])
                versions.add(r["engine_version"])
            # E4's author reports the test error at the epoch of best validation.
            key = "test_at_best_val" if error else "final_test_accuracy"
            values = [r[key] for r in group if r[key] is not None]
            mean, std, lo, hi = spread(values)
            if error:
                fmt = lambda v: f"{100 * (1 - v):.2f} %"
                ours = f"**{fmt(mean)}** ± {100 * std:.2f} ({len(values)})"
                rng = f"{fmt(hi)} – {fmt(lo)}"
                published = f"{100 * reported['value']:.2f} % error"
                target = 1 - reported["value"]
            else:
                ours = f"**{mean:.4f}** ± {std:.4f} ({len(values)})"
                rng = f"{lo:.4f} – {hi:.4f}"
                published = f"{reported['value']:.4f}" if reported else "–"
                target = reported["value"] if reported else None
            if target is None:
                verdict = "–"
            elif target > hi:
                verdict = "above our range" if not error else "below our error range (better)"
            elif target < lo:
                verdict = "below our range" if not error else "above our error range (worse)"
            else:
                verdict = "**inside** our range"
            epochs = group[0]["epochs_done"]
            wall = statistics.fmean(r["wall_seconds"] for r in group)
            print(f"| `{preset}` | {info['name']} | {published} | {ours} | {rng} | {verdict} | {epochs} | {wall:.0f} s |")
        print()
    print("Machines: " + "; ".join(sorted(machines)) + ". Code: " + ", ".join(sorted(versions)) + ".")


if __name__ == "__main__":
    sys.exit(main())
