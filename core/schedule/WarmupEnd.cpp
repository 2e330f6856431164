#include "schedule/WarmupEnd.h"

namespace annealer {

namespace {
constexpr double kRelativeTolerance = 1e-6;
}

std::int64_t warmupEndStep(std::span<const double> lr) {
    if (lr.empty()) return 0;
    double highest = lr[0];
    std::size_t riseEnd = 0;  // the last step of the rise (before the first decay)
    for (std::size_t s = 1; s < lr.size(); ++s) {
        if (lr[s] < highest * (1.0 - kRelativeTolerance)) break;
        if (lr[s] > highest) highest = lr[s];
        riseEnd = s;
    }
    const double threshold = highest * (1.0 - kRelativeTolerance);
    for (std::size_t s = 0; s <= riseEnd; ++s)
        if (lr[s] >= threshold) return static_cast<std::int64_t>(s);
    return 0;
}

std::int64_t warmupEndStepOfRise(const std::function<double(std::int64_t)>& lrAt,
                                 std::int64_t top) {
    if (top <= 0) return 0;
    const double threshold = lrAt(top) * (1.0 - kRelativeTolerance);
    // The first step of 0..top at or above the threshold; `top` itself always is.
    std::int64_t low = 0;
    std::int64_t high = top;
    while (low < high) {
        const std::int64_t middle = low + (high - low) / 2;
        if (lrAt(middle) >= threshold)
            high = middle;
        else
            low = middle + 1;
    }
    return low;
}

}  // namespace annealer
