#include "CurveDecimation.h"

#include <algorithm>
#include <cmath>

namespace annealer {

std::vector<QPointF> decimateMinMax(const std::vector<QPointF>& points, double xFrom, double xTo,
                                    int columns, double yTolerance) {
    if (columns < 1 || points.size() <= static_cast<std::size_t>(2 * columns) || !(xTo > xFrom))
        return points;
    std::vector<QPointF> result;
    result.reserve(static_cast<std::size_t>(2 * columns) + 2);
    const double scale = columns / (xTo - xFrom);
    const auto columnOf = [&](double x) {
        return std::clamp(static_cast<int>(std::floor((x - xFrom) * scale)), 0, columns - 1);
    };
    result.push_back(points.front());
    std::size_t i = 1;
    const std::size_t end = points.size() - 1;
    while (i < end) {
        const int column = columnOf(points[i].x());
        std::size_t low = i, high = i;
        std::size_t j = i + 1;
        for (; j < end && columnOf(points[j].x()) == column; ++j) {
            if (points[j].y() < points[low].y()) low = j;
            if (points[j].y() > points[high].y()) high = j;
        }
        result.push_back(points[std::min(low, high)]);
        if (low != high && points[high].y() - points[low].y() > yTolerance)
            result.push_back(points[std::max(low, high)]);
        i = j;
    }
    result.push_back(points.back());
    return result;
}

}  // namespace annealer
