#include "law/MultiPowerLaw.h"

#include "ParallelFor.h"
#include "law/LossDropSum.h"

#include <cmath>

namespace annealer {

namespace {

constexpr std::size_t kParallelBatch = 512;

class MultiPowerEvaluator : public LawEvaluator {
public:
    MultiPowerEvaluator(const SampledSchedule& schedule, std::int64_t firstDropBlock,
                        const std::function<bool()>& cancelled = {})
        : lossDrop_(schedule.lr, firstDropBlock, static_cast<double>(schedule.stride), cancelled),
          stride_(schedule.stride),
          blocks_(schedule.lr.size()) {}

    // L(t) = L0 + A * (S1(t) + S_W)^(-alpha) - B * LD(t)
    void evaluate(std::span<const double> params, std::span<const std::int64_t> steps,
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
    parameters_ = {
        {QStringLiteral("L0"), 0.0, 100.0, 3.0, QStringLiteral("the loss an infinite LR area would reach")},
        {QStringLiteral("A"), 0.0, 1e4, 0.5, QStringLiteral("scale of the power-law term")},
        {QStringLiteral("alpha"), 1e-4, 10.0, 0.5, QStringLiteral("exponent of the LR area")},
        {QStringLiteral("B"), 0.0, 1e7, 400.0, QStringLiteral("scale of the loss drop from LR decay")},
        {QStringLiteral("C"), 1e-12, 1e4, 2.0, QStringLiteral("speed at which a drop's effect saturates"), true},
        {QStringLiteral("beta"), 1e-3, 10.0, 0.6, QStringLiteral("exponent of the saturation G")},
        // gamma <= 1: after a drop to a constant LR eta, x = C eta^(1-gamma) (t-k+1), so with
        // gamma > 1 a lower LR would realise the drop faster, and an LR of zero at once: the law
        // would then reward ending every schedule with a step to zero (seen on the 25M curves,
        // whose unbounded fit lands at gamma 2.8). Physically no LR means no training.
        {QStringLiteral("gamma"), 0.0, 1.0, 0.6, QStringLiteral("how the LR after a drop scales its area")},
    };
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

std::vector<std::vector<double>> MultiPowerLaw::startGrid() const {
    std::vector<std::vector<double>> grid;
    for (double alpha : {0.3, 0.5, 0.7})
        for (double c : {0.5, 2.0, 8.0})
            for (double beta : {0.3, 0.6, 1.0})
                for (double gamma : {0.3, 0.6, 0.9})
                    grid.push_back({0.0, 0.0, alpha, 0.0, c, beta, gamma});
    return grid;
}

std::int64_t MultiPowerLaw::firstDropStep(const SampledSchedule& schedule) const {
    return convention_ == Convention::PublishedCode ? 1 : schedule.warmupBlocks() + 1;
}

std::unique_ptr<LawEvaluator> MultiPowerLaw::prepare(const SampledSchedule& schedule) const {
    return std::make_unique<MultiPowerEvaluator>(schedule, firstDropStep(schedule));
}

std::unique_ptr<LawEvaluator> MultiPowerLaw::prepareCancellable(
    const SampledSchedule& schedule, const std::function<bool()>& cancelled) const {
    auto evaluator =
        std::make_unique<MultiPowerEvaluator>(schedule, firstDropStep(schedule), cancelled);
    if (!evaluator->complete()) return nullptr;
    return evaluator;
}

}  // namespace annealer
