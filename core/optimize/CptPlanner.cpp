#include "optimize/CptPlanner.h"

#include <algorithm>
#include <cmath>

namespace annealer {

void predictCptCurves(const CptLaws& laws, const SampledSchedule& sampled,
                      std::span<const std::int64_t> steps, std::vector<double>& lossPt,
                      std::vector<double>& lossCpt) {
    lossPt.assign(steps.size(), 0.0);
    lossCpt.assign(steps.size(), 0.0);
    laws.ptLaw->prepare(sampled)->evaluate(laws.ptParameters, steps, lossPt, nullptr);
    laws.cptLaw->prepare(sampled)->evaluate(laws.cptParameters, steps, lossCpt, nullptr);
}

namespace {

// The largest LR of steps 0..step (a free-form schedule's peak field means nothing).
double peakLrUntil(const Schedule& schedule, std::int64_t step) {
    const std::int64_t count = std::clamp<std::int64_t>(step + 1, 1, schedule.totalSteps());
    std::vector<double> lr(static_cast<std::size_t>(count));
    schedule.sampleRange(0, lr.data(), count);
    return *std::max_element(lr.begin(), lr.end());
}

SampledSchedule sampledChain(const Schedule& chain) {
    SampledSchedule sampled = chain.sample();
    sampled.transferStep = cptTransferStep(chain).value_or(-1);
    return sampled;
}

}  // namespace

CptOutcome predictCptFinal(const CptLaws& laws, const Schedule& chain) {
    const SampledSchedule sampled = sampledChain(chain);
    const std::int64_t last = sampled.steps() - 1;
    std::vector<double> pt, cpt;
    predictCptCurves(laws, sampled, std::span<const std::int64_t>(&last, 1), pt, cpt);
    return {pt.front(), cpt.front()};
}

std::optional<std::int64_t> turningLength(const CptLaws& laws, const Schedule& chain, double w) {
    const SampledSchedule sampled = sampledChain(chain);
    const std::int64_t transfer = sampled.transferStep;
    std::vector<std::int64_t> steps;
    for (std::int64_t s = std::max<std::int64_t>(transfer, 0); s < sampled.steps(); ++s) steps.push_back(s);
    std::vector<double> pt, cpt;
    predictCptCurves(laws, sampled, steps, pt, cpt);
    const double atTransfer = w * pt.front() + (1.0 - w) * cpt.front();
    // Walk back from the end while the weighted loss is at or below its transfer value.
    std::size_t i = steps.size();
    while (i > 1 && w * pt[i - 1] + (1.0 - w) * cpt[i - 1] <= atTransfer) --i;
    if (i == steps.size()) return std::nullopt;
    return steps[i] - transfer;
}

double lossPotential(const Schedule& pretraining, std::int64_t step) {
    const double peak = peakLrUntil(pretraining, step);
    return peak > 0.0 ? pretraining.lrAt(step) / peak : 0.0;
}

Result<std::vector<CptCandidate>> evaluateCptCandidates(const CptLaws& laws, const Schedule& pretraining,
                                                        const CptSearch& search,
                                                        const std::function<bool()>& cancelled) {
    std::vector<double> fractions = search.peakFractions;
    if (fractions.empty())
        for (int i = 0; i < 20; ++i) fractions.push_back(0.02 * std::pow(100.0, i / 19.0));
    if (search.lengths.empty()) return Error{QStringLiteral("the CPT search needs at least one CPT length")};
    const double ptPeak = peakLrUntil(pretraining, pretraining.totalSteps() - 1);
    std::vector<CptCandidate> candidates;
    for (const std::int64_t length : search.lengths)
        for (const QString& shape : search.shapes)
            for (const double decayFraction :
                 shape == QLatin1String("wsd") && !search.decayFractions.empty()
                     ? search.decayFractions
                     : std::vector<double>{search.decayFraction})
                for (const double fraction : fractions) {
                    if (cancelled && cancelled()) return Error{QStringLiteral("cancelled")};
                    CptPhase phase;
                    phase.rewarmSteps = std::min(search.rewarmSteps, length - 1);
                    phase.peak = fraction * ptPeak;
                    phase.shape = shape;
                    phase.steps = length;
                    phase.floor = search.floorRatio * phase.peak;
                    phase.decayFraction = decayFraction;
                    auto chain = cptChain(pretraining, phase);
                    if (!chain) return Error{chain.error()};
                    candidates.push_back({phase, predictCptFinal(laws, *chain)});
                }
    return candidates;
}

const CptCandidate& bestCptCandidate(const std::vector<CptCandidate>& candidates, double w) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i)
        if (candidates[i].outcome.weighted(w) < candidates[best].outcome.weighted(w)) best = i;
    return candidates[best];
}

std::vector<WeightedPeak> bestPeakByWeight(const std::vector<CptCandidate>& candidates, int count) {
    std::vector<WeightedPeak> curve;
    if (candidates.empty() || count < 2) return curve;
    for (int i = 0; i < count; ++i) {
        const double w = static_cast<double>(i) / (count - 1);
        curve.push_back({w, bestCptCandidate(candidates, w).phase.peak});
    }
    return curve;
}

Result<std::vector<CheckpointOutcome>> checkpointOutcomes(
    const CptLaws& laws, const Schedule& pretraining, const CptPhase& phase,
    std::span<const std::int64_t> checkpoints) {
    std::vector<CheckpointOutcome> outcomes;
    for (const std::int64_t checkpoint : checkpoints) {
        auto cut = pretrainingUntil(pretraining, checkpoint);
        if (!cut) return Error{cut.error()};
        auto chain = cptChain(*cut, phase);
        if (!chain) return Error{chain.error()};
        outcomes.push_back(
            {checkpoint, lossPotential(pretraining, checkpoint), predictCptFinal(laws, *chain)});
    }
    return outcomes;
}

}  // namespace annealer
