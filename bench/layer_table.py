#!/usr/bin/python3
"""Per-layer before/after table (Markdown) from two `cnnwb bench --layers --json` files.

Each layer's forward + backward time per batch (fastest of the repetitions) in
the two runs, at every thread count both runs have, matched by layer name; the
algorithm is the one of the second run. Layers of no more than --min-ms in both
runs (Flatten, a dropout at inference rate) are summed into one "other" row.

    /usr/bin/python3 bench/layer_table.py before.json after.json e4-h [--min-ms 0.05]
"""
import argparse
import json


def models(path):
    """{(preset, threads): model object} of one bench JSON file."""
    return {(m["preset"], m["threads"]): m for m in json.load(open(path)) if m.get("kind") == "model"}


def layer_ms(model):
    return {l["name"]: (l, 1000.0 * (l["forward_seconds"] + l["backward_seconds"])) for l in model.get("layers", [])}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("preset")
    parser.add_argument("--min-ms", type=float, default=0.05)
    args = parser.parse_args()
    before, after = models(args.before), models(args.after)
    threads = sorted(t for (p, t) in after if p == args.preset and (p, t) in before)
    if not threads:
        raise SystemExit(f"{args.preset}: no thread count measured in both files")

    per_thread = {t: (layer_ms(before[(args.preset, t)]), layer_ms(after[(args.preset, t)])) for t in threads}
    names = [l["name"] for l in after[(args.preset, threads[0])]["layers"]]
    header = "| layer (type, algorithm now) | " + " | ".join(f"{t} thr: before → after, ms" for t in threads) + " |"
    print(header)
    print("|---|" + "---:|" * len(threads))
    other = {t: [0.0, 0.0] for t in threads}
    for name in names:
        cells, small = [], True
        for t in threads:
            b, a = per_thread[t]
            b_ms = b[name][1] if name in b else float("nan")
            a_ms = a[name][1]
            small = small and max(b_ms if b_ms == b_ms else 0.0, a_ms) <= args.min_ms
            cells.append((b_ms, a_ms))
        if small:
            for t, (b_ms, a_ms) in zip(threads, cells):
                other[t][0] += b_ms if b_ms == b_ms else 0.0
                other[t][1] += a_ms
            continue
        layer = per_thread[threads[0]][1][name][0]
        kind = layer["type"] + (f", {layer['algorithm']}" if layer.get("algorithm") else "")
        print(f"| {name} ({kind}) | " + " | ".join(f"{b:.2f} → {a:.2f}" for b, a in cells) + " |")
    if any(o[0] or o[1] for o in other.values()):
        print(f"| other layers (≤ {args.min_ms} ms each) | "
              + " | ".join(f"{other[t][0]:.2f} → {other[t][1]:.2f}" for t in threads) + " |")
    print("| **training, images/s** | " + " | ".join(
        f"{before[(args.preset, t)]['train_images_per_second']:,.0f} → {after[(args.preset, t)]['train_images_per_second']:,.0f}"
        for t in threads) + " |")


if __name__ == "__main__":
    main()
