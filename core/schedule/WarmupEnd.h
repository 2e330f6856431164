#pragma once

#include <cstdint>
#include <functional>
#include <span>

namespace annealer {

// The end of warmup, defined once for every run and every law: the first step at the run's
// peak LR before any decay, i.e. where the initial LR rise ends. The rise is followed while no
// LR falls below the highest LR so far (by more than a relative 1e-6, which absorbs logged
// rounding); the first step within that tolerance of the highest LR of the rise is the end.
// A run whose LR never rises has no warmup (0). Block-sampled schedules give a block index.
std::int64_t warmupEndStep(std::span<const double> lr);

// The same step for an LR known to rise monotonically over steps 0..top, to its highest value
// at `top`, and to stay below that value after it (a one-cycle schedule), by bisection instead
// of reading every step.
std::int64_t warmupEndStepOfRise(const std::function<double(std::int64_t)>& lrAt, std::int64_t top);

}  // namespace annealer
