#pragma once

#include <QPointF>

#include <vector>

namespace annealer {

// Min/max decimation for drawing: of the points falling into each of `columns` equal columns
// of [xFrom, xTo], keeps the lowest and the highest (in their order), plus the first and last
// point. A line through the result covers exactly the pixels the full line would. A column whose
// values span no more than `yTolerance` (less than a pixel) keeps one point only.
std::vector<QPointF> decimateMinMax(const std::vector<QPointF>& points, double xFrom, double xTo,
                                    int columns, double yTolerance = 0.0);

}  // namespace annealer
