#pragma once

#include "Result.h"
#include "law/LossLaw.h"
#include "schedule/CptSchedule.h"
#include "schedule/Schedule.h"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace annealer {

// What the two CPT fits (loss on the pre-training data, law cpt-pt; on the new data, cpt-cpt)
// say about a CPT schedule, and the search for the best one at a balance weight w:
// the weighted loss is w * L_pt + (1 - w) * L_cpt (shared/docs/loss-laws.md, section 3).
struct CptLaws {
    std::shared_ptr<const LossLaw> ptLaw;
    std::vector<double> ptParameters;
    std::shared_ptr<const LossLaw> cptLaw;
    std::vector<double> cptParameters;
};

struct CptOutcome {
    double lossPt = 0.0;   // predicted final loss on the pre-training data
    double lossCpt = 0.0;  // ... on the new data
    double weighted(double w) const { return w * lossPt + (1.0 - w) * lossCpt; }
};

// Both predicted losses at the last step of a CPT chain (Schedule from cptChain).
CptOutcome predictCptFinal(const CptLaws& laws, const Schedule& chain);

// Both predicted curves at `steps` of a sampled chain (transferStep set).
void predictCptCurves(const CptLaws& laws, const SampledSchedule& sampled,
                      std::span<const std::int64_t> steps, std::vector<double>& lossPt,
                      std::vector<double>& lossCpt);

// The turning length: the number of CPT steps after which the weighted loss is back at (or
// below) its value at the transfer step and stays there to the end (1 when it never rises
// above it); nothing ("never") when it is above it at the end.
std::optional<std::int64_t> turningLength(const CptLaws& laws, const Schedule& chain, double w);

// Loss potential of a pre-training schedule's checkpoint at `step`: the LR there over the
// largest LR of the steps up to it (the PT peak).
double lossPotential(const Schedule& pretraining, std::int64_t step);

// The search space of the best CPT schedule: re-warm peaks as fractions of the PT peak, the
// decay shapes, and CPT lengths (the re-warm length, floor ratio and WSD decay fraction fixed).
struct CptSearch {
    std::vector<double> peakFractions;    // default: 20 values from 0.02 to 2, geometric
    QStringList shapes = {QStringLiteral("cosine"), QStringLiteral("linear"), QStringLiteral("wsd")};
    std::vector<std::int64_t> lengths;   // CPT steps (at least one)
    std::vector<double> decayFractions;  // WSD decay fractions; empty: decayFraction alone
    std::int64_t rewarmSteps = 0;
    double floorRatio = 0.1;              // floor = ratio * CPT peak
    double decayFraction = 0.2;
};

struct CptCandidate {
    CptPhase phase;
    CptOutcome outcome;
};

// Every candidate of the search predicted once (the outcomes do not depend on w), so that the
// best one at any weight is a look-up. `cancelled` is polled between candidates.
Result<std::vector<CptCandidate>> evaluateCptCandidates(const CptLaws& laws, const Schedule& pretraining,
                                                        const CptSearch& search,
                                                        const std::function<bool()>& cancelled = {});

// The candidate with the lowest weighted final loss at w.
const CptCandidate& bestCptCandidate(const std::vector<CptCandidate>& candidates, double w);

// How the best re-warm peak moves with the balance weight: the best candidate's peak at each of
// `count` weights evenly from 0 to 1 (count >= 2).
struct WeightedPeak {
    double weight = 0.0;
    double peak = 0.0;
};
std::vector<WeightedPeak> bestPeakByWeight(const std::vector<CptCandidate>& candidates, int count);

// "Which checkpoint to start from": the same CPT phase branched from the pre-training run at
// each checkpoint (its last PT step), with the checkpoint's loss potential (final PT LR over
// peak PT LR) and both predicted final losses.
struct CheckpointOutcome {
    std::int64_t checkpoint = 0;
    double potential = 0.0;
    CptOutcome outcome;
};
Result<std::vector<CheckpointOutcome>> checkpointOutcomes(
    const CptLaws& laws, const Schedule& pretraining, const CptPhase& phase,
    std::span<const std::int64_t> checkpoints);

}  // namespace annealer
