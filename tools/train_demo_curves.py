#!/usr/bin/python3
"""Train a tiny GPT-style byte-level model under several learning-rate schedules and write the
validation-loss curves of the built-in demo (resources/demo/curves/*.csv, header step,lr,loss).

Not run by CI. Run from the repository root with Debian's PyTorch on the CPU:

    apt-get install python3-torch python3.11-doc
    /usr/bin/python3 tools/train_demo_curves.py --out resources/demo/curves

Corpus: the reStructuredText sources of the Python 3.11 documentation that Debian's
python3.11-doc package installs (/usr/share/doc/python3.11/html/_sources/**/*.rst.txt), read in
sorted path order and concatenated as bytes. Every 20th block of 8192 bytes is held out; the
validation loss is the mean next-byte cross-entropy (nats) on a fixed set of windows from the
held-out blocks. Every schedule sees the same initial weights and the same batches in the same
order (fixed seeds; one CPU thread, so the arithmetic is the same from run to run).

The WSD runs branch from the constant run at the start of their decay: up to that step they are
the constant run (same weights, same data), which is how WSD cooldowns are trained in practice.

Run time: 1385 s (23 minutes) on the project's shared 2-core VM, two worker processes of one
thread each (resources/demo/NOTICE has the details). Writes eight CSVs of about 2-6 KB each.
"""
import argparse
import copy
import hashlib
import math
import multiprocessing
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CORPUS_DIR = "/usr/share/doc/python3.11/html/_sources"
BLOCK = 8192          # bytes per corpus block
HOLD_OUT_EVERY = 20   # every 20th block is validation

# The experiment. Every schedule shares warmup, peak and the data order.
CONFIG = dict(
    steps=2400,          # T: the length of every schedule but the long cosine (2T)
    warmup=120,          # linear warmup from 0 over the first `warmup` updates
    peak=5e-3,
    batch=16,
    context=64,
    layers=3,
    width=64,
    heads=4,
    eval_every=20,
    eval_windows=256,
    weight_decay=0.1,
    betas=(0.9, 0.95),
    clip=1.0,
    seed=1234,
)


# ---------------------------------------------------------------- corpus

def corpus_files():
    files = []
    for root, _, names in os.walk(CORPUS_DIR):
        for name in names:
            if name.endswith(".rst.txt"):
                files.append(os.path.join(root, name))
    return sorted(files)


def load_corpus():
    files = corpus_files()
    if not files:
        sys.exit(f"{CORPUS_DIR}: no *.rst.txt files (apt-get install python3.11-doc)")
    data = b"\n".join(open(path, "rb").read() for path in files)
    train, valid = bytearray(), bytearray()
    for index, start in enumerate(range(0, len(data), BLOCK)):
        (valid if index % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 else train).extend(data[start:start + BLOCK])
    return files, data, torch.tensor(list(train), dtype=torch.long), torch.tensor(list(valid), dtype=torch.long)


# ---------------------------------------------------------------- model

class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.up = nn.Linear(width, 4 * width)
        self.down = nn.Linear(4 * width, width)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(c, dim=2)
        shape = (b, t, self.heads, c // self.heads)
        q, k, v = (y.view(shape).transpose(1, 2) for y in (q, k, v))
        y = causal_attention(q, k, v)
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, c))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


def causal_attention(q, k, v):
    """Scaled dot-product attention with a causal mask, written out (the same arithmetic on every
    PyTorch version)."""
    t = q.shape[2]
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    mask = torch.ones(t, t, dtype=torch.bool).triu(1)
    return scores.masked_fill(mask, float("-inf")).softmax(dim=-1) @ v


class TinyGPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.tokens = nn.Embedding(256, cfg["width"])
        self.positions = nn.Embedding(cfg["context"], cfg["width"])
        self.blocks = nn.ModuleList(Block(cfg["width"], cfg["heads"]) for _ in range(cfg["layers"]))
        self.norm = nn.LayerNorm(cfg["width"])
        self.head = nn.Linear(cfg["width"], 256, bias=False)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)

    def forward(self, idx):
        x = self.tokens(idx) + self.positions(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))


def loss_of(model, windows):
    logits = model(windows[:, :-1])
    return F.cross_entropy(logits.reshape(-1, 256), windows[:, 1:].reshape(-1))


# ---------------------------------------------------------------- schedules
# lr(t) is the LR of update t = 1..length; warmup: peak * t / W for t <= W.

