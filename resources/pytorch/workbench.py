# What CNN Workbench's engine means by its layers, losses, optimizers, learning-rate
# schedules, data settings and history, written in PyTorch so that an exported
# experiment trains here as it did there. Written by `cnnwb export --pytorch`;
# the same file for every project (model.py, config.json and the weights are
# the experiment's own).
#
# Layers take the Keras arguments of the workbench's spec and hold their
# parameters under the workbench's names (kernel, bias, gamma, ...), in its
# layouts, which are PyTorch's: convolution kernels [filters, channels, rows,
# columns], dense kernels [units, inputs], images channels-first.
import gzip
import json
import math
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------- activations

def activate(name, x):
    if name == "linear":
        return x
    if name == "relu":
        return F.relu(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "softmax":
        return F.softmax(x.flatten(1), dim=1).view_as(x)
    raise ValueError(f"unknown activation '{name}'")


class WorkbenchLayer(nn.Module):
    """A layer with a fused activation. The last layer of a model trained with
    cross-entropy hands its logits to the loss (emit_logits), as the engine's
    fused, numerically stable softmax cross-entropy does."""

    def __init__(self, activation="linear"):
        super().__init__()
        self.activation = activation
        self.emit_logits = False

    def finish(self, x):
        if self.emit_logits and self.activation == "softmax":
            return x
        return activate(self.activation, x)


# ---------------------------------------------------------------------- layers

def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def same_padding(size, kernel, stride):
    """TensorFlow's 'same': output ceil(size / stride), the extra row or column
    of padding at the bottom or right. Returns (before, after)."""
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class _Window(WorkbenchLayer):
    def __init__(self, input_shape, size, strides, padding, activation="linear"):
        super().__init__(activation)
        self.size, self.strides, self.padding = _pair(size), _pair(strides), padding
        c, h, w = input_shape
        if padding == "same":
            top, bottom = same_padding(h, self.size[0], self.strides[0])
            left, right = same_padding(w, self.size[1], self.strides[1])
            self.pads = (left, right, top, bottom)
        else:
            self.pads = (0, 0, 0, 0)

    def padded(self, x, value=0.0):
        return F.pad(x, self.pads, value=value) if any(self.pads) else x


class Input(nn.Module):
    def __init__(self, input_shape, shape):
        super().__init__()

    def forward(self, x):
        return x


class Conv2D(_Window):
    def __init__(self, input_shape, filters, kernel_size, strides=1, padding="valid", activation="linear",
                 use_bias=True, **unused_initializers):
        super().__init__(input_shape, kernel_size, strides, padding, activation)
        channels = input_shape[0]
        self.kernel = nn.Parameter(torch.zeros(filters, channels, *self.size))
        self.bias = nn.Parameter(torch.zeros(filters)) if use_bias else None

    def forward(self, x):
        return self.finish(F.conv2d(self.padded(x), self.kernel, self.bias, self.strides))


class DepthwiseConv2D(_Window):
    def __init__(self, input_shape, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 activation="linear", use_bias=True, **unused_initializers):
        super().__init__(input_shape, kernel_size, strides, padding, activation)
        channels = input_shape[0]
        self.groups = channels
        # Output channel c·multiplier + m filters input channel c, as Keras and PyTorch's groups do.
        self.depthwise_kernel = nn.Parameter(torch.zeros(channels * depth_multiplier, 1, *self.size))
        self.bias = nn.Parameter(torch.zeros(channels * depth_multiplier)) if use_bias else None

    def forward(self, x):
        return self.finish(F.conv2d(self.padded(x), self.depthwise_kernel, self.bias, self.strides,
                                    groups=self.groups))


class MaxPool2D(_Window):
    def __init__(self, input_shape, pool_size=2, strides=None, padding="valid"):
        super().__init__(input_shape, pool_size, strides if strides is not None else pool_size, padding)

    def forward(self, x):
        # Padding never wins a maximum.
        return F.max_pool2d(self.padded(x, -math.inf), self.size, self.strides)


class AveragePool2D(_Window):
    def __init__(self, input_shape, pool_size=2, strides=None, padding="valid"):
        super().__init__(input_shape, pool_size, strides if strides is not None else pool_size, padding)

    def forward(self, x):
        # Keras averages over the window's part inside the image only.
        total = F.avg_pool2d(self.padded(x), self.size, self.strides, divisor_override=1)
        if not any(self.pads):
            return total / (self.size[0] * self.size[1])
        ones = self.padded(torch.ones_like(x[:1, :1]))
        return total / F.avg_pool2d(ones, self.size, self.strides, divisor_override=1)


class GlobalAveragePooling2D(nn.Module):
    def __init__(self, input_shape, keepdims=False):
        super().__init__()
        self.keepdims = keepdims

    def forward(self, x):
        return x.mean(dim=(2, 3), keepdim=self.keepdims)


class Flatten(nn.Module):
    def __init__(self, input_shape):
        super().__init__()

    def forward(self, x):
        return x.flatten(1)  # channels-first, as the engine keeps them


class Dense(WorkbenchLayer):
    def __init__(self, input_shape, units, activation="linear", use_bias=True, **unused_initializers):
        super().__init__(activation)
        inputs = input_shape[0] * input_shape[1] * input_shape[2]
        self.kernel = nn.Parameter(torch.zeros(units, inputs))
        self.bias = nn.Parameter(torch.zeros(units)) if use_bias else None

    def forward(self, x):
        return self.finish(F.linear(x, self.kernel, self.bias))


class RBF(nn.Module):
    """LeCun's radial basis output: unit j gives the squared distance from the
    input to its centre (kernel row j). Smaller is more likely: the loss takes a
    softmax over the negated distances."""

    gives_distances = True

    def __init__(self, input_shape, units, **unused_initializers):
        super().__init__()
        inputs = input_shape[0] * input_shape[1] * input_shape[2]
        self.kernel = nn.Parameter(torch.zeros(units, inputs))

    def forward(self, x):
        return (x.unsqueeze(1) - self.kernel.unsqueeze(0)).pow(2).sum(dim=2)


class Dropout(nn.Module):
    def __init__(self, input_shape, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        return F.dropout(x, self.rate, self.training)  # inverted: kept values × 1/(1 − rate)


class Activation(WorkbenchLayer):
    def __init__(self, input_shape, activation):
        super().__init__(activation)

    def forward(self, x):
        return self.finish(x)


class BatchNormalization(nn.Module):
    """Keras's: normalise each channel (feature, for flat input) with the batch's
    biased variance in training and move the running statistics towards those
    same batch values (moving = momentum · moving + (1 − momentum) · batch)."""

    def __init__(self, input_shape, momentum=0.99, epsilon=0.001, center=True, scale=True):
        super().__init__()
        channels = input_shape[0]
        self.momentum, self.epsilon = momentum, epsilon
        self.gamma = nn.Parameter(torch.ones(channels)) if scale else None
        self.beta = nn.Parameter(torch.zeros(channels)) if center else None
        self.register_buffer("moving_mean", torch.zeros(channels))
        self.register_buffer("moving_variance", torch.ones(channels))

    def forward(self, x):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        if self.training:
            mean = x.mean(dim=dims)
            variance = x.var(dim=dims, unbiased=False)
            with torch.no_grad():
                self.moving_mean.mul_(self.momentum).add_(mean.detach(), alpha=1 - self.momentum)
                self.moving_variance.mul_(self.momentum).add_(variance.detach(), alpha=1 - self.momentum)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        y = (x - mean.view(shape)) * torch.rsqrt(variance.view(shape) + self.epsilon)
        if self.gamma is not None:
            y = y * self.gamma.view(shape)
        if self.beta is not None:
            y = y + self.beta.view(shape)
        return y


class Network(nn.Module):
    """The layers in order, each under its workbench name (model.py builds it)."""

    def __init__(self, layers):
        super().__init__()
        self.layer_names = []
        for python_name, workbench_name, layer in layers:
            self.add_module(python_name, layer)
            self.layer_names.append((python_name, workbench_name))
        self.output_layer = layer

    @property
    def gives_distances(self):
        return getattr(self.output_layer, "gives_distances", False)

    def hand_logits_to_loss(self, on=True):
        """A last layer ending in softmax gives its logits instead (for a loss
        that takes them). Returns whether the output is now logits."""
        layer = self.output_layer
        if isinstance(layer, WorkbenchLayer) and layer.activation == "softmax":
            layer.emit_logits = on
            return on
        return False

    def forward(self, x):
        for python_name, _ in self.layer_names:
            x = getattr(self, python_name)(x)
        return x

    def named_workbench_parameters(self):
        """("layer/param", parameter) for every trained parameter."""
        for python_name, workbench_name in self.layer_names:
            for key, p in getattr(self, python_name).named_parameters():
                yield f"{workbench_name}/{key}", p

    def workbench_state(self):
        """{"layer/param": tensor}, the engine's names, parameters and moving statistics."""
        state = {}
        for python_name, workbench_name in self.layer_names:
            for key, value in getattr(self, python_name).state_dict().items():
                state[f"{workbench_name}/{key}"] = value
        return state

    def load_workbench_state(self, tensors):
        for python_name, workbench_name in self.layer_names:
            layer = getattr(self, python_name)
            own = layer.state_dict()
            loaded = {}
            for key in own:
                name = f"{workbench_name}/{key}"
                if name not in tensors:
                    raise KeyError(f"the weights have no '{name}'")
                if tensors[name].numel() != own[key].numel():
                    raise ValueError(f"'{name}': the weights hold {tensors[name].numel()} values, "
                                     f"the layer needs {tuple(own[key].shape)}")
                loaded[key] = tensors[name].reshape(own[key].shape)  # the engine's layouts are PyTorch's
            layer.load_state_dict(loaded)


# --------------------------------------------------------------------- weights
# weights.json lists each tensor (name, shape, offset in float32 values) of the
# raw little-endian float32 file beside it; the same format both ways.

def read_tensors(index_path):
    with open(index_path) as f:
        index = json.load(f)
    raw = open(os.path.join(os.path.dirname(index_path), index["data"]), "rb").read()
    values = torch.frombuffer(bytearray(raw), dtype=torch.float32) if raw else torch.zeros(0)
    return {t["name"]: values[t["offset"]:t["offset"] + math.prod(t["shape"])].view(t["shape"]).clone()
            for t in index["tensors"]}


def write_tensors(tensors, index_path, data_name, extra=None):
    index = {"format": "cnn-workbench-tensors", "version": 1, "data": data_name, "tensors": []}
    if extra:
        index.update(extra)
    offset = 0
    with open(os.path.join(os.path.dirname(index_path) or ".", data_name), "wb") as f:
        for name, value in tensors.items():
            value = value.detach().to(torch.float32).contiguous().cpu()
            f.write(value.numpy().astype("<f4").tobytes())
            index["tensors"].append({"name": name, "shape": list(value.shape), "offset": offset})
            offset += value.numel()
    with open(index_path, "w") as f:
        json.dump(index, f, indent=1)


# ---------------------------------------------------------------------- losses

def loss_and_hits(name, output, labels, from_logits, gives_distances=False):
    """The engine's losses, batch means over integer labels (one-hot targets
    implied). Cross-entropy takes logits when the last layer hands them over
    (a fused softmax), else probabilities clipped to [1e-7, 1 − 1e-7] as Keras."""
    if gives_distances:
        output, from_logits = -output, True  # LeCun's criterion: a softmax over the negated distances
    hits = (output.argmax(dim=1) == labels).sum()
    if name == "categorical_crossentropy":
        if from_logits:
            return F.cross_entropy(output, labels), hits
        p = output.gather(1, labels.view(-1, 1)).clamp(1e-7, 1 - 1e-7)
        return -p.log().mean(), hits
    if name == "mean_squared_error":
        target = F.one_hot(labels, output.shape[1]).to(output.dtype)
        return F.mse_loss(output, target), hits  # mean over samples and classes, as Keras
    raise ValueError(f"unknown loss '{name}'")


# ------------------------------------------------------------------ optimizers
# The engine's (Keras's) update rules, so a run continued here moves as it
# would have there; their state is kept per parameter as there.

class KerasOptimizer(torch.optim.Optimizer):
    """`named_params`: (workbench name, parameter) pairs, so that the engine's
    saved state (its slot arrays per "layer/param") can be loaded."""

    slots = ()

    def __init__(self, named_params, config):
        named_params = list(named_params)
        self.config = config
        self.names = {id(p): name for name, p in named_params}
        super().__init__([p for _, p in named_params], {"lr": config["learning_rate"]})
        self.iterations = 0

    def slot(self, p, k):
        state = self.state[p]
        if self.slots[k] not in state:
            state[self.slots[k]] = torch.zeros_like(p)
        return state[self.slots[k]]

    def load_workbench_state(self, tensors, iterations):
        """The engine's slots, "optimizer/layer/param/k", and its step count."""
        self.iterations = iterations
        for group in self.param_groups:
            for p in group["params"]:
                for k, slot in enumerate(self.slots):
                    key = f"optimizer/{self.names[id(p)]}/{k}"
                    if key in tensors:
                        self.state[p][slot] = tensors[key].view_as(p).clone().to(p.device)

    @torch.no_grad()
    def step(self):
        self.iterations += 1  # before updating: Adam's bias correction counts from 1
        decay = self.config.get("weight_decay", 0.0)
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    # L2 decay on every trained parameter, as the engine: grad + decay · value.
                    self.update(p, p.grad + decay * p if decay > 0 else p.grad, group["lr"])


class SGD(KerasOptimizer):
    slots = ("velocity",)

    def update(self, p, g, lr):
        momentum = self.config.get("momentum", 0.0)
        if momentum == 0:
            p.add_(g, alpha=-lr)
            return
        v = self.slot(p, 0)
        v.mul_(momentum).add_(g, alpha=-lr)
        if self.config.get("nesterov", False):
            p.add_(v, alpha=momentum).add_(g, alpha=-lr)
        else:
            p.add_(v)


class RMSprop(KerasOptimizer):
    slots = ("mean_square",)

    def update(self, p, g, lr):
        rho, eps = self.config["rho"], self.config["epsilon"]
        a = self.slot(p, 0)
        a.mul_(rho).addcmul_(g, g, value=1 - rho)
        p.addcdiv_(g, a.sqrt().add_(eps), value=-lr)


class Adadelta(KerasOptimizer):
    slots = ("grad_mean_square", "delta_mean_square")

    def update(self, p, g, lr):
        rho, eps = self.config["rho"], self.config["epsilon"]
        a, d2 = self.slot(p, 0), self.slot(p, 1)
        a.mul_(rho).addcmul_(g, g, value=1 - rho)
        d = g * (d2 + eps).sqrt() / (a + eps).sqrt()
        d2.mul_(rho).addcmul_(d, d, value=1 - rho)
        p.add_(d, alpha=-lr)


class Adam(KerasOptimizer):
    slots = ("m", "v")

    def update(self, p, g, lr):
        b1, b2, eps = self.config["beta_1"], self.config["beta_2"], self.config["epsilon"]
        t = self.iterations
        m, v = self.slot(p, 0), self.slot(p, 1)
        m.mul_(b1).add_(g, alpha=1 - b1)
        v.mul_(b2).addcmul_(g, g, value=1 - b2)
        step_size = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        p.addcdiv_(m, v.sqrt().add_(eps), value=-step_size)


def make_optimizer(named_params, config):
    kinds = {"SGD": SGD, "RMSprop": RMSprop, "Adadelta": Adadelta, "Adam": Adam}
    if config["type"] not in kinds:
        raise ValueError(f"unknown optimizer '{config['type']}'; known: {', '.join(kinds)}")
    return kinds[config["type"]](named_params, config)


def scheduled_rate(schedule, base, step, steps_per_epoch, epochs):
    """The rate of step `step` (0-based over the whole run), as the engine's lr_schedule."""
    total = max(1, steps_per_epoch * max(1, epochs))
    step = min(max(step, 0), total - 1)

    def cosine_fall(t):
        return 0.5 * (1.0 + math.cos(math.pi * min(max(t, 0.0), 1.0)))

    kind = schedule.get("type", "constant")
    if kind == "step":
        epoch = step // steps_per_epoch if steps_per_epoch > 0 else 0
        return base * schedule["factor"] ** (epoch // schedule["drop_every"])
    if kind == "cosine":
        t = step / (total - 1) if total > 1 else 0.0
        return base * (schedule["alpha"] + (1.0 - schedule["alpha"]) * cosine_fall(t))
    if kind == "one_cycle":
        first = base / schedule["div_factor"]
        last = first / schedule["final_div_factor"]
        rising = schedule["pct_start"] * (total - 1)
        if step <= rising and rising > 0:
            return first + (base - first) * (1.0 - cosine_fall(step / rising))
        falling = (total - 1) - rising
        t = (step - rising) / falling if falling > 0 else 1.0
        return last + (base - last) * cosine_fall(t)
    return base


# ------------------------------------------------------------------------ data

def _open(folder, name):
    for candidate in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
        if os.path.isfile(candidate):
            return gzip.open(candidate, "rb") if candidate.endswith(".gz") else open(candidate, "rb")
    raise FileNotFoundError(f"{os.path.join(folder, name)}[.gz] not found")


def _find(folder, sub, first_file):
    for candidate in (os.path.join(folder, sub), folder):
        for name in (first_file, first_file + ".gz"):
            if os.path.isfile(os.path.join(candidate, name)):
                return candidate
    raise FileNotFoundError(f"{first_file}[.gz] is neither in {os.path.join(folder, sub)} nor in {folder}")


def read_mnist(folder, split):
    prefix = "train" if split == "train" else "t10k"
    folder = _find(folder, "mnist", f"{prefix}-images-idx3-ubyte")
    with _open(folder, f"{prefix}-images-idx3-ubyte") as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{prefix}-images-idx3-ubyte: not an IDX image file")
        images = torch.frombuffer(bytearray(f.read(n * h * w)), dtype=torch.uint8).view(n, 1, h, w)
    with _open(folder, f"{prefix}-labels-idx1-ubyte") as f:
        magic, m = struct.unpack(">II", f.read(8))
        if magic != 2049 or m != n:
            raise ValueError(f"{prefix}-labels-idx1-ubyte: not {n} IDX labels")
        labels = torch.frombuffer(bytearray(f.read(m)), dtype=torch.uint8).long()
    return images, labels, [str(d) for d in range(10)]


CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def read_cifar10(folder, split):
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train" else ["test_batch.bin"]
    folder = _find(folder, "cifar-10-batches-bin", names[0])
    images, labels = [], []
    for name in names:
        with _open(folder, name) as f:
            raw = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).view(-1, 3073)
        labels.append(raw[:, 0].long())
        images.append(raw[:, 1:].reshape(-1, 3, 32, 32))
    return torch.cat(images), torch.cat(labels), list(CIFAR10_CLASSES)


def select_classes(images, labels, class_names, wanted):
    """Keeps the classes named, relabelled 0.. in the order named (data.classes)."""
    new_label = torch.full((len(class_names),), -1, dtype=torch.long)
    for k, name in enumerate(wanted):
        new_label[class_names.index(name)] = k
    mapped = new_label[labels]
    keep = mapped >= 0
    return images[keep], mapped[keep]


def cap_per_class(images, labels, cap):
    """At most `cap` images per class, the first ones in file order (data.per_class)."""
    keep = torch.zeros(len(labels), dtype=torch.bool)
    for c in labels.unique():
        keep[(labels == c).nonzero().flatten()[:cap]] = True
    return images[keep], labels[keep]


def prepare_data(data, folder):
    """train, validation (or None) and test sets as the engine builds them:
    class subset, per-class cap, then the last validation_split of the
    training images held out. Images stay raw bytes; batches are scaled."""
    read = {"mnist": read_mnist, "cifar10": read_cifar10}[data["dataset"]]
    sets = {}
    for split in ("train", "test"):
        images, labels, names = read(folder, split)
        if data.get("classes"):
            images, labels = select_classes(images, labels, names, data["classes"])
        sets[split] = (images, labels)
    images, labels = sets["train"]
    if data.get("per_class", 0) > 0:
        images, labels = cap_per_class(images, labels, data["per_class"])
    held = int(math.floor(len(labels) * data.get("validation_split", 0.0) + 0.5))
    validation = None
    if held > 0:
        validation = (images[-held:], labels[-held:])
        images, labels = images[:-held], labels[:-held]
    return (images, labels), validation, sets["test"]


def augment(batch, settings, pixel_scale, generator):
    """Keras ImageDataGenerator's rotation, shifts, horizontal flip and channel
    shift with fill_mode 'nearest' and bilinear sampling, as the engine's
    (the draws come from PyTorch's generator, not the engine's)."""
    n, c, h, w = batch.shape

    def symmetric(r):
        return (torch.rand(n, generator=generator, dtype=torch.float64) * 2 - 1) * r

    angle = symmetric(settings.get("rotation_range", 0.0)) * math.pi / 180
    dy = symmetric(settings.get("height_shift_range", 0.0)) * h
    dx = symmetric(settings.get("width_shift_range", 0.0)) * w
    flip = (torch.rand(n, generator=generator) < 0.5) & bool(settings.get("horizontal_flip", False))
    shift = symmetric(settings.get("channel_shift_range", 0.0)).float() * pixel_scale
    if bool((angle != 0).any() or (dy != 0).any() or (dx != 0).any() or flip.any()):
        cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
        ys = torch.arange(h, dtype=torch.float64).view(1, h, 1)
        xs = torch.arange(w, dtype=torch.float64).view(1, 1, w)
        oy = ys - dy.view(n, 1, 1) - cy
        ox = xs - dx.view(n, 1, 1) - cx
        cos, sin = angle.cos().view(n, 1, 1), angle.sin().view(n, 1, 1)
        sy = cos * oy - sin * ox + cy
        sx = sin * oy + cos * ox + cx
        sx = torch.where(flip.view(n, 1, 1), (w - 1) - sx, sx)
        sy, sx = sy.clamp(0, h - 1).float(), sx.clamp(0, w - 1).float()
        y0, x0 = sy.floor().long(), sx.floor().long()
        y1, x1 = (y0 + 1).clamp(max=h - 1), (x0 + 1).clamp(max=w - 1)
        fy, fx = (sy - y0).unsqueeze(1), (sx - x0).unsqueeze(1)
        flat = batch.reshape(n, c, h * w)

        def at(yy, xx):
            index = (yy * w + xx).view(n, 1, h * w).expand(n, c, h * w)
            return flat.gather(2, index).view(n, c, h, w)

        top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx
        bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
        batch = top * (1 - fy) + bottom * fy
    if bool((shift != 0).any()):
        lo = batch.flatten(1).min(dim=1).values.view(n, 1, 1, 1)
        hi = batch.flatten(1).max(dim=1).values.view(n, 1, 1, 1)
        batch = torch.max(torch.min(batch + shift.view(n, 1, 1, 1), hi), lo)
    return batch


# --------------------------------------------------------------------- history
# One JSON object per line: {"batch": {...}} for every training step and
# {"epoch": {...}} for every epoch, with the workbench's field names, so
# `cnnwb runs import` can show the run beside the local ones.

class HistoryWriter:
    def __init__(self, path, header):
        self.file = open(path, "w")
        self.write({"run": header})

    def write(self, record):
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    def batch(self, epoch, batch, batches_per_epoch, loss, accuracy, images_per_second, elapsed, rate):
        self.write({"batch": {"epoch": epoch, "batch": batch, "batches_per_epoch": batches_per_epoch,
                              "loss": loss, "accuracy": accuracy, "images_per_second": images_per_second,
                              "elapsed_seconds": elapsed, "learning_rate": rate}})

    def epoch(self, record):
        self.write({"epoch": record})

    def close(self, status):
        self.write({"end": {"status": status}})
        self.file.close()
