# Annealer schedule "three "stages"": chain, 13 steps, as an optax schedule.
# Exact: every step runs at the designed LR.
# JAX computes schedules in float32 unless jax_enable_x64 is set: expect rounding near 1e-7 of the LR.
# optimizer = optax.adamw(learning_rate=schedule): update n (from 0) runs at the LR of step n.
import optax

TOTAL_STEPS = 13

schedule = optax.join_schedules(
    schedules=[
        optax.linear_schedule(init_value=0.0, end_value=0.001, transition_steps=2),
        optax.constant_schedule(0.001),
        optax.linear_schedule(init_value=0.001, end_value=0.00025, transition_steps=4),
        optax.exponential_decay(init_value=2e-4, transition_steps=2, decay_rate=0.5, staircase=True),
    ],
    boundaries=[2, 4, 10],
)
