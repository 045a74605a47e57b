# Trains the experiment exported from CNN Workbench, from the weights it had
# there. Plain on one machine:
#     python3 train.py --data DIR
# Distributed (DistributedDataParallel) when started by torchrun:
#     torchrun --standalone --nproc_per_node=2 train.py --data DIR
# Every rank reads the whole data set and trains on its share of each epoch
# (DistributedSampler); rank 0 alone evaluates, logs and saves. The global batch
# is the workbench's batch_size, split across the ranks, so the learning rate
# stays the workbench's (config.json, "distributed").
#     python3 train.py --check
# runs the batch the export saved with the engine's numbers beside it and
# checks that PyTorch gives the same outputs, loss and gradients.
import argparse
import json
import os
import sys
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, RandomSampler, TensorDataset

import workbench as wb
from model import build_model

HERE = os.path.dirname(os.path.abspath(__file__))


def load_config():
    with open(os.path.join(HERE, "config.json")) as f:
        return json.load(f)


def model_from_export(config):
    model = build_model()
    model.load_workbench_state(wb.read_tensors(os.path.join(HERE, "weights.json")))
    from_logits = config["training"]["loss"] == "categorical_crossentropy" and model.hand_logits_to_loss(True)
    return model, from_logits


def relative_error(ours, theirs):
    scale = max(float(theirs.norm()), 1e-12)
    return float((ours - theirs).norm()) / scale


def check(config, tolerance):
    """Forward, loss and backward on the export's batch, in training mode with
    dropout off (its masks are random), against the engine's numbers."""
    torch.set_num_threads(1)
    model, from_logits = model_from_export(config)
    model.train()
    for layer in model.modules():
        if isinstance(layer, wb.Dropout):
            layer.eval()
    engine = wb.read_tensors(os.path.join(HERE, "check.json"))
    labels = engine["labels"].round().long()
    output = model(engine["input"])
    loss, _ = wb.loss_and_hits(config["training"]["loss"], output, labels, from_logits, model.gives_distances)
    loss.backward()
    results = [("output", relative_error(output.detach(), engine["output"].view_as(output))),
               ("loss", relative_error(loss.detach().view(1), engine["loss"]))]
    # A gradient that is zero in exact arithmetic (a convolution's bias before
    # batch normalisation, which removes any constant) is rounding noise on
    # both sides; below 1e-5 of the largest it is compared as zero.
    largest = max(float(t.norm()) for k, t in engine.items() if k.startswith("grad/"))
    zeros = []
    for name, p in model.named_workbench_parameters():
        theirs = engine[f"grad/{name}"].view_as(p.grad)
        if max(float(theirs.norm()), float(p.grad.norm())) < 1e-5 * largest:
            zeros.append(name)
            continue
        results.append((f"gradient of {name}", relative_error(p.grad, theirs)))
    worst = max(error for _, error in results)
    for what, error in results:
        print(f"{'ok  ' if error <= tolerance else 'FAIL'} {what}: relative error {error:.2e}")
    for name in zeros:
        print(f"ok   gradient of {name}: zero on both sides (norms below 1e-5 of the largest gradient)")
    verdict = "match" if worst <= tolerance else "do NOT match"
    print(f"PyTorch and the engine {verdict} on the exported batch "
          f"({len(labels)} samples; largest relative error {worst:.2e}, tolerance {tolerance:.0e})")
    return 0 if worst <= tolerance else 1


def evaluate(model, images, labels, config, from_logits, gives_distances, device):
    model.eval()
    loss_sum, hits = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(labels), 256):
            x = images[start:start + 256].to(device).float() * config["data"]["rescale"]
            y = labels[start:start + 256].to(device)
            loss, h = wb.loss_and_hits(config["training"]["loss"], model(x), y, from_logits, gives_distances)
            loss_sum += float(loss) * len(y)
            hits += int(h)
    model.train()
    return {"loss": loss_sum / len(labels), "accuracy": hits / len(labels)}


