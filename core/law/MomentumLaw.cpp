#include "law/MomentumLaw.h"

#include "VectorRegisters.h"
#include "law/StartDesign.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

class MomentumEvaluator : public LawEvaluator {
public:
    MomentumEvaluator(MomentumAreas areas, const SampledSchedule& schedule)
        : areas_(std::move(areas)), stride_(schedule.stride) {}

    // L(t) = L0 + A * S1(t)^(-alpha) - C * S2(t)
    void evaluateSteps(std::span<const double> params, std::span<const std::int64_t> steps,
                       std::span<double> values, double* jacobian) const override {
        const double l0 = params[MomentumLaw::kL0], a = params[MomentumLaw::kA];
        const double alpha = params[MomentumLaw::kAlpha], c = params[MomentumLaw::kC];
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::size_t s = blockOfStep(steps[i], stride_, areas_.s1.size());
            const double s1 = areas_.s1[s], s2 = areas_.s2[s];
            // S1^-alpha as exp(-alpha log S1): log(S1) serves the alpha derivative too, and the
            // pair costs less than pow and log (a fit evaluates this hundreds of times a point).
            const double logS1 = std::log(s1);
            const double power = std::exp(-alpha * logS1);
            values[i] = l0 + a * power - c * s2;
            if (jacobian == nullptr) continue;
            double* row = jacobian + i * MomentumLaw::kCount;
            row[MomentumLaw::kL0] = 1.0;
            row[MomentumLaw::kA] = power;
            row[MomentumLaw::kAlpha] = -a * power * logS1;
            row[MomentumLaw::kC] = -s2;
        }
    }

private:
    MomentumAreas areas_;
    std::int64_t stride_;
};

}  // namespace

MomentumAreas momentumAreas(const SampledSchedule& schedule, double lambda, bool warmupAtPeak) {
    const auto& eta = schedule.lr;
    const std::size_t blocks = eta.size();
    MomentumAreas areas;
    areas.s1.resize(blocks);
    areas.s2.resize(blocks);
    if (blocks == 0) return areas;
    // Warmup steps count at the LR of the first step after warmup (the authors' convention).
    const auto warmup = warmupAtPeak ? static_cast<std::size_t>(std::clamp<std::int64_t>(
                                           schedule.warmupBlocks(), 0,
                                           static_cast<std::int64_t>(blocks) - 1))
                                     : std::size_t{0};
    const auto lrAt = [&](std::size_t s) { return s < warmup ? eta[warmup] : eta[s]; };
    // A block of `stride` steps at one LR: the step that enters it carries the LR change, then
    // the momentum decays by lambda each step. For stride 1 this is m_s = lambda * m_(s-1) +
    // (eta_(s-1) - eta_s), S1 and S2 the running sums over steps 0..s.
    const auto stride = static_cast<double>(schedule.stride);
    const double lambdaPower = std::pow(lambda, stride - 1.0);
    const double blockSum = schedule.stride == 1 ? 1.0 : (1.0 - lambdaPower * lambda) / (1.0 - lambda);
    double s1 = 0.0, s2 = 0.0, momentum = 0.0, previous = lrAt(0);
    for (std::size_t s = 0; s < blocks; ++s) {
        const double lr = lrAt(s);
        const double entering = lambda * momentum + (previous - lr);
        previous = lr;
        s1 += stride * lr;
        s2 += entering * blockSum;
        momentum = entering * lambdaPower;
        areas.s1[s] = s1;
        areas.s2[s] = s2;
    }
    return areas;
}

MomentumLaw::MomentumLaw(double lambda, WarmupConvention warmup)
    : lambda_(lambda), warmup_(warmup) {
    // Bounds in units where the largest fitted LR is 1 (see LawParameter).
    parameters_ = {
        {QStringLiteral("L0"), 0.0, 100.0, 3.0, QStringLiteral("the loss an infinite LR area would reach")},
        {QStringLiteral("A"), 0.0, 1e12, 0.5, QStringLiteral("scale of the power-law term"), false, true},
        {QStringLiteral("alpha"), 0.0, 10.0, 0.5, QStringLiteral("exponent of the forward area S1")},
        {QStringLiteral("C"), 0.0, 1e6, 1.0, QStringLiteral("weight of the annealing area S2"), false, true},
    };
}

// LR times k: S1 and S2 scale by k, so A k^alpha and C / k give the same losses.
std::vector<double> MomentumLaw::rescaledForLr(std::span<const double> params, double k,
                                               std::vector<double>* jacobian) const {
    std::vector<double> result(params.begin(), params.end());
    const double power = std::pow(k, params[kAlpha]);
    result[kA] = params[kA] * power;
    result[kC] = params[kC] / k;
    if (jacobian != nullptr) {
        jacobian->assign(kCount * kCount, 0.0);
        for (int j = 0; j < kCount; ++j) (*jacobian)[j * kCount + j] = 1.0;
        (*jacobian)[kA * kCount + kA] = power;
        (*jacobian)[kA * kCount + kAlpha] = result[kA] * std::log(k);
        (*jacobian)[kC * kCount + kC] = 1.0 / k;
    }
    return result;
}

QString MomentumLaw::id() const {
    return warmup_ == WarmupConvention::AtPeak ? QStringLiteral("momentum")
                                               : QStringLiteral("momentum-literal");
}
QString MomentumLaw::displayName() const {
    return warmup_ == WarmupConvention::AtPeak
               ? QStringLiteral("Momentum law, warmup at the peak LR (Tissue et al. 2024)")
               : QStringLiteral("Momentum law (Tissue et al. 2024)");
}
QString MomentumLaw::formula() const {
    return QStringLiteral("L = L0 + A*S1^(-alpha) - C*S2, S2 = sum of m_i, "
                          "m_i = %1*m_(i-1) + (eta_(i-1) - eta_i)")
        .arg(lambda_);
}
QString MomentumLaw::warmupConvention() const {
    if (warmup_ == WarmupConvention::Literal)
        return QStringLiteral("warmup steps count at their own LR in S1 and S2 (the rise is "
                              "negative annealing)");
    return QStringLiteral("warmup steps count at the peak LR in S1 and S2 (as the authors did)");
}
const std::vector<LawParameter>& MomentumLaw::parameters() const { return parameters_; }
std::vector<int> MomentumLaw::linearParameters() const { return {kL0, kA, kC}; }

// alpha is the only nonlinear parameter: 48 values over the range real curves show and beyond.
std::vector<std::vector<double>> MomentumLaw::startGrid() const {
    return spaceFillingDesign(48, kCount, {{kAlpha, 0.02, 2.5, false}});
}

std::unique_ptr<LawEvaluator> MomentumLaw::prepare(const SampledSchedule& schedule) const {
    clearUpperVectorRegisters();  // see VectorRegisters.h
    return std::make_unique<MomentumEvaluator>(
        momentumAreas(schedule, lambda_, warmup_ == WarmupConvention::AtPeak), schedule);
}

}  // namespace annealer
