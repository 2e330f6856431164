#include "fit/FitMetrics.h"

#include <algorithm>
#include <cmath>

namespace annealer {

FitMetrics computeFitMetrics(std::span<const double> predicted, std::span<const double> observed) {
    FitMetrics metrics;
    const std::size_t n = std::min(predicted.size(), observed.size());
    metrics.points = static_cast<int>(n);
    if (n == 0) return metrics;
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) mean += observed[i];
    mean /= static_cast<double>(n);
    double ssRes = 0.0, ssTot = 0.0, absSum = 0.0, relSum = 0.0, relMax = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double error = predicted[i] - observed[i];
        ssRes += error * error;
        ssTot += (observed[i] - mean) * (observed[i] - mean);
        absSum += std::abs(error);
        const double relative = std::abs(error) / observed[i];
        relSum += relative;
        relMax = std::max(relMax, relative);
    }
    metrics.r2 = ssTot > 0.0 ? 1.0 - ssRes / ssTot : (ssRes == 0.0 ? 1.0 : 0.0);
    metrics.mae = absSum / static_cast<double>(n);
    metrics.predE = relSum / static_cast<double>(n);
    metrics.worstE = relMax;
    metrics.finalError = predicted[n - 1] - observed[n - 1];
    metrics.finalRelError = metrics.finalError / observed[n - 1];
    return metrics;
}

}  // namespace annealer
