#pragma once

#include "LargeArrayAllocator.h"
#include "law/LossLaw.h"

namespace annealer {

// The "scaling law with LR annealing" (Tissue, Wang, Wang 2024, arXiv 2408.11029):
//   L(t) = L0 + A * S1(t)^(-alpha) - C * S2(t)
//   S1(t) = sum_{i<=t} eta_i                                  forward area
//   m_i = lambda * m_{i-1} + (eta_{i-1} - eta_i), m_0 = 0;    S2(t) = sum_{i<=t} m_i
// Parameters L0, A, alpha, C; lambda is a fixed hyper-parameter (0.999 as in the paper).
// Warmup, as the authors computed it: S1 and S2 treat every warmup step as if it ran at the
// LR of the first step after warmup. Sums run over steps 0..t inclusive (the sampled schedule's
// indices), as shared/tools/loss_law_reference.py does.
class MomentumLaw : public LossLaw {
public:
    explicit MomentumLaw(double lambda = 0.999);

    QString id() const override;
    QString displayName() const override;
    QString formula() const override;
    QString warmupConvention() const override;
    const std::vector<LawParameter>& parameters() const override;
    std::vector<int> linearParameters() const override;
    std::vector<std::vector<double>> startGrid() const override;
    std::unique_ptr<LawEvaluator> prepare(const SampledSchedule& schedule) const override;

    double lambda() const { return lambda_; }

    enum Index { kL0 = 0, kA, kAlpha, kC, kCount };

private:
    double lambda_;
    std::vector<LawParameter> parameters_;
};

// The areas S1 and S2 of the momentum law at every step, under its warmup convention.
struct MomentumAreas {
    LargeArray<double> s1;
    LargeArray<double> s2;
};
MomentumAreas momentumAreas(const SampledSchedule& schedule, double lambda);

}  // namespace annealer
