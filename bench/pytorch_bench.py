#!/usr/bin/env python3
"""The benchmark workloads of docs/performance.md in PyTorch, for the side-by-side comparison.

Reads the same experiment files as bitlab_bench (bench/experiments/*.json: data file,
model, loss, optimizer, batch size, epochs, seed, and the quantized twin's quantizer) and
the same CSV files, and trains in float64 on 1 thread (torch.set_num_threads(1)), the way
an engineer would write the loop by hand: the data as one tensor, a per-epoch
torch.randperm, batches gathered by index (no DataLoader, which would only add overhead).

Quantized twins, written with torch ops:
  - mode post_update, scheme fixed (W1): after every optimizer step the weights are
    replaced by clamp(round(w * 2^f), -2^(b-1), 2^(b-1)-1) / 2^f (round half to even).
  - mode ste, scheme symmetric (W2-W4): per-tensor narrow-range fake quantization of every
    weight and bias in the forward pass, scale = max|w| / (2^(b-1)-1) recomputed at every
    step, straight-through gradient: w + (Q(w) - w).detach().

Timing covers the training loop only (batch gathering, forward, backward, update, and the
quantizer); loading and the final evaluation are outside it. Medians of --reps runs, of
wall time (time.perf_counter) and of process CPU time (time.process_time, which moves much
less on a loaded machine).
Run it through bench/run_pytorch.sh, which installs Debian's python3-torch when missing.

Usage: pytorch_bench.py [--reps N] [--only W1,W3] [--experiments DIR] [--json FILE]
                        [--epochs N]
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

WORKLOADS = [
    ("W1", "w1_seed.json"),
    ("W2", "w2_logistic.json"),
    ("W3", "w3_moons.json"),
    ("W4", "w4_digits.json"),
]


def load_csv(path):
    """The CSV as float64: features (n x d) and the label column (n)."""
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return data[:, :-1], data[:, -1]


def symmetric_ste(w, bits):
    """Narrow-range per-tensor symmetric fake quantization with a straight-through gradient."""
    qmax = 2 ** (bits - 1) - 1
    wd = w.detach()
    amax = wd.abs().max()
    scale = amax / qmax
    q = torch.clamp(torch.round(wd / scale), -qmax, qmax) * scale
    q = torch.where(amax > 0, q, torch.zeros_like(q))
    return w + (q - wd)


def fixed_point_(w, bits, frac_bits):
    """In place: the nearest value of the fixed-point grid (word length bits, frac_bits)."""
    step = 2.0 ** frac_bits
    w.copy_(torch.clamp(torch.round(w * step), -(2 ** (bits - 1)), 2 ** (bits - 1) - 1) / step)


class Net(torch.nn.Module):
    """linear | logistic | softmax | mlp, forward with an optional fake quantizer."""

    def __init__(self, model, inputs, outputs):
        super().__init__()
        sizes = [inputs] + list(model.get("hidden", []) if model["kind"] == "mlp" else []) + [outputs]
        bias = model.get("bias", True)
        self.layers = torch.nn.ModuleList(
            torch.nn.Linear(a, b, bias=bias, dtype=torch.float64) for a, b in zip(sizes, sizes[1:])
        )
        act = model.get("activation", "relu") if model["kind"] == "mlp" else None
        self.act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, None: None}[act]
        self.activation = act
        self.fake_quant = None

    def init(self, kind):
        with torch.no_grad():
            for layer in self.layers:
                if kind == "zeros" or (kind == "default" and self.act is None):
                    layer.weight.zero_()  # BitLab: zeros for linear models
                elif self.activation == "relu":
                    torch.nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")  # sqrt(6/fan_in)
                else:
                    torch.nn.init.xavier_uniform_(layer.weight)  # sqrt(6/(fan_in+fan_out))
                if layer.bias is not None:
                    layer.bias.zero_()

    def forward(self, x):
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            w, b = layer.weight, layer.bias
            if self.fake_quant is not None:
                w = self.fake_quant(w)
                b = self.fake_quant(b) if b is not None else None
            x = F.linear(x, w, b)
            if i < last:
                x = self.act(x)
        return x


def make_optimizer(spec, params):
    kind = spec["kind"]
    lr = spec["lr"]
    wd = spec.get("weight_decay", 0.0)
    if kind in ("gd", "sgd"):
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.0),
                               nesterov=spec.get("nesterov", False), weight_decay=wd)
    if kind == "adam":
        betas = tuple(spec.get("betas", [0.9, 0.999]))
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=spec.get("eps", 1e-8),
                                weight_decay=wd)
    raise SystemExit(f"pytorch_bench: optimizer {kind} is not in the bench")


def loss_fn(kind):
    if kind == "mse":
        return lambda z, y: F.mse_loss(z, y)
    if kind == "bce":
        return lambda z, y: F.binary_cross_entropy_with_logits(z, y)
    if kind == "cross_entropy":
        return lambda z, y: F.cross_entropy(z, y)
    raise SystemExit(f"pytorch_bench: loss {kind} is not in the bench")


def train_once(exp, quantizer, X, Y, task, outputs, epochs_override):
    training = exp.get("training", {})
    seed = training.get("seed", 42)
    epochs = epochs_override or training.get("epochs", 1000)
    opt_spec = exp["optimizer"]
    shuffle = exp.get("dataset", {}).get("shuffle", True)
    n = X.shape[0]
    batch = opt_spec.get("batch_size", 0) or n

    torch.manual_seed(seed)
    net = Net(exp["model"], X.shape[1], outputs)
    net.init(exp.get("init", {}).get("kind", "default"))
    post_update = None
    if quantizer is not None:
        mode = quantizer.get("mode", "post_update")
        if mode == "ste" and quantizer["scheme"] == "symmetric":
            bits = quantizer["bits"]
            net.fake_quant = lambda w: symmetric_ste(w, bits)
        elif mode == "post_update" and quantizer["scheme"] == "fixed":
            bits, frac = quantizer["bits"], quantizer.get("frac_bits", 0)
            post_update = lambda p: fixed_point_(p, bits, frac)
        else:
            raise SystemExit(f"pytorch_bench: quantizer {quantizer} is not in the bench")
    params = list(net.parameters())
    if post_update is not None:
        with torch.no_grad():
            for p in params:
                post_update(p)
    opt = make_optimizer(opt_spec, params)
    lossf = loss_fn(exp["loss"])
    gen = torch.Generator().manual_seed(seed)

    steps = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(epochs):
        if batch >= n:
            batches = [(X, Y)]
        else:
            order = torch.randperm(n, generator=gen) if shuffle else torch.arange(n)
            batches = ((X[idx], Y[idx]) for idx in torch.split(order, batch))
        for xb, yb in batches:
            opt.zero_grad(set_to_none=True)
            loss = lossf(net(xb), yb)
            loss.backward()
            opt.step()
            if post_update is not None:
                with torch.no_grad():
                    for p in params:
                        post_update(p)
            steps += 1
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0

    with torch.no_grad():
        z = net(X)
        final_loss = lossf(z, Y).item()
        if task == "binary":
            accuracy = ((z > 0).to(Y.dtype) == Y).double().mean().item()
        elif task == "multiclass":
            accuracy = (z.argmax(dim=1) == Y).double().mean().item()
        else:
            accuracy = None
    return seconds, cpu, steps, n * epochs, final_loss, accuracy


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="")
    ap.add_argument("--experiments", default=os.path.join(here, "experiments"))
    ap.add_argument("--json", default="")
    ap.add_argument("--epochs", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    only = set(filter(None, args.only.split(",")))
    results, csv_results = [], []
    for key, name in WORKLOADS:
        if only and key not in only:
            continue
        path = os.path.join(args.experiments, name)
        with open(path) as f:
            exp = json.load(f)
        source = os.path.join(os.path.dirname(path), exp["dataset"]["source"])
        print(f"pytorch_bench: {key}: loading {source}", file=sys.stderr)
        t0 = time.perf_counter()
        xs, ys = load_csv(source)
        load_seconds = time.perf_counter() - t0
        megabytes = os.path.getsize(source) / 1e6
        csv_results.append({"workload": key, "file": exp["dataset"]["source"],
                            "megabytes": megabytes, "seconds": load_seconds,
                            "reader": "numpy.loadtxt"})
        X = torch.from_numpy(np.ascontiguousarray(xs))
        loss = exp.get("loss", "mse")
        if loss == "cross_entropy":
            task, Y, outputs = "multiclass", torch.from_numpy(ys).long(), int(ys.max()) + 1
        elif loss == "bce":
            task, Y, outputs = "binary", torch.from_numpy(ys).reshape(-1, 1), 1
        else:
            task, Y, outputs = "regression", torch.from_numpy(ys).reshape(-1, 1), 1

        runs = exp["runs"]
        variants = [("fp", runs[0].get("name", "fp64"), None),
                    ("q", runs[1].get("name", "q"), runs[1].get("quantizer"))]
        times = {v[0]: [] for v in variants}
        cpus = {v[0]: [] for v in variants}
        last = {}
        for rep in range(args.reps):
            print(f"pytorch_bench: {key}: repetition {rep + 1}/{args.reps}", file=sys.stderr)
            for vkey, _, quantizer in variants:
                s, cpu, steps, samples, final_loss, acc = train_once(exp, quantizer, X, Y, task,
                                                                     outputs, args.epochs)
                times[vkey].append(s)
                cpus[vkey].append(cpu)
                last[vkey] = (steps, samples, final_loss, acc)
        for vkey, run_name, _ in variants:
            steps, samples, final_loss, acc = last[vkey]
            results.append({"workload": key, "variant": vkey, "runs": run_name, "threads": 1,
                            "run_count": 1, "steps": steps, "samples_per_run": samples,
                            "train_seconds": statistics.median(times[vkey]),
                            "train_seconds_all": times[vkey],
                            "cpu_seconds": statistics.median(cpus[vkey]),
                            "cpu_seconds_all": cpus[vkey], "final_loss": final_loss,
                            "accuracy": acc})

    print(f"\nPyTorch {torch.__version__}, float64, {torch.get_num_threads()} thread, "
          f"medians of {args.reps} repetitions (training loop only)\n")
    print(f"{'wl':<4} {'variant':<8} {'runs':<10} {'steps':>7} {'train s':>11} {'cpu s':>11} "
          f"{'samples/s':>12} {'us/step':>10} {'final loss':>12} {'accuracy':>9}")
    for r in results:
        t = r["train_seconds"]
        acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.4f}"
        print(f"{r['workload']:<4} {r['variant']:<8} {r['runs']:<10} {r['steps']:>7} {t:>11.6f} "
              f"{r['cpu_seconds']:>11.6f} "
              f"{r['samples_per_run'] / t:>12.4g} {t / r['steps'] * 1e6:>10.3f} "
              f"{r['final_loss']:>12.6g} {acc:>9}")
    print("\nCSV load (numpy.loadtxt, once)\n")
    for c in csv_results:
        print(f"{c['workload']:<4} {c['file']:<26} {c['megabytes']:>9.1f} MB {c['seconds']:>9.3f} s "
              f"{c['megabytes'] / c['seconds']:>9.1f} MB/s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"engine": "pytorch", "version": torch.__version__,
                       "threads": torch.get_num_threads(), "reps": args.reps,
                       "workloads": results, "csv": csv_results}, f, indent=1)


if __name__ == "__main__":
    main()
