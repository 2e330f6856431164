# Annealer schedule "wsd 1-sqrt": wsd, 2000 steps, for PyTorch (LambdaLR over its formula).
# Exact: every step runs at the designed LR.
# scheduler = make_scheduler(optimizer), then scheduler.step() after every
# optimizer.step(): optimizer step s (from 0) runs at the designed LR of step s.
import math

import torch

TOTAL_STEPS = 2000
BASE_LR = 3e-4


def lr_at(step):
    """The designed LR of optimizer step `step` (from 0); beyond the run, the nearest end's."""
    step = min(max(step, 0), TOTAL_STEPS - 1)
    if step < 100:
        return 3e-5 + (3e-4 - 3e-5) * (step / 100)
    if step < 1600:
        return 3e-4
    n = step - 1600
    return 3e-5 + (3e-4 - 3e-5) * (((400 - n) / 400) / (1 + math.sqrt(n / 400)))


def make_scheduler(optimizer):
    # LambdaLR multiplies each group's initial LR, BASE_LR, by lr_at(step) / BASE_LR.
    for group in optimizer.param_groups:
        group["lr"] = BASE_LR
        group["initial_lr"] = BASE_LR
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_at(step) / BASE_LR)
