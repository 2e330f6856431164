#pragma once

#include <QPointF>

#include <vector>

namespace annealer {

// Ramer-Douglas-Peucker: the fewest points of `points` (first and last always kept) such that
// no dropped point lies farther than `tolerance` from the simplified line. Used to turn a mouse
// stroke (in pixels) into a few editable control points.
std::vector<QPointF> simplifyPolyline(const std::vector<QPointF>& points, double tolerance);

}  // namespace annealer
