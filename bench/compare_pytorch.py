#!/usr/bin/python3
"""CNN Workbench against PyTorch on the five reference models, side by side.

Runs `cnnwb bench --json` and the same models built in PyTorch (same shapes,
batch sizes, losses and optimizers; synthetic data) in alternating rounds, so
both see the same machine load, and prints training and inference images/s
with the ratio ours/PyTorch. At T threads PyTorch gets its best of the
set-ups torch/OpenBLAS threads 1/1, T/T and T/1 (OpenBLAS keeps its own pool;
small models run fastest with one of the two at 1).

Needs Debian's python3-torch and libopenblas0-pthread (see docs/performance.md):
    /usr/bin/python3 bench/compare_pytorch.py --cnnwb build/app/cnnwb
"""
import argparse
import ctypes
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PRESETS = ["e1-lenet1988", "e3-mlp", "e3-cnn", "e4-h", "e5-cifar10net"]
# glibc keeps freed memory instead of returning it to the kernel. PyTorch
# allocates its tensors afresh every step; on a VM where a page fault is
# expensive (one 2-vCPU AMD VM: 22,600 faults and 150 ms of system time per
# 3×3 convolution of E5's first block, 50 ms instead of 310 in all with these
# settings) the default gives PyTorch a handicap its users would tune away
# (PyTorch's CPU tuning guide recommends another allocator for the same
# reason). Both sides run with these unless --default-malloc.
TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "100000000000",
                "MALLOC_TOP_PAD_": "1000000000"}
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- PyTorch side
def build(preset, torch):
    """Model, loss (on the model's output), optimizer, batch size, input shape."""
    nn = torch.nn
    if preset == "e1-lenet1988":
        # tanh conv 5×5 stride 4 → three linear dense layers → softmax; MSE on
        # one-hot targets, plain SGD.
        model = nn.Sequential(nn.Conv2d(1, 16, 5, stride=4), nn.Tanh(), nn.Flatten(),
                              nn.Linear(576, 192), nn.Linear(192, 30), nn.Linear(30, 10), nn.Softmax(dim=1))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        mse = nn.MSELoss()
        loss = lambda out, y: mse(out, nn.functional.one_hot(y, 10).float())
        return model, loss, opt, 16, (1, 28, 28)
    if preset == "e3-mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))
        # Keras RMSprop: rho 0.9, epsilon 1e-7.
        opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
        return model, nn.CrossEntropyLoss(), opt, 128, (1, 28, 28)
    if preset == "e3-cnn":
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(128, 10))
        opt = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=1e-7)
        return model, nn.CrossEntropyLoss(), opt, 128, (1, 28, 28)
    if preset == "e4-h":
        # conv16 5×5 → max-pool 4 (24 is a multiple of 4, so 'same' adds nothing)
        # → linear → Dense 400 ReLU → softmax; momentum SGD.
        model = nn.Sequential(nn.Conv2d(1, 16, 5), nn.MaxPool2d(4, ceil_mode=True), nn.Flatten(),
                              nn.Linear(576, 400), nn.ReLU(), nn.Linear(400, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.8)
        return model, nn.CrossEntropyLoss(), opt, 100, (1, 28, 28)
    if preset == "e5-cifar10net":
        layers, c = [], 3
        for block, f in enumerate([64, 128, 256]):
            for k in (1, 3, 5):
                # Keras BatchNormalization: epsilon 1e-3, momentum 0.99.
                layers += [nn.Conv2d(c, f, k), nn.BatchNorm2d(f, eps=1e-3, momentum=0.01), nn.ReLU()]
                c = f
            if block == 0:
                layers.append(nn.MaxPool2d(2))
            layers.append(nn.Dropout(0.25))
        model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(256, 10))
        opt = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
        return model, nn.CrossEntropyLoss(), opt, 128, (3, 32, 32)
    raise SystemExit(f"no PyTorch model for preset {preset}")


