# Annealer schedule "wsd 1-sqrt": wsd, 2000 steps, as Megatron-LM arguments.
# Exact: every step runs at the designed LR.
# Megatron-LM counts these in samples (x global batch size): keep the batch size constant (no --rampup-batch-size).
# source this file, then: pretrain_gpt.py ... "${ANNEALER_LR_ARGS[@]}"
ANNEALER_LR_ARGS=(
    --train-iters 2000
    --lr 3e-4
    --min-lr 3e-5
    --lr-decay-style WSD
    --lr-decay-iters 2000
    --lr-wsd-decay-style minus_sqrt
    --lr-wsd-decay-iters 400
    --lr-warmup-iters 100
    --lr-warmup-init 3e-5
)
