#pragma once

#include "Result.h"
#include "optimize/CptPlanner.h"
#include "project/CptProject.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

// What the designer draws for one CPT schedule: its LR and both predicted losses (loss on the
// pre-training data, on the new data) with their ±2σ bands (delta method on each fit's
// covariance), at the points of the chart's step window, and the final losses.
struct CptCurves {
    std::vector<std::int64_t> steps;
    std::vector<double> lr;
    std::vector<double> lossPt, sigmaPt;
    std::vector<double> lossCpt, sigmaCpt;
    CptOutcome final;
    std::optional<std::int64_t> turning;  // turning length at the project's weight; none: never

    // w * L_pt + (1 - w) * L_cpt at point i, and its σ: the two fits are separate, so their
    // errors are taken as independent: sqrt(w² σ_pt² + (1 - w)² σ_cpt²).
    double weighted(std::size_t i, double w) const { return w * lossPt[i] + (1.0 - w) * lossCpt[i]; }
    double weightedSigma(std::size_t i, double w) const;
};

// The steps the charts show: from before the transfer (so the end of pre-training is seen) to
// the end of the longest CPT schedule.
struct CptStepWindow {
    std::int64_t first = 0;
    std::int64_t last = 1;
};
CptStepWindow cptStepWindow(const CptProject& project);

// Predicts schedule `index` of the project at about `points` steps of the window (and at its
// last step), the final losses and the turning length (at those points' spacing). Runs over
// 200k steps are predicted in blocks of steps (SampledSchedule::stride), close but not exact.
Result<CptCurves> predictCptSchedule(const CptProject& project, const CptLaws& laws, std::size_t index,
                                     const CptStepWindow& window, int points = 400);

}  // namespace annealer
