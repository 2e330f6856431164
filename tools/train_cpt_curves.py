#!/usr/bin/python3
"""Make real continual pre-training (CPT) curves on CPU: resources/demo/cpt/*.csv.

A tiny GPT-style byte-level model is pre-trained on English prose (the licence texts and
copyright files Debian installs under /usr/share/common-licenses and /usr/share/doc) with a WSD
schedule, then continued on Python source code (the standard library under /usr/lib/python3.11)
with several CPT schedules. Every run logs the validation loss on fixed held-out slices of BOTH
corpora: columns step,lr,val_pt,val_cpt. A CPT log holds the whole run: the pre-training rows
(steps 1..T) then the CPT rows (steps T+1..), as `annealer fit --law cpt --transfer-step T` and
shared/tools/cpt_law_reference.py read it. The AdamW state is carried over the transfer (the
optimizer continues; only the data and the LR change).

Fixed seeds and the same data order in every CPT run. Needs Debian's python3-torch:
  /usr/bin/python3 tools/train_cpt_curves.py OUT_DIR
"""
import glob, math, os, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
CTX, BATCH, DIM, LAYERS, HEADS = 64, 16, 64, 2, 4
PEAK = 3e-3
PT_STEPS, PT_WARMUP, PT_DECAY_FROM = 500, 30, 400   # WSD: linear decay to 10% over the last 20%
EARLY = 380                                           # the earlier checkpoint (before the decay)
CPT_STEPS = 250
EVAL_EVERY, EVAL_SEQS = 10, 32


def read_corpus(paths, limit):
    out = bytearray()
    for p in sorted(paths):
        try:
            with open(p, 'rb') as f:
                b = f.read()
        except OSError:
            continue
        if b'\0' in b[:1024]:
            continue
        out += b + b'\n'
        if len(out) >= limit:
            break
    return torch.tensor(list(out[:limit]), dtype=torch.long)


def split(data):
    n = len(data) - 64 * 1024
    return data[:n], data[n:]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(DIM), nn.LayerNorm(DIM)
        self.qkv, self.proj = nn.Linear(DIM, 3 * DIM), nn.Linear(DIM, DIM)
        self.mlp = nn.Sequential(nn.Linear(DIM, 4 * DIM), nn.GELU(), nn.Linear(4 * DIM, DIM))

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(DIM, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(c // HEADS)
        att = att.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float('-inf'))
        y = att.softmax(dim=-1) @ v
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, c))
        return x + self.mlp(self.ln2(x))


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(256, DIM), nn.Embedding(CTX, DIM)
        self.blocks = nn.Sequential(*[Block() for _ in range(LAYERS)])
        self.ln, self.head = nn.LayerNorm(DIM), nn.Linear(DIM, 256)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        return self.head(self.ln(self.blocks(x)))


def batches(data, seed):
    g = torch.Generator().manual_seed(seed)
    while True:
        i = torch.randint(0, len(data) - CTX - 1, (BATCH,), generator=g)
        yield torch.stack([data[j:j + CTX] for j in i]), torch.stack([data[j + 1:j + CTX + 1] for j in i])


def fixed_slices(val):
    stride = (len(val) - CTX - 1) // EVAL_SEQS
    x = torch.stack([val[i * stride:i * stride + CTX] for i in range(EVAL_SEQS)])
    y = torch.stack([val[i * stride + 1:i * stride + CTX + 1] for i in range(EVAL_SEQS)])
    return x, y


@torch.no_grad()
def val_loss(model, xy):
    model.eval()
    loss = F.cross_entropy(model(xy[0]).reshape(-1, 256), xy[1].reshape(-1)).item()
    model.train()
    return loss


def pt_lr(step):  # step counts from 1
    if step <= PT_WARMUP:
        return PEAK * step / PT_WARMUP
    if step <= PT_DECAY_FROM:
        return PEAK
    f = (step - PT_DECAY_FROM) / (PT_STEPS - PT_DECAY_FROM)
    return PEAK * (1.0 - 0.9 * f)


def cpt_lr(kind, peak, start_lr, k):  # k = CPT step 1..CPT_STEPS
    rewarm = 30
    floor = 0.1 * PEAK * 0.1
    if kind == 'linear-no-rewarm':
        return start_lr + (0.0 - start_lr) * k / CPT_STEPS
    if k <= rewarm:
        return peak * k / rewarm
    if kind == 'cosine':
        f = (k - rewarm) / (CPT_STEPS - rewarm)
        return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * f))
    if kind == 'wsd':
        decay_from = CPT_STEPS - CPT_STEPS // 5
        if k <= decay_from:
            return peak
        return peak + (floor - peak) * (k - decay_from) / (CPT_STEPS - decay_from)
    raise ValueError(kind)


