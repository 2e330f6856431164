#include "CptCurves.h"

#include "fit/PredictionBand.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {
// Long runs are predicted in blocks (SampledSchedule::stride) of at most this many.
constexpr std::int64_t kMaxBlocks = 200000;
}  // namespace

double CptCurves::weightedSigma(std::size_t i, double w) const {
    const double a = w * sigmaPt[i], b = (1.0 - w) * sigmaCpt[i];
    return std::sqrt(a * a + b * b);
}

std::optional<std::int64_t> CptCurves::turning(double w) const {
    const auto transferAt = std::find(steps.begin(), steps.end(), transferStep);
    if (transferAt == steps.end()) return std::nullopt;
    const auto t = static_cast<std::size_t>(transferAt - steps.begin());
    const double atTransfer = weighted(t, w);
    std::size_t i = steps.size();
    while (i > t + 1 && weighted(i - 1, w) <= atTransfer) --i;
    if (i == steps.size()) return std::nullopt;
    return std::max<std::int64_t>(steps[i] - transferStep, 1);
}

CptStepWindow cptStepWindow(const CptProject& project) {
    std::int64_t longest = 1;
    for (const CptDesignedSchedule& entry : project.schedules)
        longest = std::max(longest, entry.phase.steps);
    CptStepWindow window;
    window.first = std::max<std::int64_t>(0, project.transferStep - (longest * 3) / 5);
    window.last = project.transferStep + longest;
    return window;
}

CptRunSampler::CptRunSampler(const Schedule& pretrainingToCheckpoint)
    : ptLr_(pretrainingToCheckpoint.sample().lr),
      warmupSteps_(pretrainingToCheckpoint.totalWarmupSteps()) {}

SampledSchedule CptRunSampler::sample(const Schedule& chain) {
    const std::int64_t total = chain.totalSteps();
    const std::int64_t stride = std::max<std::int64_t>(1, total / kMaxBlocks);
    const std::vector<double> cptLr = chain.phases.back().sample().lr;
    SampledSchedule sampled;
    sampled.warmupSteps = warmupSteps_;
    sampled.stride = stride;
    if (stride == 1) {
        sampled.lr.reserve(ptLr_.size() + cptLr.size());
        sampled.lr.insert(sampled.lr.end(), ptLr_.begin(), ptLr_.end());
        sampled.lr.insert(sampled.lr.end(), cptLr.begin(), cptLr.end());
        return sampled;
    }
    const std::size_t step = static_cast<std::size_t>(stride);
    const auto mean = [](const double* first, std::size_t count) {
        double sum = 0.0;
        for (std::size_t i = 0; i < count; ++i) sum += first[i];
        return sum / static_cast<double>(count);
    };
    const std::size_t wholePtBlocks = ptLr_.size() / step;
    if (blocksStride_ != stride) {
        ptBlocks_.resize(wholePtBlocks);
        for (std::size_t b = 0; b < wholePtBlocks; ++b)
            ptBlocks_[b] = mean(ptLr_.data() + b * step, step);
        blocksStride_ = stride;
    }
    // The PT steps after the last whole PT block, then the CPT steps, in blocks.
    std::vector<double> rest(ptLr_.begin() + static_cast<std::ptrdiff_t>(wholePtBlocks * step),
                             ptLr_.end());
    rest.insert(rest.end(), cptLr.begin(), cptLr.end());
    sampled.lr = ptBlocks_;
    for (std::size_t first = 0; first < rest.size(); first += step)
        sampled.lr.push_back(mean(rest.data() + first, std::min(step, rest.size() - first)));
    return sampled;
}

Result<CptCurves> predictCptSchedule(const CptProject& project, const CptLaws& laws,
                                     std::size_t index, const CptStepWindow& window,
                                     CptRunSampler& sampler, int points) {
    auto chain = project.chain(index);
    if (!chain) return Error{chain.error()};
    const std::int64_t total = chain->totalSteps();
    SampledSchedule sampled = sampler.sample(*chain);
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

    // Each law prepared once: the curve, its band and the final loss from the same evaluator.
    const std::int64_t lastStep = total - 1;
    const auto band = [&](const LossLaw& law, const std::vector<double>& parameters,
                          const std::optional<FitResult>& fit, std::vector<double>& values,
                          std::vector<double>& sigma) {
        const std::vector<double> covariance = fit ? fit->covariance : std::vector<double>{};
        const auto evaluator = law.prepare(sampled);
        PredictionBand predicted = predictBand(*evaluator, parameters, covariance, curves.steps);
        values = std::move(predicted.values);
        sigma = std::move(predicted.sigma);
        std::vector<double> final(1);
        evaluator->evaluate(parameters, std::span<const std::int64_t>(&lastStep, 1), final,
                            nullptr);
        return final.front();
    };
    curves.final.lossPt =
        band(*laws.ptLaw, laws.ptParameters, project.ptFit, curves.lossPt, curves.sigmaPt);
    curves.final.lossCpt =
        band(*laws.cptLaw, laws.cptParameters, project.cptFit, curves.lossCpt, curves.sigmaCpt);
    curves.transferStep = project.transferStep;
    return curves;
}

}  // namespace annealer
