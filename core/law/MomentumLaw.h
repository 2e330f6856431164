#pragma once

#include "LargeArrayAllocator.h"
#include "law/LossLaw.h"

namespace annealer {

// The "scaling law with LR annealing" (Tissue, Wang, Wang 2024, arXiv 2408.11029):
//   L(t) = L0 + A * S1(t)^(-alpha) - C * S2(t)
//   S1(t) = sum_{i<=t} eta_i                                  forward area
//   m_i = lambda * m_{i-1} + (eta_{i-1} - eta_i), m_0 = 0;    S2(t) = sum_{i<=t} m_i
// Parameters L0, A, alpha, C; lambda is a fixed hyper-parameter (0.999 as in the paper).
// Warmup, WarmupConvention::AtPeak as the authors computed it: S1 and S2 treat every warmup
// step as if it ran at the LR of the first step after warmup (law id "momentum").
// WarmupConvention::Literal counts the warmup's LRs as they were: its rise enters S1 as it is
// and S2 as negative annealing (law id "momentum-literal"). Sums run over steps 0..t inclusive
// (the sampled schedule's indices), as shared/tools/loss_law_reference.py does.
class MomentumLaw : public LossLaw {
public:
    enum class WarmupConvention { AtPeak, Literal };
    explicit MomentumLaw(double lambda = 0.999,
                         WarmupConvention warmup = WarmupConvention::AtPeak);

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

    double lambda() const { return lambda_; }
    WarmupConvention warmup() const { return warmup_; }

    enum Index { kL0 = 0, kA, kAlpha, kC, kCount };

private:
    double lambda_;
    WarmupConvention warmup_;
    std::vector<LawParameter> parameters_;
};

// The areas S1 and S2 of the momentum law at every step; with warmupAtPeak, warmup steps count
// at the LR of the first step after warmup.
struct MomentumAreas {
    LargeArray<double> s1;
    LargeArray<double> s2;
};
MomentumAreas momentumAreas(const SampledSchedule& schedule, double lambda,
                            bool warmupAtPeak = true);

}  // namespace annealer
