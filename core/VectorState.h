#pragma once

namespace annealer {

// Clears the upper halves of the AVX registers (vzeroupper) where the CPU has AVX; nothing
// elsewhere. Qt 6.4's QSet<QString>::insert leaves them dirty, and until something clears them
// every SSE instruction of code built for baseline x86-64 waits on them: on this project's Xeon
// a loop of std::exp, std::pow or std::cos per step ran 12-25x slower after a schedule was read
// from key=value text (10M steps of a one-cycle schedule: 2.9 s instead of 0.2 s). Called
// before the per-step loops that call libm.
void clearUpperVectorState();

}  // namespace annealer
