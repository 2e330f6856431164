#pragma once

#include "law/LossLaw.h"

namespace annealer {

// The continual pre-training law (Wang, Tissue, Wang, Li, Zeng, ICML 2025, arXiv 2505.07796):
//   L(t) = L0 + A * (S1_pt + S1_cpt(t))^(-alpha) - C1 * S2_pt - C2 * S2_cpt(t)
//             + B * (1 - (1 + E * S1_cpt(t))^(-beta))
// S1, S2 are the momentum law's areas (lambda = 0.999) of ONE recursion over the whole run,
// pre-training then CPT, split at the transfer step T (SampledSchedule::transferStep, the last
// pre-training step): S1_pt = S1(min(t, T)), S2_pt = S2(min(t, T)); S1_cpt(t) = S1(t) - S1(T),
// S2_cpt(t) = S2(t) - S2(T) for t > T, 0 before. Conventions (shared/docs/loss-laws.md, 3):
// - the pre-training warmup counts at the peak, as for the momentum law (warmupSteps < T);
// - the CPT re-warmup counts as it is: a rising LR gives negative momentum, S2_cpt < 0;
// - the momentum carries across the transfer (no reset), so the jump from the last PT LR to
//   the first CPT LR enters S2_cpt.
// Without a transfer (transferStep < 0) or before it, the law is the momentum law with C = C1.
// B's sign is the domain's: B >= 0 for a loss on the pre-training data (forgetting), B <= 0 for
// a loss on the new data. The two domains are two law ids, "cpt-pt" and "cpt-cpt", so that a
// fit's bounds come from the law and a fit file names its domain.
class CptLaw : public LossLaw {
public:
    enum class Domain { PretrainingData, NewData };
    explicit CptLaw(Domain domain, double lambda = 0.999);

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

    Domain domain() const { return domain_; }
    double lambda() const { return lambda_; }

    enum Index { kL0 = 0, kA, kAlpha, kC1, kC2, kB, kE, kBeta, kCount };

private:
    Domain domain_;
    double lambda_;
    std::vector<LawParameter> parameters_;
};

// The four areas of the CPT law at every block of a schedule.
struct CptAreas {
    std::vector<double> s1Pt, s2Pt, s1Cpt, s2Cpt;
};
CptAreas cptAreas(const SampledSchedule& schedule, double lambda);

// The pre-training warmup of a CPT run whose warmup is not known otherwise (an LR read from a
// log): the steps before the first step at the largest LR up to the transfer step, as
// shared/tools/cpt_law_reference.py takes it. 0 without a transfer step.
std::int64_t cptWarmupSteps(const SampledSchedule& schedule);

}  // namespace annealer
