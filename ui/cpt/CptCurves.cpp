#include "CptCurves.h"

#include "fit/PredictionBand.h"

#include <algorithm>
#include <cmath>

namespace annealer {

double CptCurves::weightedSigma(std::size_t i, double w) const {
    const double a = w * sigmaPt[i], b = (1.0 - w) * sigmaCpt[i];
    return std::sqrt(a * a + b * b);
}

CptStepWindow cptStepWindow(const CptProject& project) {
    std::int64_t longest = 1;
    for (const CptDesignedSchedule& entry : project.schedules) longest = std::max(longest, entry.phase.steps);
    CptStepWindow window;
    window.first = std::max<std::int64_t>(0, project.transferStep - (longest * 3) / 5);
    window.last = project.transferStep + longest;
    return window;
}

Result<CptCurves> predictCptSchedule(const CptProject& project, const CptLaws& laws, std::size_t index,
                                     const CptStepWindow& window, int points) {
    auto chain = project.chain(index);
    if (!chain) return Error{chain.error()};
    const std::int64_t total = chain->totalSteps();
    const std::int64_t stride = std::max<std::int64_t>(1, total / 20000);
    SampledSchedule sampled = stride > 1 ? chain->sampleBlocks(stride) : chain->sample();
    sampled.transferStep = project.transferStep;

    CptCurves curves;
    const std::int64_t first = std::clamp<std::int64_t>(window.first, 0, total - 1);
    const std::int64_t last = std::clamp<std::int64_t>(window.last, first, total - 1);
    const double spacing = std::max(1.0, static_cast<double>(last - first) / std::max(points, 2));
    for (double s = static_cast<double>(first); s < static_cast<double>(last); s += spacing) {
        const auto step = static_cast<std::int64_t>(std::llround(s));
        if (curves.steps.empty() || step > curves.steps.back()) curves.steps.push_back(step);
    }
    // The transfer step and the one after it, so the jump of the LR is drawn where it is.
    for (const std::int64_t step : {project.transferStep, project.transferStep + 1})
        if (step >= first && step <= last) curves.steps.push_back(step);
    curves.steps.push_back(last);
    std::sort(curves.steps.begin(), curves.steps.end());
    curves.steps.erase(std::unique(curves.steps.begin(), curves.steps.end()), curves.steps.end());
    for (const std::int64_t step : curves.steps) curves.lr.push_back(chain->lrAt(step));

    const auto band = [&](const LossLaw& law, const std::vector<double>& parameters,
                          const std::optional<FitResult>& fit, std::vector<double>& values,
                          std::vector<double>& sigma) {
        const std::vector<double> covariance = fit ? fit->covariance : std::vector<double>{};
        PredictionBand predicted = predictBand(*law.prepare(sampled), parameters, covariance, curves.steps);
        values = std::move(predicted.values);
        sigma = std::move(predicted.sigma);
    };
    band(*laws.ptLaw, laws.ptParameters, project.ptFit, curves.lossPt, curves.sigmaPt);
    band(*laws.cptLaw, laws.cptParameters, project.cptFit, curves.lossCpt, curves.sigmaCpt);
    curves.final = predictCptFinal(laws, *chain);
    curves.turning = turningLength(laws, *chain, project.weight);
    return curves;
}

}  // namespace annealer
