#pragma once

// The band of a predicted curve by sampling the fit's covariance rather than by the delta method
// (fit/PredictionBand.h). The app draws the delta method's band; this is what tst_prediction_band
// measures it against (and what bench_core times), kept with the tests since the comparison
// found sampling the covariance no closer to the spread the data allow.

#include "fit/PredictionBand.h"
#include "law/LossLaw.h"

#include <cstdint>
#include <span>
#include <vector>

namespace annealer {

// How a band's sigma was found.
enum class BandMethod {
    None,         // no covariance (typed-in parameters): sigma is 0
    DeltaMethod,  // first order: sqrt(J Σ J^T)
    Sampled,      // the spread of the law over parameter vectors drawn from the covariance
};

struct SampledBand : PredictionBand {
    BandMethod method = BandMethod::None;
    // Parameter vectors behind the band; when sampleBand() falls back to the delta method,
    // those it managed to draw (fewer than half of those asked for).
    int draws = 0;
};

// How many parameter vectors a sampled band draws, and from which seed (fixed, so that the same
// fit and schedule always give the same band, and a band moves smoothly when the schedule does).
// 64 draws know a Gaussian's sigma to about 12%; as the same draws serve every step and every
// schedule, that error scales a band more than it makes it wobble, and comparisons between
// schedules share it.
struct BandSampling {
    int draws = 64;
    std::uint64_t seed = 0x9e3779b97f4a7c15;
};

// Parameter vectors drawn from the fit's Gaussian: log θ_j ~ N(log θ̂_j, Σ_jj / θ̂_j^2) (the
// covariance carried over to first order) for every parameter whose lower bound is above 0, and
// θ_j ~ N(θ̂_j, Σ_jj) for the others, jointly with Σ's correlations. A parameter with no variance
// (held at a bound by the fit) keeps its value exactly; a draw outside a bound is thrown away
// and drawn again. Up to `count` vectors, fewer if too many fall outside the bounds (after
// 16 * count attempts); none if the covariance is not p x p and finite.
std::vector<std::vector<double>> drawParameters(std::span<const LawParameter> specs,
                                                std::span<const double> parameters,
                                                std::span<const double> covariance, int count,
                                                std::uint64_t seed);

// The band from sampling instead of linearising: L(t) for each of sampling.draws parameter
// vectors from drawParameters(), and sigma(t) = (q84.13%(t) - q15.87%(t)) / 2 over the draws
// whose L(t) is finite (equal to the standard deviation for a Gaussian). values stay L(t) at
// the fitted parameters. Falls back to predictBand() (method DeltaMethod) when fewer than half
// the draws are inside the bounds or finite at some step; an empty or all-zero covariance gives
// sigma 0 (method None). Costs sampling.draws evaluations at `steps`, spread over the cores:
// keep steps to a few hundred (64 draws at 200 steps of a million-step multi-power schedule:
// about 60 ms on two cores, against about 1 ms for predictBand).
// Which band to show: where the law bends across the covariance, this one is wider than the
// delta method's, and on the multi-power fit of the demo runs wider than the spread the data
// allow, which the delta method matches within 20% (tests/core/tst_prediction_band.cpp).
SampledBand sampleBand(const LawEvaluator& evaluator, std::span<const LawParameter> specs,
                       std::span<const double> parameters, std::span<const double> covariance,
                       std::span<const std::int64_t> steps, const BandSampling& sampling = {});

}  // namespace annealer
