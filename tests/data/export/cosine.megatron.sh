# Annealer schedule "cosine to 10%": cosine, 1000 steps, as Megatron-LM arguments.
# Exact: every step runs at the designed LR.
# Megatron-LM counts these in samples (x global batch size): keep the batch size constant (no --rampup-batch-size).
# source this file, then: pretrain_gpt.py ... "${ANNEALER_LR_ARGS[@]}"
ANNEALER_LR_ARGS=(
    --train-iters 1000
    --lr 6e-4
    --min-lr 5.9999999999999995e-5
    --lr-decay-style cosine
    --lr-decay-iters 1000
    --lr-warmup-iters 100
    --lr-warmup-init 0.0
)
