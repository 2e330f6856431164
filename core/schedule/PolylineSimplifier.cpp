#include "schedule/PolylineSimplifier.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace annealer {

namespace {

// Distance from point p to the segment a-b.
double distanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
    const double dx = bx - ax, dy = by - ay;
    const double length2 = dx * dx + dy * dy;
    const double t = length2 > 0.0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0) : 0.0;
    return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

}  // namespace

std::vector<std::size_t> simplifyPolyline(std::span<const double> xs, std::span<const double> ys,
                                          double tolerance, SimplifyDistance distanceKind) {
    const std::size_t n = std::min(xs.size(), ys.size());
    if (n <= 2) {
        std::vector<std::size_t> all(n);
        for (std::size_t i = 0; i < n; ++i) all[i] = i;
        return all;
    }
    std::vector<bool> keep(n, false);
    keep[0] = keep[n - 1] = true;
    // An explicit stack: a per-step curve of millions of points would overflow recursion.
    std::vector<std::pair<std::size_t, std::size_t>> pending{{0, n - 1}};
    while (!pending.empty()) {
        const auto [first, last] = pending.back();
        pending.pop_back();
        if (last <= first + 1) continue;
        const double span = xs[last] - xs[first];
        double worst = -1.0;
        std::size_t worstIndex = first;
        for (std::size_t i = first + 1; i < last; ++i) {
            double distance = 0.0;
            if (distanceKind == SimplifyDistance::Perpendicular) {
                distance = distanceToSegment(xs[i], ys[i], xs[first], ys[first], xs[last], ys[last]);
            } else {
                const double t = span > 0.0 ? (xs[i] - xs[first]) / span : 0.0;
                distance = std::abs(ys[i] - (ys[first] + t * (ys[last] - ys[first])));
            }
            if (distance > worst) {
                worst = distance;
                worstIndex = i;
            }
        }
        if (worst > tolerance) {
            keep[worstIndex] = true;
            pending.emplace_back(first, worstIndex);
            pending.emplace_back(worstIndex, last);
        }
    }
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < n; ++i)
        if (keep[i]) kept.push_back(i);
    return kept;
}

}  // namespace annealer
