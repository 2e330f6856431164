#pragma once

#include "law/LossLaw.h"

namespace annealer {

// The multi-power law (Luo et al., ICLR 2025, arXiv 2503.12811):
//   L(t)  = L0 + A * (S1(t) + S_W)^(-alpha) - LD(t)
//   LD(t) = B * sum_{k=W+1..t} (eta_{k-1} - eta_k) * G(eta_k^(-gamma) * S_k(t))
//   S_k(t) = sum_{tau=k..t} eta_tau,   G(x) = 1 - (C*x + 1)^(-beta)
// with W the warmup length and S1(t) + S_W the LR area of steps 0..t (warmup included).
// Parameters L0, A, alpha, B, C, beta, gamma.
//
// Warmup: the paper's formula, warmup excluded from the loss-drop sum (k > W). The code
// published with the paper sums from k = 1, so the warmup's LR increases enter with negative
// drops; Convention::PublishedCode reproduces that, for parameters fitted by that code.
//
// LD is evaluated by LossDropSum, which merges far-away decay steps into blocks with a tested
// relative error below 1e-5 (see LossDropSum.h); fits and predictions both use it.
class MultiPowerLaw : public LossLaw {
public:
    enum class Convention { Paper, PublishedCode };
    explicit MultiPowerLaw(Convention convention = Convention::Paper);

    QString id() const override;
    QString displayName() const override;
    QString formula() const override;
    QString warmupConvention() const override;
    const std::vector<LawParameter>& parameters() const override;
    std::vector<int> linearParameters() const override;
    std::vector<std::vector<double>> startGrid() const override;
    std::unique_ptr<LawEvaluator> prepare(const SampledSchedule& schedule) const override;
    std::vector<double> rescaledForLr(std::span<const double> params, double k,
                                      std::vector<double>* jacobian) const override;
    std::unique_ptr<LawEvaluator> prepareWithProgress(
        const SampledSchedule& schedule, const PreparationProgress& progress) const override;

    Convention convention() const { return convention_; }
    // The first step (block, for a block-sampled schedule) whose LR change enters the sum.
    std::int64_t firstDropStep(const SampledSchedule& schedule) const;

    enum Index { kL0 = 0, kA, kAlpha, kB, kC, kBeta, kGamma, kCount };

private:
    Convention convention_;
    std::vector<LawParameter> parameters_;
};

}  // namespace annealer
