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

// The relative standard deviation of a law's error whose mean absolute relative error is
// `predE` (FitMetrics::predE): for normal errors E|e| = sigma sqrt(2/pi), so sigma =
// PredE sqrt(pi/2). 0 for a PredE that is not a positive number.
double relativeSigmaOfPredE(double predE);

// Where a fit extrapolates, the delta-method band (the law taken as right, only its parameters
// uncertain) leaves out the law's own error on schedules it has not seen; the fit measured that
// error by leave-one-run-out cross-validation (FitResult::crossValidatedPredE). This adds it in
// quadrature, scaled by how far beyond the fit's range each step is (`reach`, 0 to 1, per step
// of the band: extrapolationReach in fit/FitRange.h):
//   sigma'(t) = sqrt(sigma(t)^2 + (reach(t) * sigma_cv * L(t))^2),
//   sigma_cv = relativeSigmaOfPredE(crossValidatedPredE),
// so the band's half-width kBandSigmas * sigma' is sqrt(half^2 + (kBandSigmas reach sigma_cv
// L)^2). A step with reach 0 keeps its sigma exactly. Without a cross-validated PredE (NaN: a
// fit of one run, or one saved before it was computed) or with `reach` not one per step, the
// band is left as it is and the result is false.
bool widenBeyondRange(PredictionBand& band, std::span<const double> reach,
                      double crossValidatedPredE);

}  // namespace annealer