def save_weights(model, optimizer, folder, config, epochs_done):
    tensors = dict(model.workbench_state())
    wb.write_tensors(tensors, os.path.join(folder, "weights.json"), "weights.bin",
                     {"epochs_done": epochs_done, "optimizer_iterations": optimizer.iterations})


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"Train '{load_config()['name']}' (exported from CNN Workbench).")
    parser.add_argument("--data", default=os.environ.get("CNNWB_DATA", os.path.join(HERE, "data")),
                        help="folder holding the data set (default: $CNNWB_DATA, else ./data)")
    parser.add_argument("--epochs", type=int, default=0, help="epochs to train (default: config.json's)")
    parser.add_argument("--out", default=os.path.join(HERE, "run"), help="folder for history.jsonl and weights")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads per process (default: PyTorch's)")
    parser.add_argument("--seed", type=int, default=None, help="shuffling and augmentation seed (default: config.json's)")
    parser.add_argument("--check", action="store_true", help="compare one batch with the engine's numbers")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="--check: largest relative error")
    args = parser.parse_args(argv)
    config = load_config()
    if args.check:
        return check(config, args.tolerance)

    # torchrun sets WORLD_SIZE; a launcher such as Ray Train may have set up the group already.
    distributed = dist.is_available() and (dist.is_initialized() or int(os.environ.get("WORLD_SIZE", "1")) > 1)
    rank, world, local_rank = 0, 1, 0
    device = torch.device("cpu")
    if distributed:
        if not dist.is_initialized():
            dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        device = torch.device("cuda", local_rank)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    training, data = config["training"], config["data"]
    if args.seed is not None:
        training["seed"] = args.seed
    global_batch = training["batch_size"]
    if global_batch % world != 0:
        sys.exit(f"batch_size {global_batch} does not split evenly over {world} processes; "
                 f"start a number of processes that divides it")
    per_rank_batch = global_batch // world
    torch.manual_seed(training["seed"])

    model, from_logits = model_from_export(config)
    gives_distances = model.gives_distances
    model.to(device)
    optimizer = wb.make_optimizer(model.named_workbench_parameters(), training["optimizer"])
    state_file = os.path.join(HERE, "optimizer.json")
    if os.path.exists(state_file):
        state = wb.read_tensors(state_file)
        with open(state_file) as f:
            iterations = json.load(f)["iterations"]
        optimizer.load_workbench_state(state, iterations)
    wrapped = DistributedDataParallel(model) if distributed else model

    train_set, validation, test = wb.prepare_data(data, args.data)
    images, labels = train_set
    dataset = TensorDataset(images, labels)
    if distributed:
        sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=training["seed"])
    else:
        sampler = RandomSampler(dataset, generator=torch.Generator().manual_seed(training["seed"]))
    loader = DataLoader(dataset, batch_size=per_rank_batch, sampler=sampler, drop_last=False)
    augmenting = any(v for v in data["augmentation"].values())
    generator = torch.Generator().manual_seed(training["seed"] * 1000 + rank)

    first_epoch = config["epochs_done"] + 1
    epochs = args.epochs if args.epochs > 0 else max(training["epochs"] - config["epochs_done"], 1)
    last_epoch = first_epoch + epochs - 1
    steps_per_epoch = len(loader)
    base_rate = training["optimizer"]["learning_rate"]
    history = None
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        history = wb.HistoryWriter(os.path.join(args.out, "history.jsonl"), {
            "name": config["name"], "parent": config["source"], "world_size": world,
            "global_batch_size": global_batch, "per_rank_batch_size": per_rank_batch,
            "device": str(device), "torch": torch.__version__, "seed": training["seed"],
            "first_epoch": first_epoch, "epochs": last_epoch, "spec": config["spec"]})
        print(f"Training '{config['name']}' for epochs {first_epoch}–{last_epoch} on {world} process(es), "
              f"{per_rank_batch} images each per step (global batch {global_batch})")

    started = time.time()
    step = (first_epoch - 1) * steps_per_epoch
    for epoch in range(first_epoch, last_epoch + 1):
        if distributed:
            sampler.set_epoch(epoch)
        epoch_start, loss_sum, hits_sum, seen = time.time(), 0.0, 0, 0
        for batch_index, (x, y) in enumerate(loader, start=1):
            x = x.to(device).float() * data["rescale"]
            y = y.to(device)
            if augmenting:
                x = wb.augment(x, data["augmentation"], data["rescale"], generator)
            rate = wb.scheduled_rate(training["lr_schedule"], base_rate, step, steps_per_epoch,
                                     config["epochs_planned"])
            for group in optimizer.param_groups:
                group["lr"] = rate
            loss, hits = wb.loss_and_hits(training["loss"], wrapped(x), y, from_logits, gives_distances)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            # The batch's figures over every rank's share.
            totals = torch.tensor([float(loss) * len(y), float(hits), float(len(y))])
            if distributed:
                dist.all_reduce(totals)
            loss_sum, hits_sum, seen = loss_sum + float(totals[0]), hits_sum + int(totals[1]), seen + int(totals[2])
            if history:
                history.batch(epoch, batch_index, steps_per_epoch, float(totals[0] / totals[2]),
                              float(totals[1] / totals[2]), seen / (time.time() - epoch_start),
                              time.time() - started, rate)
        if rank == 0:
            record = {"epoch": epoch, "train": {"loss": loss_sum / seen, "accuracy": hits_sum / seen}}
            if validation is not None:
                record["validation"] = evaluate(model, *validation, config, from_logits, gives_distances, device)
            if data.get("test_each_epoch", True) or epoch == last_epoch:
                record["test"] = evaluate(model, *test, config, from_logits, gives_distances, device)
            record["seconds"] = time.time() - epoch_start
            record["images_per_second"] = seen / (time.time() - epoch_start)
            history.epoch(record)
            save_weights(model, optimizer, args.out, config, epoch)
            scores = ", ".join(f"{k} accuracy {v['accuracy']:.4f}" for k, v in record.items()
                               if isinstance(v, dict))
            print(f"epoch {epoch}: {scores} ({record['seconds']:.1f} s)", flush=True)
        if distributed:
            dist.barrier()
    if rank == 0:
        history.close("finished")
        print(f"History and weights in {args.out}; bring them back with: cnnwb runs import {args.out}")
    if distributed and "TORCHELASTIC_RUN_ID" in os.environ:
        dist.destroy_process_group()  # torchrun's group is ours to end; another launcher ends its own
    return 0


if __name__ == "__main__":
    sys.exit(main())
