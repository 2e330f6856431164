#include "fit/PredictionBand.h"

#include <algorithm>
#include <cmath>

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

}  // namespace annealer
