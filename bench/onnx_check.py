#!/usr/bin/env python3
"""Exports every preset (and bench/specs/*.json) as ONNX (`cnnwb export --onnx`),
checks each file with ONNX's own checker (python3-onnx) and runs it in OpenCV's
DNN module (python3-opencv) on the images the export's check file holds — the
first 100 MNIST test images for MNIST models (real data), 100 GENERATED images
for CIFAR-10 models (CIFAR-10 cannot be had here) — against the engine's
inference outputs on the same images (largest relative error per model,
tolerance 1e-4).

    /usr/bin/python3 bench/onnx_check.py --cnnwb build/app/cnnwb [--out results.json]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import cv2
import numpy as np
import onnx


def read_tensors(index_path):
    index = json.load(open(index_path))
    raw = np.fromfile(os.path.join(os.path.dirname(index_path), index["data"]), dtype="<f4")
    return {t["name"]: raw[t["offset"]:t["offset"] + int(np.prod(t["shape"]))].reshape(t["shape"])
            for t in index["tensors"]}, index


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cnnwb", default="build/app/cnnwb")
    ap.add_argument("--data", default=os.environ.get("CNNWB_DATA", "../shared/data"))
    ap.add_argument("--images", type=int, default=100)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    cnnwb = os.path.abspath(args.cnnwb)
    here = os.path.dirname(os.path.abspath(__file__))
    listing = subprocess.run([cnnwb, "presets"], capture_output=True, text=True).stdout
    sources = [line.split()[0] for line in listing.splitlines() if re.match(r"^[a-z0-9-]+\s", line)]
    sources += sorted(os.path.join(here, "specs", f) for f in os.listdir(os.path.join(here, "specs")))
    work = tempfile.mkdtemp(prefix="cnnwb-onnx-")
    env = dict(os.environ, CNNWB_RUNS=os.path.join(work, "runs"), CNNWB_DATA=args.data)
    results, failures = {}, 0
    print(f"onnx {onnx.__version__}, OpenCV {cv2.__version__}")
    for source in sources:
        name = os.path.basename(source)
        path = os.path.join(work, name + ".onnx")
        cifar = "e2-" in name or "e5-" in name or "every-layer" in name
        check = ["--check-generated" if cifar else "--check-images", str(args.images)]
        exported = subprocess.run([cnnwb, "export", source, "--onnx", path] + check, capture_output=True,
                                  text=True, env=env)
        if exported.returncode != 0:
            print(f"{name:24s} export failed: {exported.stderr.strip()}")
            failures += 1
            continue
        onnx.checker.check_model(onnx.load(path), full_check=True)
        engine, index = read_tensors(path + ".check.json")
        net = cv2.dnn.readNetFromONNX(path)
        net.setInput(engine["input"].astype(np.float32))
        ours = net.forward()
        error = float(np.linalg.norm(ours - engine["output"]) / max(np.linalg.norm(engine["output"]), 1e-12))
        worst = float(np.max(np.abs(ours - engine["output"])))
        ok = error <= args.tolerance
        failures += not ok
        results[name] = {"images": index.get("images"), "relative_error": error, "max_abs_difference": worst,
                         "checker": "passed", "match": ok}
        print(f"{name:24s} checker passed; OpenCV vs engine on {index.get('images')}: relative error {error:.2e} "
              f"(largest difference {worst:.2e}) {'ok' if ok else 'MISMATCH'}")
    if args.out:
        json.dump(results, open(args.out, "w"), indent=1)
    print(f"{len(sources)} models, {failures} failures (files in {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
