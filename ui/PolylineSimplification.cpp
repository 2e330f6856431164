#include "PolylineSimplification.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace annealer {

namespace {

// Distance from p to the segment a-b.
double distanceToSegment(QPointF p, QPointF a, QPointF b) {
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    if (length2 <= 0.0) return std::hypot(p.x() - a.x(), p.y() - a.y());
    const double t = std::clamp(QPointF::dotProduct(p - a, ab) / length2, 0.0, 1.0);
    const QPointF nearest = a + t * ab;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

}  // namespace

std::vector<QPointF> simplifyPolyline(const std::vector<QPointF>& points, double tolerance) {
    if (points.size() <= 2) return points;
    std::vector<bool> keep(points.size(), false);
    keep.front() = keep.back() = true;
    // An explicit stack instead of recursion: a long wiggly stroke cannot overflow it.
    std::vector<std::pair<std::size_t, std::size_t>> ranges{{0, points.size() - 1}};
    while (!ranges.empty()) {
        const auto [first, last] = ranges.back();
        ranges.pop_back();
        double farthest = -1.0;
        std::size_t index = first;
        for (std::size_t i = first + 1; i < last; ++i) {
            const double distance = distanceToSegment(points[i], points[first], points[last]);
            if (distance > farthest) {
                farthest = distance;
                index = i;
            }
        }
        if (farthest > tolerance) {
            keep[index] = true;
            ranges.push_back({first, index});
            ranges.push_back({index, last});
        }
    }
    std::vector<QPointF> result;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (keep[i]) result.push_back(points[i]);
    return result;
}

}  // namespace annealer
