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
    std::int64_t transferStep = 0;

    // w * L_pt + (1 - w) * L_cpt at point i, and its σ: the two fits are separate, so their
    // errors are taken as independent: sqrt(w² σ_pt² + (1 - w)² σ_cpt²).
    double weighted(std::size_t i, double w) const {
        return w * lossPt[i] + (1.0 - w) * lossCpt[i];
    }
    double weightedSigma(std::size_t i, double w) const;
    // The turning length at w (as core's turningLength, at these points' spacing): CPT steps
    // until the weighted loss is back at or below its value at the transfer step and stays
    // there; none ("never") when it is above it at the end.
    std::optional<std::int64_t> turning(double w) const;
};

// The steps the charts show: from before the transfer (so the end of pre-training is seen) to
// the end of the longest CPT schedule.
struct CptStepWindow {
    std::int64_t first = 0;
    std::int64_t last = 1;
};
CptStepWindow cptStepWindow(const CptProject& project);

// The LR of CPT runs that share one pre-training to a checkpoint, sampled for the laws: the
// pre-training is sampled (and averaged in blocks) once, each CPT phase on its own, so that a
// drag of a CPT schedule does not sample the whole pre-training again. Runs over 200k steps
// are sampled in blocks of steps (SampledSchedule::stride): each block the mean LR of its
// steps (the block holding the transfer step may mix both phases).
class CptRunSampler {
public:
    explicit CptRunSampler(const Schedule& pretrainingToCheckpoint);
    SampledSchedule sample(const Schedule& chain);

private:
    std::vector<double> ptLr_;  // every PT step, 0..transfer
    std::int64_t warmupSteps_ = 0;
    std::int64_t blocksStride_ = 0;  // the stride ptBlocks_ is for
    std::vector<double> ptBlocks_;   // means of the PT blocks wholly before the transfer
};

// Predicts schedule `index` of the project at about `points` steps of the window (and at its
// last step) and the final losses. Runs over
// 200k steps are predicted in blocks of steps (SampledSchedule::stride), close but not exact.
Result<CptCurves> predictCptSchedule(const CptProject& project, const CptLaws& laws,
                                     std::size_t index, const CptStepWindow& window,
                                     CptRunSampler& sampler, int points = 400);

}  // namespace annealer