def set_lr(opt, lr):
    for g in opt.param_groups:
        g['lr'] = lr


def train(model, opt, data, lrs, first_step, evals, rows, seed):
    it = batches(data, seed)
    for n, lr in enumerate(lrs):
        step = first_step + n
        set_lr(opt, lr)
        x, y = next(it)
        loss = F.cross_entropy(model(x).reshape(-1, 256), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % EVAL_EVERY == 0:
            rows.append((step, lr, val_loss(model, evals[0]), val_loss(model, evals[1])))


def write(path, rows):
    with open(path, 'w') as f:
        f.write('step,lr,val_pt,val_cpt\n')
        for s, lr, a, b in rows:
            f.write(f'{s},{lr:.6g},{a:.5f},{b:.5f}\n')


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'resources/demo/cpt'
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    prose = [p for p in glob.glob('/usr/share/common-licenses/*') if os.path.isfile(p)]
    prose += glob.glob('/usr/share/doc/*/copyright')
    code = glob.glob('/usr/lib/python3.11/*.py') + glob.glob('/usr/lib/python3.11/*/*.py')
    pt_train, pt_val = split(read_corpus(prose, 3_000_000))
    cpt_train, cpt_val = split(read_corpus(code, 3_000_000))
    evals = (fixed_slices(pt_val), fixed_slices(cpt_val))
    print(f'corpora: prose {len(pt_train)} bytes, code {len(cpt_train)} bytes', flush=True)

    torch.manual_seed(1)
    model = TinyGpt()
    opt = torch.optim.AdamW(model.parameters(), lr=PEAK, betas=(0.9, 0.95), weight_decay=0.1)
    rows = []
    early_state = None
    it_rows = []
    # Pre-training in two legs, so that the state before the decay can be kept.
    train(model, opt, pt_train, [pt_lr(s) for s in range(1, EARLY + 1)], 1, evals, rows, seed=11)
    early_state = ({k: v.clone() for k, v in model.state_dict().items()},
                   {'state': {k: {n: t.clone() if torch.is_tensor(t) else t for n, t in v.items()}
                              for k, v in opt.state_dict()['state'].items()},
                    'param_groups': opt.state_dict()['param_groups']}, list(rows))
    train(model, opt, pt_train, [pt_lr(s) for s in range(EARLY + 1, PT_STEPS + 1)], EARLY + 1, evals, rows, seed=12)
    write(os.path.join(out, 'pt_wsd.csv'), rows)
    final_state = ({k: v.clone() for k, v in model.state_dict().items()},
                   {'state': {k: {n: t.clone() if torch.is_tensor(t) else t for n, t in v.items()}
                              for k, v in opt.state_dict()['state'].items()},
                    'param_groups': opt.state_dict()['param_groups']}, list(rows))
    print(f'pre-training done {time.time() - t0:.0f}s', flush=True)

    runs = [  # name, kind, peak (fraction of PT peak), checkpoint
        ('cpt_rewarm100_cosine', 'cosine', 1.0, 'final'),
        ('cpt_rewarm50_cosine', 'cosine', 0.5, 'final'),
        ('cpt_rewarm20_cosine', 'cosine', 0.2, 'final'),
        ('cpt_norewarm_linear', 'linear-no-rewarm', None, 'final'),
        ('cpt_rewarm50_wsd', 'wsd', 0.5, 'final'),
        ('cpt_rewarm50_cosine_from380', 'cosine', 0.5, 'early'),
    ]
    for name, kind, frac, ckpt in runs:
        weights, opt_state, pt_rows = final_state if ckpt == 'final' else early_state
        transfer = PT_STEPS if ckpt == 'final' else EARLY
        model.load_state_dict(weights)
        opt.load_state_dict(opt_state)
        lrs = [cpt_lr(kind, (frac or 0.0) * PEAK, pt_lr(transfer), k) for k in range(1, CPT_STEPS + 1)]
        rows = list(pt_rows)
        train(model, opt, cpt_train, lrs, transfer + 1, evals, rows, seed=21)
        write(os.path.join(out, f'{name}.csv'), rows)
        print(f'{name} (transfer {transfer}) done {time.time() - t0:.0f}s', flush=True)


if __name__ == '__main__':
    main()
