#include "fit/PredictionBand.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace annealer {

double deltaMethodSigma(std::span<const double> gradient, std::span<const double> covariance) {
    const std::size_t p = gradient.size();
    if (p == 0 || covariance.size() != p * p) return 0.0;
    double variance = 0.0;
    for (std::size_t row = 0; row < p; ++row) {
        if (gradient[row] == 0.0) continue;
        double inner = 0.0;
        for (std::size_t col = 0; col < p; ++col)
            inner += covariance[row * p + col] * gradient[col];
        variance += gradient[row] * inner;
    }
    // A covariance from a pseudo-inverse may be a rounding error short of positive semidefinite.
    return std::isfinite(variance) ? std::sqrt(std::max(0.0, variance)) : 0.0;
}

PredictionBand predictBand(const LawEvaluator& evaluator, std::span<const double> parameters,
                           std::span<const double> covariance,
                           std::span<const std::int64_t> steps) {
    PredictionBand band;
    band.steps.assign(steps.begin(), steps.end());
    band.values.assign(steps.size(), 0.0);
    band.sigma.assign(steps.size(), 0.0);
    const std::size_t p = parameters.size();
    if (covariance.size() != p * p || p == 0) {
        evaluator.evaluate(parameters, steps, band.values, nullptr);
        return band;
    }
    std::vector<double> jacobian(steps.size() * p);
    evaluator.evaluate(parameters, steps, band.values, jacobian.data());
    for (std::size_t i = 0; i < steps.size(); ++i)
        band.sigma[i] =
            deltaMethodSigma(std::span<const double>(jacobian.data() + i * p, p), covariance);
    return band;
}

double relativeSigmaOfPredE(double predE) {
    return std::isfinite(predE) && predE > 0.0 ? predE * std::sqrt(std::numbers::pi / 2.0) : 0.0;
}

bool widenBeyondRange(PredictionBand& band, std::span<const double> reach,
                      double crossValidatedPredE) {
    const double sigmaCv = relativeSigmaOfPredE(crossValidatedPredE);
    if (sigmaCv == 0.0 || reach.size() != band.sigma.size() ||
        band.values.size() != band.sigma.size())
        return false;
    for (std::size_t i = 0; i < reach.size(); ++i) {
        if (!(reach[i] > 0.0) || !std::isfinite(band.values[i])) continue;
        const double added = reach[i] * sigmaCv * std::abs(band.values[i]);
        band.sigma[i] = std::hypot(band.sigma[i], added);
    }
    return true;
}

}  // namespace annealer
