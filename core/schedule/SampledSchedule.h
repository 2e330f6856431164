#pragma once

#include <cstdint>
#include <vector>

namespace annealer {

// The learning rate of every optimizer step: lr[s] is the LR used at step s (s = 0..T-1).
// warmupSteps is how many leading steps are warmup; the loss laws need it (each law documents
// how it treats them).
struct SampledSchedule {
    std::vector<double> lr;
    std::int64_t warmupSteps = 0;

    std::int64_t steps() const { return static_cast<std::int64_t>(lr.size()); }
};

}  // namespace annealer
