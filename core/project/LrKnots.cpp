#include "project/LrKnots.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace annealer {

namespace {

// Slope first, then offset: the same arithmetic as the run assembly, so that an LR rebuilt from
// log samples finds those samples as knots.
double interpolate(std::int64_t x0, double y0, std::int64_t x1, double y1, std::int64_t x) {
    const double slope = (y1 - y0) / static_cast<double>(x1 - x0);
    return slope * static_cast<double>(x - x0) + y0;
}

// True when interpolating between knots `from` and `to` gives every step in between exactly.
bool segmentRebuilds(std::span<const double> lr, std::int64_t from, std::int64_t to) {
    const double y0 = lr[static_cast<std::size_t>(from)];
    const double y1 = lr[static_cast<std::size_t>(to)];
    for (std::int64_t s = from + 1; s < to; ++s)
        if (interpolate(from, y0, to, y1, s) != lr[static_cast<std::size_t>(s)]) return false;
    return true;
}

}  // namespace

LrKnots LrKnots::compress(std::span<const double> lr) {
    LrKnots knots;
    const auto length = static_cast<std::int64_t>(lr.size());
    if (length == 0) return knots;
    const auto at = [&](std::int64_t s) { return lr[static_cast<std::size_t>(s)]; };
    // Candidate knots: where the slope changes by more than rounding could explain. Inside a
    // straight piece the second difference is a few ulp; at a corner it is far larger.
    double scale = 0.0;
    for (double value : lr) scale = std::max(scale, std::abs(value));
    const double threshold = 1e-13 * scale;
    std::vector<std::int64_t> candidates{0};
    for (std::int64_t s = 1; s + 1 < length; ++s)
        if (!(std::abs(at(s + 1) - 2.0 * at(s) + at(s - 1)) <= threshold)) candidates.push_back(s);
    if (length > 1) candidates.push_back(length - 1);
    // Every segment is then checked against the original, and split where it does not
    // rebuild it exactly (down to single steps, which always do).
    std::vector<std::pair<std::int64_t, std::int64_t>> pending;
    for (std::size_t i = candidates.size(); i-- > 1;)
        pending.push_back({candidates[i - 1], candidates[i]});
    knots.steps.push_back(0);
    knots.values.push_back(at(0));
    while (!pending.empty()) {
        const auto [from, to] = pending.back();
        pending.pop_back();
        if (to - from > 1 && !segmentRebuilds(lr, from, to)) {
            const std::int64_t middle = from + (to - from) / 2;
            pending.push_back({middle, to});
            pending.push_back({from, middle});
            continue;
        }
        knots.steps.push_back(to);
        knots.values.push_back(at(to));
    }
    return knots;
}

std::vector<double> LrKnots::expand() const {
    if (steps.empty()) return {};
    std::vector<double> lr(static_cast<std::size_t>(steps.back() + 1));
    lr[0] = values[0];
    for (std::size_t k = 0; k + 1 < steps.size(); ++k) {
        const std::int64_t from = steps[k];
        const std::int64_t to = steps[k + 1];
        for (std::int64_t s = from + 1; s < to; ++s)
            lr[static_cast<std::size_t>(s)] = interpolate(from, values[k], to, values[k + 1], s);
        lr[static_cast<std::size_t>(to)] = values[k + 1];
    }
    return lr;
}

}  // namespace annealer
