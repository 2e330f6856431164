#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace annealer {

// A per-step LR stored sparsely: the values at a few steps (knots), with every step between two
// knots rebuilt by linear interpolation. compress() checks each segment against the original,
// so expand(compress(lr)) == lr bit for bit, whatever the LR (a knot at every step at worst).
// A run's LR rebuilt from logged samples compresses back to those samples.
struct LrKnots {
    std::vector<std::int64_t> steps;  // strictly increasing, first 0 and last length-1
    std::vector<double> values;

    static LrKnots compress(std::span<const double> lr);
    // The LR of steps 0..length-1; length is the last knot's step + 1.
    std::vector<double> expand() const;
};

}  // namespace annealer
