#!/usr/bin/env python3
"""Runs `annealer export --to pytorch` output under real PyTorch, for every schedule family.

For each schedule: export it, build the scheduler on a dummy SGD optimizer, step it for every
step of the run the way a training loop does (read the LR, optimizer.step(), scheduler.step()),
and compare each step's LR with `annealer sample` within 1e-6 relative.

usage: check_pytorch_export.py ANNEALER_EXECUTABLE
Exits 77 (skipped) when torch cannot be imported, 1 when a schedule deviates.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import warnings

SKIP = 77
TOLERANCE = 1e-6
STEPS = 3000


def schedule(family, **keys):
    body = {"family": family, "steps": STEPS, "peak": 3e-4}
    body.update(keys)
    return body


def linear_warmup(warmup, init=0.0):
    return {"warmup": warmup, "warmup_shape": "linear", "warmup_init": init}


# Every family, with the variants that take different paths in the exported code: native
# schedulers (SequentialLR of LinearLR, CosineAnnealingLR, ...) or LambdaLR over the formula.
SCHEDULES = {
    "constant": schedule("constant"),
    "constant_warmup": schedule("constant", **linear_warmup(300)),
    "linear_warm_init_floor": schedule("linear", floor=3e-5, **linear_warmup(200, 3e-6)),
    "linear_to_zero": schedule("linear", **linear_warmup(300)),
    "cosine_to_zero": schedule("cosine", **linear_warmup(300)),
    "cosine_ratio": schedule("cosine", floor_ratio=0.1, **linear_warmup(300)),
    "cosine_cosine_warmup": schedule(
        "cosine", floor=1e-5, warmup=300, warmup_shape="cosine", warmup_init=1e-6),
    "wsd_linear": schedule("wsd", decay=0.2, shape="linear", floor=3e-6, **linear_warmup(300)),
    "wsd_cosine": schedule("wsd", decay_steps=600, shape="cosine", **linear_warmup(300)),
    "wsd_1_sqrt": schedule("wsd", decay=0.2, shape="1-sqrt", floor=3e-5, **linear_warmup(270)),
    "wsd_exponential": schedule("wsd", decay=0.15, shape="exponential", floor=3e-6),
    "wsd_polynomial": schedule("wsd", decay=0.2, shape="polynomial", power=2.0),
    "wsd_polynomial_floor": schedule(
        "wsd", decay=0.2, shape="polynomial", power=0.5, floor=3e-5, **linear_warmup(100)),
    "step": schedule("step", step_size=700, gamma=0.5, **linear_warmup(100, 1e-5)),
    "multistep": schedule("multistep", milestones=[50, 1500, 2500], gamma=0.1,
                          **linear_warmup(100)),
    "exponential": schedule("exponential", floor=3e-6, **linear_warmup(100)),
    "exponential_warmup": schedule(
        "exponential", floor=3e-6, warmup=100, warmup_shape="exponential", warmup_init=1e-7),
    "inverse_sqrt": schedule("inverse_sqrt", **linear_warmup(400)),
    "inverse_sqrt_timescale": schedule("inverse_sqrt", timescale=50),
    "polynomial": schedule("polynomial", power=2.0, **linear_warmup(100)),
    "polynomial_floor": schedule("polynomial", power=1.5, floor=1e-5),
    "cyclic_restarts": schedule("cyclic", cycle=500, floor=1e-5, **linear_warmup(100)),
    "cyclic_rewarm": schedule("cyclic", cycle=700, rewarm=100, cycle_decay=0.7, floor=1e-5),
    "freeform_linear": {
        "family": "freeform", "steps": STEPS,
        "points": [[0, 0.0], [300, 3e-4], [2000, 1e-4], [2900, 1e-5]]},
    "freeform_cubic": {
        "family": "freeform", "steps": STEPS, "interpolation": "monotone_cubic",
        "points": [[100, 2e-4], [400, 3e-4], [1500, 2e-4], [1600, 1e-4], [2800, 0.0]],
        **linear_warmup(50, 1e-6)},
    "rex": schedule("rex", floor=3e-6, **linear_warmup(150)),
    "rex_to_zero": schedule("rex"),
    "wsd_rex": schedule("wsd", decay=0.2, shape="rex", floor=3e-6, **linear_warmup(100)),
    # a * n^b meets the peak about step 700 (n = 700 * 4096 tokens)
    "power_exponential": schedule(
        "power", power_a=0.59, power_b=-0.51, tokens_per_step=4096.0, decay=0.1,
        shape="exponential", floor=3e-6, **linear_warmup(100)),
    "power_no_warmup": schedule(
        "power", power_a=0.59, power_b=-0.51, tokens_per_step=4096.0, decay_steps=500,
        shape="1-sqrt"),
    "onecycle": schedule("onecycle"),
    "onecycle_three_phase_linear": schedule(
        "onecycle", pct_start=0.2337, anneal_strategy="linear", three_phase=True,
        div_factor=10.0, final_div_factor=100.0),
    "chain_rex_onecycle": {
        "family": "chain",
        "phases": [
            {"family": "rex", "steps": 1000, "peak": 3e-4, "floor": 3e-5, **linear_warmup(100)},
            {"family": "onecycle", "steps": 2000, "peak": 2e-4, "pct_start": 0.1},
        ]},
    "chain": {
        "family": "chain",
        "phases": [
            {"family": "cosine", "steps": 1500, "peak": 3e-4, "floor_ratio": 0.1,
             **linear_warmup(150)},
            {"family": "chain", "phases": [
                {"family": "constant", "steps": 500, "peak": 1e-4, **linear_warmup(50, 3e-5)},
                {"family": "wsd", "steps": 1000, "peak": 1e-4, "decay": 0.5,
                 "shape": "1-sqrt"},
            ]},
        ]},
}


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(args), done.returncode,
                                                   done.stderr.strip()))
    return done


def read_sample(path):
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["step", "lr"], rows[0]
    return [float(lr) for _, lr in rows[1:]]


def run_scheduler(torch, code_path, steps):
    namespace = {"__name__": "exported"}
    with open(code_path) as file:
        exec(compile(file.read(), code_path, "exec"), namespace)
    parameter = torch.nn.Parameter(torch.zeros(1))
    # Not the peak on purpose: make_scheduler sets the LR the schedulers scale.
    optimizer = torch.optim.SGD([parameter], lr=0.123)
    scheduler = namespace["make_scheduler"](optimizer)
    lrs = []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return lrs


def relative(actual, expected):
    """|actual - expected| relative to the larger of the two; 0 when both are 0."""
    scale = max(abs(actual), abs(expected))
    return 0.0 if scale == 0.0 else abs(actual - expected) / scale


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    annealer = sys.argv[1]
    try:
        import torch
    except Exception as error:  # ImportError, or a broken install
        print("SKIP: PyTorch is not available to %s (%s); install Debian's python3-torch"
              % (sys.executable, error))
        return SKIP
    # torch's own deprecation notices (SequentialLR passes an epoch to step()) are not ours
    warnings.simplefilter("ignore", UserWarning)
    print("PyTorch %s" % torch.__version__)

    failed = []
    overall = (0.0, "", 0)
    with tempfile.TemporaryDirectory() as directory:
        for name, body in SCHEDULES.items():
            base = os.path.join(directory, name)
            with open(base + ".json", "w") as file:
                json.dump(dict(body, format="annealer.schedule", version=2, name=name), file)
            export = run(annealer, "export", base + ".json", "--to", "pytorch", "-o", base + ".py")
            run(annealer, "sample", base + ".json", "-o", base + ".csv")
            designed = read_sample(base + ".csv")
            lrs = run_scheduler(torch, base + ".py", len(designed))
            worst, step = max((relative(lr, want), s) for s, (lr, want)
                              in enumerate(zip(lrs, designed)))
            with open(base + ".py") as file:
                kind = "native" if "(native schedulers)" in file.readline() else "LambdaLR"
            print("%-24s %-8s %5d steps  worst relative deviation %.2e at step %d"
                  % (name, kind, len(designed), worst, step))
            if "pytorch: exact (" not in export.stdout:
                failed.append("%s: export verdict %r" % (name, export.stdout.strip()))
            if worst > TOLERANCE:
                failed.append("%s: step %d runs at %r, designed %r"
                              % (name, step, lrs[step], designed[step]))
            overall = max(overall, (worst, name, step))

    print("worst relative deviation over all schedules: %.2e (%s, step %d)" % overall)
    for failure in failed:
        print("FAIL: " + failure)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
