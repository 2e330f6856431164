#include "law/MultiPowerLaw.h"

#include "ParallelFor.h"
#include "VectorRegisters.h"
#include "law/LossDropSum.h"
#include "law/StartDesign.h"

#include <cmath>

namespace annealer {

namespace {

constexpr std::size_t kParallelBatch = 512;

class MultiPowerEvaluator : public LawEvaluator {
public:
    MultiPowerEvaluator(const SampledSchedule& schedule, std::int64_t firstDropBlock,
                        const std::function<bool(double)>& progress = {})
        : lossDrop_(schedule.lr, firstDropBlock, static_cast<double>(schedule.stride), progress),
          stride_(schedule.stride),
          blocks_(schedule.lr.size()) {}

    // L(t) = L0 + A * (S1(t) + S_W)^(-alpha) - B * LD(t)
    void evaluateSteps(std::span<const double> params, std::span<const std::int64_t> steps,
                       std::span<double> values, double* jacobian) const override {
        using Law = MultiPowerLaw;
        const double l0 = params[Law::kL0], a = params[Law::kA], alpha = params[Law::kAlpha];
        const double b = params[Law::kB];
        const LossDropSum::Parameters drop{params[Law::kC], params[Law::kBeta],
                                           params[Law::kGamma]};
        const bool withDerivatives = jacobian != nullptr;
        const auto evaluateRange = [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                const auto t = static_cast<std::int64_t>(blockOfStep(steps[i], stride_, blocks_));
                const double area = lossDrop_.area(t + 1);  // LR area of steps 0..t, warmup included
                const double power = std::pow(area, -alpha);
                const LossDropSum::Terms sum = lossDrop_.evaluate(t, drop, withDerivatives);
                values[i] = l0 + a * power - b * sum.value;
                if (!withDerivatives) continue;
                double* row = jacobian + i * Law::kCount;
                row[Law::kL0] = 1.0;
                row[Law::kA] = power;
                row[Law::kAlpha] = -a * power * std::log(area);
                row[Law::kB] = -sum.value;
                row[Law::kC] = -b * sum.dC;
                row[Law::kBeta] = -b * sum.dBeta;
                row[Law::kGamma] = -b * sum.dGamma;
            }
        };
        // Each point is an independent tree query: large batches use every core.
        if (steps.size() >= kParallelBatch)
            parallelFor(steps.size(), kParallelBatch / 2, evaluateRange);
        else
            evaluateRange(0, steps.size());
    }

    bool complete() const { return lossDrop_.complete(); }

private:
    LossDropSum lossDrop_;
    std::int64_t stride_;
    std::size_t blocks_;
};

}  // namespace

MultiPowerLaw::MultiPowerLaw(Convention convention) : convention_(convention) {
    // Bounds in units where the largest fitted LR is 1 (see LawParameter). The weak priors on
    // C, beta and gamma are centred on the paper's fits (25M and 100M: C about 2 at a peak LR of
    // 3e-4, i.e. 0.1 in these units; beta and gamma about 0.6), a factor e^2, e and +-0.3 wide:
    // with two or three runs the drop's shape is barely determined (beta falls to its bound
    // while B grows without limit, fitting the runs and extrapolating badly), and the prior
    // settles what the data leave open. FitOptions::priorWeight sets its weight (0: none).
    parameters_ = {
        {QStringLiteral("L0"), 0.0, 100.0, 3.0, QStringLiteral("the loss an infinite LR area would reach")},
        {QStringLiteral("A"), 0.0, 1e12, 0.5, QStringLiteral("scale of the power-law term"), false, true},
        {QStringLiteral("alpha"), 1e-4, 10.0, 0.5, QStringLiteral("exponent of the LR area")},
        {QStringLiteral("B"), 0.0, 1e4, 400.0, QStringLiteral("scale of the loss drop from LR decay"), false, true},
        {QStringLiteral("C"), 1e-12, 1e8, 2.0, QStringLiteral("speed at which a drop's effect saturates"), true, true,
         std::log(0.1), 2.0},
        {QStringLiteral("beta"), 1e-3, 10.0, 0.6, QStringLiteral("exponent of the saturation G"), true, false,
         std::log(0.6), 1.0},
        // gamma <= 1: after a drop to a constant LR eta, x = C eta^(1-gamma) (t-k+1), so with
        // gamma > 1 a lower LR would realise the drop faster, and an LR of zero at once: the law
        // would then reward ending every schedule with a step to zero (seen on the 25M curves,
        // whose unbounded fit lands at gamma 2.8). Physically no LR means no training.
        {QStringLiteral("gamma"), 0.0, 1.0, 0.6, QStringLiteral("how the LR after a drop scales its area"), false, false,
         0.6, 0.3},
    };
}

