#include "optimize/CptPlanner.h"

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
    const double peak = pretraining.family == ScheduleFamily::Chain ? pretraining.phases.front().peak
                                                                    : pretraining.peak;
    return peak > 0.0 ? pretraining.lrAt(step) / peak : 0.0;
}

Result<std::vector<CptCandidate>> evaluateCptCandidates(const CptLaws& laws, const Schedule& pretraining,
                                                        const CptSearch& search,
                                                        const std::function<bool()>& cancelled) {
    std::vector<double> fractions = search.peakFractions;
    if (fractions.empty())
        for (int i = 0; i < 20; ++i) fractions.push_back(0.02 * std::pow(100.0, i / 19.0));
    if (search.lengths.empty()) return Error{QStringLiteral("the CPT search needs at least one CPT length")};
    const double ptPeak = pretraining.family == ScheduleFamily::Chain ? pretraining.phases.front().peak
                                                                      : pretraining.peak;
    std::vector<CptCandidate> candidates;
    for (const std::int64_t length : search.lengths)
        for (const QString& shape : search.shapes)
            for (const double fraction : fractions) {
                if (cancelled && cancelled()) return Error{QStringLiteral("cancelled")};
                CptPhase phase;
                phase.rewarmSteps = std::min(search.rewarmSteps, length - 1);
                phase.peak = fraction * ptPeak;
                phase.shape = shape;
                phase.steps = length;
                phase.floor = search.floorRatio * phase.peak;
                phase.decayFraction = search.decayFraction;
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

}  // namespace annealer
