# Annealer schedule "cosine to 10%": cosine, 1000 steps, as an optax schedule.
# Exact: every step runs at the designed LR.
# JAX computes schedules in float32 unless jax_enable_x64 is set: expect rounding near 1e-7 of the LR.
# optimizer = optax.adamw(learning_rate=schedule): update n (from 0) runs at the LR of step n.
import optax

TOTAL_STEPS = 1000

schedule = optax.warmup_cosine_decay_schedule(init_value=0.0, peak_value=6e-4, warmup_steps=100, decay_steps=1000, end_value=5.9999999999999995e-5)
