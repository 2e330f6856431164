#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace annealer {

// Ramer-Douglas-Peucker on a curve y(x) with x increasing: the indices of the points to keep
// (the first and last always) so that linear interpolation between kept points is within
// `tolerance` of every dropped point's y. Distances are vertical, since x and y have
// different units (steps and LR). Turns a drawn stroke or a per-step curve into control points.
std::vector<std::size_t> simplifyPolyline(std::span<const double> xs, std::span<const double> ys,
                                          double tolerance);

}  // namespace annealer
