#include "law/CptLaw.h"

#include "VectorRegisters.h"
#include "law/MomentumLaw.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

class CptEvaluator : public LawEvaluator {
public:
    CptEvaluator(CptAreas areas, std::int64_t stride) : areas_(std::move(areas)), stride_(stride) {}

    // L = L0 + A*(S1_pt+S1_cpt)^(-alpha) - C1*S2_pt - C2*S2_cpt + B*(1 - (1 + E*S1_cpt)^(-beta))
    void evaluateSteps(std::span<const double> params, std::span<const std::int64_t> steps,
                       std::span<double> values, double* jacobian) const override {
        const double l0 = params[CptLaw::kL0], a = params[CptLaw::kA];
        const double alpha = params[CptLaw::kAlpha], c1 = params[CptLaw::kC1];
        const double c2 = params[CptLaw::kC2], b = params[CptLaw::kB];
        const double e = params[CptLaw::kE], beta = params[CptLaw::kBeta];
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::size_t s = blockOfStep(steps[i], stride_, areas_.s1Pt.size());
            const double s1 = areas_.s1Pt[s] + areas_.s1Cpt[s];
            const double s1Cpt = areas_.s1Cpt[s];
            const double power = std::pow(s1, -alpha);
            const double base = 1.0 + e * s1Cpt;
            const double decay = std::pow(base, -beta);  // (1 + E*S1_cpt)^(-beta)
            const double shift = 1.0 - decay;
            values[i] = l0 + a * power - c1 * areas_.s2Pt[s] - c2 * areas_.s2Cpt[s] + b * shift;
            if (jacobian == nullptr) continue;
            double* row = jacobian + i * CptLaw::kCount;
            row[CptLaw::kL0] = 1.0;
            row[CptLaw::kA] = power;
            row[CptLaw::kAlpha] = -a * power * std::log(s1);
            row[CptLaw::kC1] = -areas_.s2Pt[s];
            row[CptLaw::kC2] = -areas_.s2Cpt[s];
            row[CptLaw::kB] = shift;
            row[CptLaw::kE] = b * beta * s1Cpt * decay / base;
            row[CptLaw::kBeta] = b * decay * std::log(base);
        }
    }

private:
    CptAreas areas_;
    std::int64_t stride_;
};

}  // namespace

CptAreas cptAreas(const SampledSchedule& schedule, double lambda) {
    // One momentum recursion over the whole run (PT warmup at the peak, momentum carried over
    // the transfer), then split at the transfer block.
    const MomentumAreas whole = momentumAreas(schedule, lambda);
    const std::size_t blocks = whole.s1.size();
    CptAreas areas;
    areas.s1Pt.assign(whole.s1.begin(), whole.s1.end());
    areas.s2Pt.assign(whole.s2.begin(), whole.s2.end());
    areas.s1Cpt.assign(blocks, 0.0);
    areas.s2Cpt.assign(blocks, 0.0);
    if (schedule.transferStep < 0 || blocks == 0) return areas;
    const std::size_t transfer = schedule.blockOf(schedule.transferStep);
    for (std::size_t s = transfer + 1; s < blocks; ++s) {
        areas.s1Pt[s] = whole.s1[transfer];
        areas.s2Pt[s] = whole.s2[transfer];
        areas.s1Cpt[s] = whole.s1[s] - whole.s1[transfer];
        areas.s2Cpt[s] = whole.s2[s] - whole.s2[transfer];
    }
    return areas;
}

std::int64_t cptWarmupSteps(const SampledSchedule& schedule) {
    if (schedule.transferStep < 0 || schedule.lr.empty()) return 0;
    const auto end = schedule.lr.begin() +
                     static_cast<std::ptrdiff_t>(schedule.blockOf(schedule.transferStep) + 1);
    const auto peak = std::max_element(schedule.lr.begin(), end);
    return static_cast<std::int64_t>(peak - schedule.lr.begin()) * schedule.stride;
}