def torch_worker(args):
    """One PyTorch set-up, all presets; prints a JSON list on stdout."""
    import torch
    torch.set_num_threads(args.torch_threads)
    torch.manual_seed(1)

    def rate(batch, step):
        step(), step()  # warm-up: allocations, oneDNN primitive creation
        start = time.perf_counter()
        step()
        one = max(time.perf_counter() - start, 1e-6)
        steps = args.steps if args.steps > 0 else min(5000, max(3, int(0.4 / one) + 1))
        rates = []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            for _ in range(steps):
                step()
            rates.append(batch * steps / (time.perf_counter() - start))
        return statistics.median(rates)

    results = []
    for preset in args.presets:
        gc.collect()
        reset_peak_rss()
        model, loss_fn, opt, batch, shape = build(preset, torch)
        x = torch.rand(batch, *shape) * (255.0 if preset == "e1-lenet1988" else 1.0)
        y = torch.arange(batch) % 10

        def train_step():
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            opt.step()

        # Inference on the initial weights, as `cnnwb bench` times it: training
        # on one fixed random batch can drive the weights to NaN.
        initial = {k: v.clone() for k, v in model.state_dict().items()}
        model.train()
        train = rate(batch, train_step)
        peak = peak_rss_mb()  # while training, as `cnnwb bench` reports it: before the inference run
        model.load_state_dict(initial)
        model.eval()
        xi = torch.rand(256, *shape)

        def infer_step():
            with torch.inference_mode():
                model(xi)

        infer = rate(256, infer_step)
        results.append({"preset": preset, "torch_threads": args.torch_threads, "blas_threads": args.blas_threads,
                        "batch_size": batch, "train_images_per_second": train, "infer_images_per_second": infer,
                        "peak_rss_mb": peak})
    info = {"torch": torch.__version__, "blas_core": openblas_core()}
    print(json.dumps({"info": info, "results": results}))


def reset_peak_rss():
    """Linux: restart the process's high-water mark (VmHWM) from its current size."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def openblas_core():
    """The kernel family OpenBLAS picked (through the libblas.so.3 alternative)."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return "not OpenBLAS"


# ---------------------------------------------------------------- the driver
def run_torch(presets, torch_threads, blas_threads, args):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas_threads), OMP_NUM_THREADS=str(torch_threads),
               **malloc_env(args))
    if not args.keep_openblas_coretype:
        # Let OpenBLAS pick its kernels for this CPU (a forced older core type
        # would handicap PyTorch's dense layers).
        env.pop("OPENBLAS_CORETYPE", None)
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--torch-threads", str(torch_threads),
           "--blas-threads", str(blas_threads), "--steps", str(args.steps), "--repetitions",
           str(args.repetitions), *presets]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def run_ours(presets, threads, args):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        cmd = [args.cnnwb, "bench", *presets, "--threads", str(threads), "--json", f.name, "--no-peak",
               "--steps", str(args.steps), "--repetitions", str(args.repetitions)]
        subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ, **malloc_env(args)))
        return [r for r in json.load(open(f.name)) if r.get("kind") == "model"]


def malloc_env(args):
    return {} if args.default_malloc else TUNED_MALLOC


