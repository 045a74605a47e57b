#!/usr/bin/env python3
"""Writes the seeds of the pytorch_run fuzz target (fuzz/pytorch_run/corpus).

Each seed is the folder a run of an exported PyTorch project leaves, in the
one-input form the target reads: history.jsonl, then a marker line "@@",
weights.json, the marker again, weights.bin. The spec, its weights and the
project's config come from `cnnwb export SPEC --pytorch DIR` (the weights are
the initial ones: nothing is trained); the history lines are written here in
train.py's format with made-up figures — generated, not a real run.

    fuzz/make_pytorch_run_seeds.py build/app/cnnwb
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = b"\n@@\n"
SPECS = {  # seed name → spec file (small, so the seeds stay under the target's max_len)
    "tiny-pool": "model_spec/corpus/fuzz-tiny-pool.json",
    "tiny-all-layers": "model_spec/corpus/fuzz-tiny-all-layers.json",
}


def history(config, epochs, status):
    header = {"name": config["name"], "parent": config["source"], "world_size": 2,
              "global_batch_size": 32, "per_rank_batch_size": 16, "device": "cpu", "torch": "1.13.1",
              "seed": 1, "first_epoch": 1, "epochs": epochs, "spec": config["spec"]}
    lines = [{"run": header}]
    for epoch in range(1, epochs + 1):
        for batch in (1, 2):
            lines.append({"batch": {"epoch": epoch, "batch": batch, "batches_per_epoch": 2,
                                    "loss": 2.0 / (epoch + batch), "accuracy": 0.1 * batch,
                                    "images_per_second": 1000.0, "elapsed_seconds": 0.5 * batch,
                                    "learning_rate": 0.01}})
        lines.append({"epoch": {"epoch": epoch, "train": {"loss": 1.5, "accuracy": 0.3},
                                "test": {"loss": 1.6, "accuracy": 0.25}, "seconds": 1.0,
                                "images_per_second": 1000.0}})
    if status:
        lines.append({"end": {"status": status}})
    return "".join(json.dumps(l) + "\n" for l in lines).encode()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cnnwb = sys.argv[1]
    out = os.path.join(HERE, "pytorch_run", "corpus")
    os.makedirs(out, exist_ok=True)
    for name, spec in SPECS.items():
        with tempfile.TemporaryDirectory() as tmp:
            project = os.path.join(tmp, "project")
            subprocess.run([cnnwb, "export", os.path.join(HERE, spec), "--pytorch", project], check=True,
                           stdout=subprocess.DEVNULL)
            with open(os.path.join(project, "config.json")) as f:
                config = json.load(f)
            with open(os.path.join(project, "weights.json"), "rb") as f:
                index = f.read()
            with open(os.path.join(project, "weights.bin"), "rb") as f:
                values = f.read()
        epochs = config["spec"]["training"]["epochs"]
        seeds = {
            f"{name}-finished": history(config, epochs, "finished") + MARKER + index + MARKER + values,
            f"{name}-stopped-no-weights": history(config, 1, ""),
        }
        for seed, data in seeds.items():
            with open(os.path.join(out, seed + ".run"), "wb") as f:
                f.write(data)
            print(f"{seed}.run: {len(data)} bytes")


if __name__ == "__main__":
    main()