def schedule(name, cfg):
    T, W, P = cfg["steps"], cfg["warmup"], cfg["peak"]

    def cosine(length, floor):
        return lambda t: floor + (P - floor) * 0.5 * (1 + math.cos(math.pi * (t - W) / (length - W)))

    def wsd(decay_fraction):
        start = T - round(decay_fraction * T)
        return lambda t: P if t <= start else P * (T - t) / (T - start)

    def step(t):
        return P * (1.0 if t <= T // 2 else 0.3 if t <= (4 * T) // 5 else 0.09)

    after_warmup, length = {
        "constant": (lambda t: P, T),
        "cosine10": (cosine(T, 0.1 * P), T),
        "cosine0": (cosine(T, 0.0), T),
        "wsd10": (wsd(0.1), T),
        "wsd30": (wsd(0.3), T),
        "linear0": (lambda t: P * (T - t) / (T - W), T),
        "step": (step, T),
        "cosine10_long": (cosine(2 * T, 0.1 * P), 2 * T),
    }[name]
    return (lambda t: P * t / W if t <= W else after_warmup(t)), length


# ---------------------------------------------------------------- training

def batch_starts(cfg, train_size, updates):
    generator = torch.Generator().manual_seed(cfg["seed"] + 1)
    return torch.randint(0, train_size - cfg["context"] - 1, (updates, cfg["batch"]), generator=generator)


def eval_windows(cfg, valid):
    generator = torch.Generator().manual_seed(cfg["seed"] + 2)
    starts = torch.randint(0, len(valid) - cfg["context"] - 1, (cfg["eval_windows"],), generator=generator)
    return torch.stack([valid[s:s + cfg["context"] + 1] for s in starts.tolist()])


def train(name, cfg, train_data, windows, starts, state=None, first=1, snapshots=()):
    """Trains schedule `name` from update `first` (weights and optimiser in `state`, or fresh) and
    returns the rows (step, lr, loss) and the states at the steps in `snapshots`."""
    torch.manual_seed(cfg["seed"])
    model = TinyGPT(cfg)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.0, betas=cfg["betas"],
                                  weight_decay=cfg["weight_decay"])
    if state is not None:
        model.load_state_dict(state[0])
        optimizer.load_state_dict(state[1])
    lr_of, length = schedule(name, cfg)
    rows, saved = [], {}
    offsets = torch.arange(cfg["context"] + 1)
    for t in range(first, length + 1):
        lr = lr_of(t)
        for group in optimizer.param_groups:
            group["lr"] = lr
        batch = train_data[starts[t - 1].unsqueeze(1) + offsets]
        loss = loss_of(model, batch)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clip"])
        optimizer.step()
        if t >= cfg["warmup"] and t % cfg["eval_every"] == 0:
            model.eval()
            with torch.no_grad():
                rows.append((t, lr, loss_of(model, windows).item()))
            model.train()
        if t in snapshots:
            saved[t] = (copy.deepcopy(model.state_dict()), copy.deepcopy(optimizer.state_dict()))
    return rows, saved


def write_csv(path, rows):
    with open(path, "w") as out:
        out.write("step,lr,loss\n")
        for step, lr, loss in rows:
            out.write(f"{step},{lr:.6g},{loss:.5f}\n")


def worker(job):
    names, cfg, out_dir = job
    torch.set_num_threads(1)
    _, _, train_data, valid = load_corpus()
    windows = eval_windows(cfg, valid)
    starts = batch_starts(cfg, len(train_data), 2 * cfg["steps"])
    for name in names:
        began = time.time()
        if name == "constant+wsd":
            T = cfg["steps"]
            branch = {n: T - round(f * T) for n, f in (("wsd10", 0.1), ("wsd30", 0.3))}
            rows, saved = train("constant", cfg, train_data, windows, starts, snapshots=set(branch.values()))
            write_csv(os.path.join(out_dir, "constant.csv"), rows)
            for wsd_name, start in branch.items():
                tail, _ = train(wsd_name, cfg, train_data, windows, starts, state=saved[start], first=start + 1)
                write_csv(os.path.join(out_dir, wsd_name + ".csv"),
                          [row for row in rows if row[0] <= start] + tail)
        else:
            rows, _ = train(name, cfg, train_data, windows, starts)
            write_csv(os.path.join(out_dir, name + ".csv"), rows)
        print(f"{name}: {time.time() - began:.0f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="resources/demo/curves")
    parser.add_argument("--steps", type=int, default=CONFIG["steps"])
    parser.add_argument("--peak", type=float, default=CONFIG["peak"])
    parser.add_argument("--only", nargs="*", help="schedules to train (default: all)")
    args = parser.parse_args()
    cfg = dict(CONFIG, steps=args.steps, peak=args.peak)
    os.makedirs(args.out, exist_ok=True)

    files, data, train_data, valid = load_corpus()
    print(f"corpus: {len(files)} files, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}; "
          f"train {len(train_data)} bytes, validation {len(valid)} bytes", flush=True)
    print(f"config: {cfg}", flush=True)
    # Two processes with about equal work, in units of T: 2 + 1.4 and 4 x 1.
    jobs = [["cosine10_long", "constant+wsd"], ["cosine10", "cosine0", "linear0", "step"]]
    if args.only:
        jobs = [[n] for n in args.only]
    began = time.time()
    with multiprocessing.get_context("fork").Pool(min(2, len(jobs))) as pool:
        pool.map(worker, [(names, cfg, args.out) for names in jobs])
    print(f"total: {time.time() - began:.0f} s", flush=True)


if __name__ == "__main__":
    main()
