#pragma once

#include "law/LossLaw.h"

#include <cstdint>
#include <span>
#include <vector>

namespace annealer {

// How many standard deviations either side of a predicted curve its band spans.
inline constexpr double kBandSigmas = 2.0;

// A predicted curve with the uncertainty the fitted parameters leave in it.
struct PredictionBand {
    std::vector<std::int64_t> steps;
    std::vector<double> values;  // L(t) at the fitted parameters
    std::vector<double> sigma;   // standard deviation of L(t) from the parameters' covariance
};

// The delta method: var L(t) = J(t) Σ J(t)^T, with J(t) = dL(t)/dθ at θ = parameters (the
// evaluator's Jacobian) and Σ = covariance (row-major, p x p). This is the uncertainty of the
// law's curve from the fit, not of a single noisy observation; to first order, so it holds
// while the band is narrow against how far the law bends across it. An empty covariance (typed-in
// parameters) gives sigma 0. Steps must lie inside the evaluator's schedule.
PredictionBand predictBand(const LawEvaluator& evaluator, std::span<const double> parameters,
                           std::span<const double> covariance, std::span<const std::int64_t> steps);

// sqrt(g Σ g^T) for one gradient g (0 if the covariance does not match g's size).
double deltaMethodSigma(std::span<const double> gradient, std::span<const double> covariance);

}  // namespace annealer
