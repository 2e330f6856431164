# Annealer schedule "three "stages"": chain, 13 steps, for PyTorch (LambdaLR over its formula).
# Exact: every step runs at the designed LR.
# scheduler = make_scheduler(optimizer), then scheduler.step() after every
# optimizer.step(): optimizer step s (from 0) runs at the designed LR of step s.
import bisect
import math

import torch

TOTAL_STEPS = 13
BASE_LR = 0.001


def _interpolate(xs, ys, slopes, step):
    """Through the points (xs, ys): straight lines, or cubic Hermite pieces with the
    given slopes; constant before the first point and after the last."""
    if step < xs[0]:
        return ys[0]
    if step >= xs[-1]:
        return ys[-1]
    k = bisect.bisect_right(xs, step) - 1
    width = xs[k + 1] - xs[k]
    t = (step - xs[k]) / width
    y0, y1 = ys[k], ys[k + 1]
    if slopes is None:
        return y0 + (y1 - y0) * t
    t2 = t * t
    t3 = t2 * t
    value = ((2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * width * slopes[k]
             + (3 * t2 - 2 * t3) * y1 + (t3 - t2) * width * slopes[k + 1])
    # the pieces are monotone; the clamp removes rounding overshoot
    return min(max(value, min(y0, y1)), max(y0, y1))


_X1 = (0, 4)
_Y1 = (0.001, 0.00025)
_SLOPES1 = None


def _phase0(step):
    if step < 2:
        return 0.0 + (0.001 - 0.0) * (step / 2)
    return 0.001


def _phase1(step):
    return _interpolate(_X1, _Y1, _SLOPES1, step)


def _phase2(step):
    return 2e-4 * 0.5 ** (step // 2)


def lr_at(step):
    """The designed LR of optimizer step `step` (from 0); beyond the run, the nearest end's."""
    step = min(max(step, 0), TOTAL_STEPS - 1)
    if step < 4:
        return _phase0(step)
    if step < 10:
        return _phase1(step - 4)
    return _phase2(step - 10)


def make_scheduler(optimizer):
    # LambdaLR multiplies each group's initial LR, BASE_LR, by lr_at(step) / BASE_LR.
    for group in optimizer.param_groups:
        group["lr"] = BASE_LR
        group["initial_lr"] = BASE_LR
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_at(step) / BASE_LR)
