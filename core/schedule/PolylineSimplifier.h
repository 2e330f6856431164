#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace annealer {

enum class SimplifyDistance {
    Vertical,       // |y - chord(x)|: for a curve y(x) whose axes have different units (LR over
                    // steps); x must increase
    Perpendicular,  // distance to the chord segment: for a stroke drawn in pixels
};

// Ramer-Douglas-Peucker: the indices of the points to keep (the first and last always) so that
// every dropped point lies within `tolerance` of the line through the kept ones. Turns a
// drawn stroke or a per-step curve into a few control points.
std::vector<std::size_t> simplifyPolyline(std::span<const double> xs, std::span<const double> ys,
                                          double tolerance,
                                          SimplifyDistance distance = SimplifyDistance::Vertical);

}  // namespace annealer