def setups_for(threads):
    """(torch, OpenBLAS) thread set-ups PyTorch gets at `threads` threads."""
    return [(1, 1)] if threads == 1 else [(1, 1), (threads, threads), (threads, 1)]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("presets", nargs="*", default=PRESETS)
    p.add_argument("--cnnwb", default=os.path.join(HERE, "..", "build", "app", "cnnwb"))
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    p.add_argument("--steps", type=int, default=0, help="steps per repetition (default ~0.4 s)")
    p.add_argument("--repetitions", type=int, default=5)
    p.add_argument("--out", default=os.path.join(HERE, "results", "comparison.json"))
    p.add_argument("--keep-openblas-coretype", action="store_true",
                   help="pass OPENBLAS_CORETYPE from the environment to PyTorch instead of dropping it")
    p.add_argument("--default-malloc", action="store_true",
                   help="run both sides with glibc's default malloc settings instead of TUNED_MALLOC")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--torch-threads", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--blas-threads", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        return torch_worker(args)

    threads = [int(t) for t in args.threads.split(",")]
    # samples[(side, preset, threads, setup)] = [(train, infer) per round]
    samples, info = {}, {}
    for r in range(args.rounds):
        for t in threads:
            # Alternate who goes first, so neither always runs on a warmer machine.
            order = ["ours", "torch"] if r % 2 == 0 else ["torch", "ours"]
            for side in order:
                if side == "ours":
                    for o in run_ours(args.presets, t, args):
                        samples.setdefault(("ours", o["preset"], t, "-"), []).append(
                            (o["train_images_per_second"], o["infer_images_per_second"], o["peak_rss_mb"]))
                else:
                    for tt, bt in setups_for(t):
                        res = run_torch(args.presets, tt, bt, args)
                        info = res["info"]
                        for o in res["results"]:
                            samples.setdefault(("torch", o["preset"], t, f"{tt}/{bt}"), []).append(
                                (o["train_images_per_second"], o["infer_images_per_second"], o["peak_rss_mb"]))
            print(f"round {r + 1}/{args.rounds}, {t} thread(s) done", file=sys.stderr, flush=True)

    def med(key, i):
        return statistics.median(s[i] for s in samples[key])

    rows = []
    for preset in args.presets:
        for t in threads:
            ours = ("ours", preset, t, "-")
            row = {"preset": preset, "threads": t, "ours_train": med(ours, 0), "ours_infer": med(ours, 1),
                   "ours_peak_rss_mb": med(ours, 2), "torch_setups": {}}
            for tt, bt in setups_for(t):
                key = ("torch", preset, t, f"{tt}/{bt}")
                row["torch_setups"][f"{tt}/{bt}"] = {"train": med(key, 0), "infer": med(key, 1),
                                                     "peak_rss_mb": med(key, 2)}
            best_train = max(row["torch_setups"].items(), key=lambda kv: kv[1]["train"])
            best_infer = max(row["torch_setups"].items(), key=lambda kv: kv[1]["infer"])
            row.update(torch_train=best_train[1]["train"], torch_train_setup=best_train[0],
                       torch_infer=best_infer[1]["infer"], torch_infer_setup=best_infer[0])
            row["torch_peak_rss_mb"] = best_train[1]["peak_rss_mb"]
            row["train_ratio"] = row["ours_train"] / row["torch_train"]
            row["infer_ratio"] = row["ours_infer"] / row["torch_infer"]
            rows.append(row)

    print(f"\nPyTorch {info.get('torch')}, OpenBLAS core {info.get('blas_core')}; medians of {args.rounds} "
          f"alternating rounds, each a median of {args.repetitions} repetitions")
    print(f"{'preset':16} {'thr':>3} | {'train ours':>10} {'PyTorch':>9} {'(t/b)':>5} {'ratio':>6} | "
          f"{'infer ours':>10} {'PyTorch':>9} {'(t/b)':>5} {'ratio':>6} | {'MB ours':>7} {'PyTorch':>7}")
    for r in rows:
        print(f"{r['preset']:16} {r['threads']:>3} | {r['ours_train']:10.0f} {r['torch_train']:9.0f} "
              f"{r['torch_train_setup']:>5} {r['train_ratio']:6.2f} | {r['ours_infer']:10.0f} "
              f"{r['torch_infer']:9.0f} {r['torch_infer_setup']:>5} {r['infer_ratio']:6.2f} | "
              f"{r['ours_peak_rss_mb']:7.0f} {r['torch_peak_rss_mb']:7.0f}")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"machine": machine_name(), "torch": info, "malloc": malloc_env(args), "rounds": args.rounds,
                   "repetitions": args.repetitions, "rows": rows}, f, indent=2)
    print(f"\nwrote {args.out}")


def machine_name():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip() + f", {os.cpu_count()} CPUs"
    except OSError:
        pass
    return "unknown"


if __name__ == "__main__":
    main()
