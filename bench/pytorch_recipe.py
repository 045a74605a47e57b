#!/usr/bin/python3
"""A preset's whole recipe in PyTorch on the real MNIST, for wall times beside
`cnnwb train` (docs/performance.md): the model, loss, optimizer and batch size
of compare_pytorch.py, the preset's epochs, the training set shuffled each
epoch and the 10,000 test images scored after every epoch, as cnnwb does.

    CNNWB_DATA=../shared/data /usr/bin/python3 bench/pytorch_recipe.py e1-lenet1988 --threads 2

Prints each epoch and a last JSON line {preset, epochs, wall_seconds, test_accuracy}.
Needs Debian's python3-torch (see docs/performance.md); no numpy.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare_pytorch import build  # noqa: E402  (the same models as the throughput comparison)

EPOCHS = {"e1-lenet1988": 10, "e3-mlp": 20, "e3-cnn": 12, "e4-h": 10}
RAW_PIXELS = {"e1-lenet1988"}  # its spec has data.rescale 1: pixels 0..255, as in 1988


def read_idx(torch, path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("preset", choices=sorted(EPOCHS))
    p.add_argument("--data", default=os.environ.get("CNNWB_DATA", os.path.join(HERE, "..", "..", "shared", "data")))
    p.add_argument("--epochs", type=int, default=0, help="default: the preset's")
    p.add_argument("--threads", type=int, default=1, help="torch threads (OpenBLAS: set OPENBLAS_NUM_THREADS)")
    args = p.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    folder = os.path.join(args.data, "mnist")
    scale = 1.0 if args.preset in RAW_PIXELS else 1.0 / 255.0
    x_train = read_idx(torch, os.path.join(folder, "train-images-idx3-ubyte.gz")).float().mul_(scale).unsqueeze(1)
    y_train = read_idx(torch, os.path.join(folder, "train-labels-idx1-ubyte.gz")).long()
    x_test = read_idx(torch, os.path.join(folder, "t10k-images-idx3-ubyte.gz")).float().mul_(scale).unsqueeze(1)
    y_test = read_idx(torch, os.path.join(folder, "t10k-labels-idx1-ubyte.gz")).long()

    model, loss_fn, opt, batch, _ = build(args.preset, torch)
    epochs = args.epochs or EPOCHS[args.preset]
    accuracy = 0.0
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(y_train))
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x_train[idx]), y_train[idx]).backward()
            opt.step()
        model.eval()
        correct = 0
        with torch.inference_mode():
            for i in range(0, len(y_test), 1000):
                correct += (model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
        accuracy = correct / len(y_test)
        print(f"epoch {epoch + 1}/{epochs}: {time.perf_counter() - start:.1f} s, test accuracy {accuracy:.4f}",
              flush=True)
    print(json.dumps({"preset": args.preset, "epochs": epochs, "threads": args.threads,
                      "wall_seconds": time.perf_counter() - start, "test_accuracy": accuracy}))


if __name__ == "__main__":
    main()