// LR times k: the area S1 + S_W and the drops scale by k, eta_k^(-gamma) S_k by k^(1-gamma), so
// A k^alpha, B / k and C k^(gamma-1) give the same losses.
std::vector<double> MultiPowerLaw::rescaledForLr(std::span<const double> params, double k,
                                                 std::vector<double>* jacobian) const {
    std::vector<double> result(params.begin(), params.end());
    const double logK = std::log(k);
    result[kA] = params[kA] * std::pow(k, params[kAlpha]);
    result[kB] = params[kB] / k;
    result[kC] = params[kC] * std::pow(k, params[kGamma] - 1.0);
    if (jacobian != nullptr) {
        jacobian->assign(kCount * kCount, 0.0);
        for (int j = 0; j < kCount; ++j) (*jacobian)[j * kCount + j] = 1.0;
        (*jacobian)[kA * kCount + kA] = std::pow(k, params[kAlpha]);
        (*jacobian)[kA * kCount + kAlpha] = result[kA] * logK;
        (*jacobian)[kB * kCount + kB] = 1.0 / k;
        (*jacobian)[kC * kCount + kC] = std::pow(k, params[kGamma] - 1.0);
        (*jacobian)[kC * kCount + kGamma] = result[kC] * logK;
    }
    return result;
}

QString MultiPowerLaw::id() const {
    return convention_ == Convention::PublishedCode ? QStringLiteral("multipower-published")
                                                    : QStringLiteral("multipower");
}
QString MultiPowerLaw::displayName() const {
    return QStringLiteral("Multi-power law (Luo et al. 2025)");
}
QString MultiPowerLaw::formula() const {
    return QStringLiteral(
        "L = L0 + A*(S1+S_W)^(-alpha) - B*sum_k (eta_(k-1)-eta_k)*G(eta_k^(-gamma)*S_k), "
        "G(x) = 1-(C*x+1)^(-beta)");
}
QString MultiPowerLaw::warmupConvention() const {
    if (convention_ == Convention::PublishedCode)
        return QStringLiteral("loss-drop sum from step 1, warmup LR increases included (as the "
                              "code published with the paper)");
    return QStringLiteral("warmup area in S_W; loss-drop sum over steps after warmup only (the "
                          "paper's formula)");
}
const std::vector<LawParameter>& MultiPowerLaw::parameters() const { return parameters_; }
std::vector<int> MultiPowerLaw::linearParameters() const { return {kL0, kA, kB}; }

// A space-filling design over the four nonlinear parameters, in units where the largest LR is
// 1 (so C x with x = eta^(-gamma) S_k in steps: C from 1e-5 to 10 lets a drop saturate after
// anything from a tenth of a step to 1e5 steps).
std::vector<std::vector<double>> MultiPowerLaw::startGrid() const {
    return spaceFillingDesign(64, kCount,
                              {{kAlpha, 0.05, 1.5, false},
                               {kC, 1e-5, 1e1, true},
                               {kBeta, 0.05, 3.0, true},
                               {kGamma, 0.02, 1.0, false}});
}

std::int64_t MultiPowerLaw::firstDropStep(const SampledSchedule& schedule) const {
    return convention_ == Convention::PublishedCode ? 1 : schedule.warmupBlocks() + 1;
}

std::unique_ptr<LawEvaluator> MultiPowerLaw::prepare(const SampledSchedule& schedule) const {
    clearUpperVectorRegisters();  // see VectorRegisters.h
    return std::make_unique<MultiPowerEvaluator>(schedule, firstDropStep(schedule));
}

std::unique_ptr<LawEvaluator> MultiPowerLaw::prepareWithProgress(
    const SampledSchedule& schedule, const PreparationProgress& progress) const {
    clearUpperVectorRegisters();  // see VectorRegisters.h
    auto evaluator =
        std::make_unique<MultiPowerEvaluator>(schedule, firstDropStep(schedule), progress);
    if (!evaluator->complete()) return nullptr;
    return evaluator;
}

}  // namespace annealer
