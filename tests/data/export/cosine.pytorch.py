# Annealer schedule "cosine to 10%": cosine, 1000 steps, for PyTorch (native schedulers).
# Exact: every step runs at the designed LR.
# scheduler = make_scheduler(optimizer), then scheduler.step() after every
# optimizer.step(): optimizer step s (from 0) runs at the designed LR of step s.
import torch

TOTAL_STEPS = 1000
PEAK_LR = 6e-4


def make_scheduler(optimizer):
    # The schedulers multiply each group's initial LR: the peak.
    for group in optimizer.param_groups:
        group["lr"] = PEAK_LR
        group["initial_lr"] = PEAK_LR
    warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: step / 100)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=900, eta_min=5.9999999999999995e-5)
    return torch.optim.lr_scheduler.SequentialLR(
        optimizer, schedulers=[warmup, decay], milestones=[100]
    )