CptLaw::CptLaw(Domain domain, double lambda) : domain_(domain), lambda_(lambda) {
    const bool onPt = domain == Domain::PretrainingData;
    parameters_ = {
        {QStringLiteral("L0"), 0.0, 100.0, 3.0, QStringLiteral("the loss an infinite LR area would reach")},
        {QStringLiteral("A"), 0.0, 1e12, 0.5, QStringLiteral("scale of the power-law term"), false, true},
        {QStringLiteral("alpha"), 0.0, 10.0, 0.5, QStringLiteral("exponent of the forward area S1_pt + S1_cpt")},
        {QStringLiteral("C1"), 0.0, 1e6, 1.0, QStringLiteral("weight of the pre-training annealing area S2_pt"), false, true},
        {QStringLiteral("C2"), 0.0, 1e6, 1.0, QStringLiteral("weight of the CPT annealing area S2_cpt"), false, true},
        {QStringLiteral("B"), onPt ? 0.0 : -100.0, onPt ? 100.0 : 0.0, onPt ? 0.3 : -0.3,
         onPt ? QStringLiteral("height of the distribution shift (>= 0: loss on the pre-training data rises)")
              : QStringLiteral("height of the distribution shift (<= 0: loss on the new data falls)")},
        {QStringLiteral("E"), 1e-9, 1e7, 30.0, QStringLiteral("rate of the shift in S1_cpt"), true, true},
        {QStringLiteral("beta"), 0.0, 5.0, 0.3, QStringLiteral("exponent of the shift")},
    };
}

QString CptLaw::id() const {
    return domain_ == Domain::PretrainingData ? QStringLiteral("cpt-pt") : QStringLiteral("cpt-cpt");
}
QString CptLaw::displayName() const {
    return domain_ == Domain::PretrainingData
               ? QStringLiteral("CPT law, loss on the pre-training data (Wang et al. 2025)")
               : QStringLiteral("CPT law, loss on the new data (Wang et al. 2025)");
}
QString CptLaw::formula() const {
    return QStringLiteral("L = L0 + A*(S1_pt+S1_cpt)^(-alpha) - C1*S2_pt - C2*S2_cpt "
                          "+ B*(1 - (1 + E*S1_cpt)^(-beta)), momentum areas (lambda %1) split at "
                          "the transfer step")
        .arg(lambda_);
}
QString CptLaw::warmupConvention() const {
    return QStringLiteral("pre-training warmup steps count at the peak LR (as the momentum law); "
                          "the CPT re-warmup counts as it is; the momentum carries across the "
                          "transfer step");
}
const std::vector<LawParameter>& CptLaw::parameters() const { return parameters_; }
std::vector<int> CptLaw::linearParameters() const { return {kL0, kA, kC1, kC2, kB}; }

std::vector<std::vector<double>> CptLaw::startGrid() const {
    std::vector<std::vector<double>> grid;
    // E in units where the largest LR is 1 (S1_cpt in steps at that LR): the shift saturates
    // after anything from a step to 1e5 steps.
    for (double alpha : {0.1, 0.3, 0.5, 0.8, 1.2, 1.8})
        for (double e : {1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0})
            for (double beta : {0.1, 0.3, 0.7, 1.5, 3.0, 5.0})
                grid.push_back({0.0, 0.0, alpha, 0.0, 0.0, 0.0, e, beta});
    return grid;
}

// LR times k: S1 and S2 scale by k, so A k^alpha, C1 / k, C2 / k and E / k give the same losses.
std::vector<double> CptLaw::rescaledForLr(std::span<const double> params, double k,
                                          std::vector<double>* jacobian) const {
    std::vector<double> result(params.begin(), params.end());
    const double power = std::pow(k, params[kAlpha]);
    result[kA] = params[kA] * power;
    result[kC1] = params[kC1] / k;
    result[kC2] = params[kC2] / k;
    result[kE] = params[kE] / k;
    if (jacobian != nullptr) {
        jacobian->assign(kCount * kCount, 0.0);
        for (int j = 0; j < kCount; ++j) (*jacobian)[j * kCount + j] = 1.0;
        (*jacobian)[kA * kCount + kA] = power;
        (*jacobian)[kA * kCount + kAlpha] = result[kA] * std::log(k);
        for (int j : {int{kC1}, int{kC2}, int{kE}}) (*jacobian)[j * kCount + j] = 1.0 / k;
    }
    return result;
}

std::unique_ptr<LawEvaluator> CptLaw::prepare(const SampledSchedule& schedule) const {
    clearUpperVectorRegisters();  // see VectorRegisters.h
    return std::make_unique<CptEvaluator>(cptAreas(schedule, lambda_), schedule.stride);
}

}  // namespace annealer
