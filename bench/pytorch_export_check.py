#!/usr/bin/env python3
"""Exports every preset as a PyTorch project (`cnnwb export --pytorch`) and runs
each project's `train.py --check`: PyTorch's outputs, loss and every parameter
gradient on the export's generated batch against the engine's. Optionally
(--train) trains exported projects for one epoch on the real MNIST, plain and
under torchrun with 2 processes (gloo), and prints their accuracies beside the
engine's own one-epoch run.

Needs Debian's python3-torch. Not part of the README's test command.

    /usr/bin/python3 bench/pytorch_export_check.py --cnnwb build/app/cnnwb [--train e1-lenet1988,e3-cnn]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile


# Run inside an exported project: its model in eval mode on the inputs of an
# engine check file; prints the relative error of the outputs.
INFERENCE_CHECK = """
import sys, torch, workbench as wb
from model import build_model
model = build_model()
model.load_workbench_state(wb.read_tensors("weights.json"))
model.eval()
engine = wb.read_tensors(sys.argv[1])
with torch.no_grad():
    out = model(engine["input"])
print(float((out - engine["output"].view_as(out)).norm() / engine["output"].norm()))
"""


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cnnwb", default="build/app/cnnwb")
    ap.add_argument("--presets", default="", help="comma-separated ids or spec files (default: every preset "
                    "and bench/specs/*.json)")
    ap.add_argument("--train", default="", help="comma-separated presets to train one epoch on MNIST")
    ap.add_argument("--data", default=os.environ.get("CNNWB_DATA", "../shared/data"))
    ap.add_argument("--out", default="", help="write the results as JSON here")
    args = ap.parse_args()
    cnnwb = os.path.abspath(args.cnnwb)
    python = sys.executable
    presets = args.presets.split(",") if args.presets else \
        [line.split()[0] for line in run([cnnwb, "presets"]).stdout.splitlines() if line.strip() and
         re.match(r"^[a-z0-9-]+\s", line)] + \
        sorted(os.path.join(os.path.dirname(os.path.abspath(__file__)), "specs", f)
               for f in os.listdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "specs")))
    results = {"check": {}, "train": {}}
    work = tempfile.mkdtemp(prefix="cnnwb-export-")
    env = dict(os.environ, CNNWB_RUNS=os.path.join(work, "runs"))
    failures = 0
    for preset in presets:
        folder = os.path.join(work, os.path.basename(preset))
        exported = run([cnnwb, "export", preset, "--pytorch", folder], env=env)
        if exported.returncode != 0:
            print(f"{preset:24s} export failed: {exported.stderr.strip()}")
            failures += 1
            continue
        checked = run([python, "train.py", "--check"], cwd=folder, env=dict(env, OMP_NUM_THREADS="1"))
        worst = re.search(r"largest relative error ([0-9.e+-]+)", checked.stdout)
        ok = checked.returncode == 0
        failures += not ok
        results["check"][preset] = {"match": ok, "largest_relative_error": float(worst.group(1)) if worst else None}
        # Inference on the first 100 real test images (MNIST models): the engine's outputs
        # (written by `cnnwb export --onnx --check-images`) against the project's model in eval mode.
        if not any(k in preset for k in ("e2-", "e5-", "every-layer")):
            onnx_file = os.path.join(work, os.path.basename(preset) + ".onnx")
            written = run([cnnwb, "export", preset, "--onnx", onnx_file, "--check-images", "100"],
                          env=dict(env, CNNWB_DATA=args.data))
            if written.returncode == 0:
                inference = run([python, "-c", INFERENCE_CHECK, onnx_file + ".check.json"], cwd=folder,
                                env=dict(env, OMP_NUM_THREADS="1"))
                error = float(inference.stdout.strip()) if inference.returncode == 0 else None
                results["check"][preset]["inference_100_test_images_relative_error"] = error
                ok = error is not None and error <= 1e-4
                failures += not ok
                print(f"{os.path.basename(preset):24s} inference on 100 MNIST test images: relative error {error}")
            else:
                print(f"{os.path.basename(preset):24s} no test images: {written.stderr.strip()}")
        print(f"{os.path.basename(preset):24s} {'match' if ok else 'MISMATCH'}  largest relative error "
              f"{worst.group(1) if worst else '?'}" + ("" if ok else "\n" + checked.stdout + checked.stderr))
    for preset in filter(None, args.train.split(",")):
        folder = os.path.join(work, preset)
        engine = run([cnnwb, "train", preset, "--epochs", "1", "--threads", "2", "--json"],
                     env=dict(env, CNNWB_DATA=args.data))
        engine_acc = json.loads(engine.stdout.strip().splitlines()[-1]).get("test_accuracy") \
            if engine.returncode == 0 else None
        row = {"engine_1_epoch_test_accuracy": engine_acc}
        for label, launcher in (("plain", [python, "train.py"]),
                                ("torchrun_2", [python, "torchrun.py", "--standalone", "--nproc_per_node=2",
                                                "train.py"])):
            out_dir = os.path.join(folder, "run-" + label)
            trained = run(launcher + ["--data", args.data, "--epochs", "1", "--out", out_dir], cwd=folder,
                          env=dict(env, OMP_NUM_THREADS="1" if label != "plain" else "2"))
            acc = None
            history = os.path.join(out_dir, "history.jsonl")
            if os.path.exists(history):
                for line in open(history):
                    record = json.loads(line)
                    if "epoch" in record and "test" in record["epoch"]:
                        acc = record["epoch"]["test"]["accuracy"]
            row[label + "_test_accuracy"] = acc
            row[label + "_exit"] = trained.returncode
            if trained.returncode != 0:
                failures += 1
                print(trained.stdout[-2000:], trained.stderr[-2000:])
        results["train"][preset] = row
        print(f"{preset:24s} one epoch: engine {engine_acc}, PyTorch plain {row['plain_test_accuracy']}, "
              f"torchrun ×2 {row['torchrun_2_test_accuracy']}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)
    print(f"{len(presets)} presets checked, {failures} failures (projects in {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
