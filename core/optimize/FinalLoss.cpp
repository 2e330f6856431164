#include "optimize/FinalLoss.h"

#include "law/LossLaw.h"
#include "law/MomentumLaw.h"
#include "law/MultiPowerLaw.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

// Momentum law at the last step, with eta_s for s < W counted at eta_W (the law's warmup
// convention). S2 = sum_i m_i = sum_k d_k w_k with d_k = e_(k-1) - e_k and
// w_k = sum_(i=k..T-1) lambda^(i-k) = (1 - lambda^(T-k)) / (1 - lambda), so
//   dL/d e_j = -alpha A S1^(-alpha-1) - C (w_(j+1) - w_j),  w_T = 0.
// A warmup step's e is e_W, so its gradient is added to step W's.
class MomentumFinalLoss : public FinalLoss {
public:
    MomentumFinalLoss(std::vector<double> params, double lambda, bool warmupAtPeak)
        : params_(std::move(params)), lambda_(lambda), warmupAtPeak_(warmupAtPeak) {}

    double evaluate(std::span<const double> eta, std::int64_t warmupSteps,
                    std::vector<double>* gradient) const override {
        const std::size_t steps = eta.size();
        // The literal warmup convention counts every step at its own LR: no warmup to map.
        const auto warmup = static_cast<std::size_t>(std::clamp<std::int64_t>(
            warmupAtPeak_ ? warmupSteps : 0, 0, static_cast<std::int64_t>(steps) - 1));
        const auto e = [&](std::size_t s) { return s < warmup ? eta[warmup] : eta[s]; };
        const double l0 = params_[MomentumLaw::kL0], a = params_[MomentumLaw::kA];
        const double alpha = params_[MomentumLaw::kAlpha], c = params_[MomentumLaw::kC];
        double s1 = 0.0, s2 = 0.0;
        for (std::size_t s = 0; s < steps; ++s) s1 += e(s);
        const auto weight = [&](std::size_t k) {
            return k >= steps ? 0.0
                              : (1.0 - std::pow(lambda_, static_cast<double>(steps - k))) /
                                    (1.0 - lambda_);
        };
        for (std::size_t k = 1; k < steps; ++k) s2 += (e(k - 1) - e(k)) * weight(k);
        const double value = l0 + a * std::pow(s1, -alpha) - c * s2;
        if (gradient != nullptr) {
            gradient->assign(steps, 0.0);
            const double areaSlope = -alpha * a * std::pow(s1, -alpha - 1.0);
            for (std::size_t j = 0; j < steps; ++j) {
                // d_j = e_(j-1) - e_j has weight w_j (j >= 1); d_(j+1) has w_(j+1).
                const double g = areaSlope - c * (weight(j + 1) - (j >= 1 ? weight(j) : 0.0));
                (*gradient)[std::max(j, warmup)] += g;
            }
        }
        return value;
    }

    QString caveat() const override {
        return QStringLiteral(
            "the momentum law rewards every LR drop: its optimum always decays to the floor "
            "(to zero without one), and appended low-LR steps keep lowering its prediction");
    }

private:
    std::vector<double> params_;
    double lambda_;
    bool warmupAtPeak_;
};

// Multi-power law at the last step t = T-1, with P = sum_s eta_s, R_k = sum_(s>=k) eta_s,
// x_k = C eta_k^(-gamma) R_k, d_k = eta_(k-1) - eta_k and LD = sum_(k>=f) d_k G(x_k):
//   dLD/d eta_j = G(x_(j+1)) - G(x_j) - gamma d_j G'(x_j) x_j / eta_j
//                 + sum_(f<=k<=j) d_k G'(x_k) C eta_k^(-gamma)
//   dL/d eta_j = -alpha A P^(-alpha-1) - B dLD/d eta_j
// (terms with k outside f..T-1 left out), G(x) = 1 - (1+x)^(-beta), G' = beta (1+x)^(-beta-1).
class MultiPowerFinalLoss : public FinalLoss {
public:
    MultiPowerFinalLoss(std::vector<double> params, MultiPowerLaw::Convention convention)
        : params_(std::move(params)), convention_(convention) {}

    double evaluate(std::span<const double> eta, std::int64_t warmupSteps,
                    std::vector<double>* gradient) const override {
        using Law = MultiPowerLaw;
        const std::size_t steps = eta.size();
        const double l0 = params_[Law::kL0], a = params_[Law::kA], alpha = params_[Law::kAlpha];
        const double b = params_[Law::kB], c = params_[Law::kC], beta = params_[Law::kBeta];
        const double gamma = params_[Law::kGamma];
        const std::size_t first = static_cast<std::size_t>(
            convention_ == Law::Convention::PublishedCode ? 1 : std::max<std::int64_t>(warmupSteps + 1, 1));
        // R_k = sum_(s>=k) eta_s, from the end; reused between calls (an optimiser makes many).
        thread_local std::vector<double> remaining;
        remaining.resize(steps + 1);
        remaining[steps] = 0.0;
        for (std::size_t k = steps; k-- > 0;) remaining[k] = remaining[k + 1] + eta[k];
        const double total = remaining[0];

        // The terms of changed step k: G(x_k), G'(x_k), C eta_k^-gamma and x_k.
        struct Term {
            double g = 0.0, slope = 0.0, scale = 0.0, x = 0.0;
        };
        const auto termAt = [&](std::size_t k) {
            Term term;
            if (k < first || k >= steps) return term;
            term.scale = c * std::pow(std::max(eta[k], 1e-300), -gamma);
            term.x = term.scale * remaining[k];
            const double complement = std::pow(1.0 + term.x, -beta);
            term.g = 1.0 - complement;
            term.slope = beta * complement / (1.0 + term.x);
            return term;
        };
        const double areaSlope = -alpha * a * std::pow(total, -alpha - 1.0);
        if (gradient != nullptr) gradient->resize(steps);
        double drop = 0.0;
        double running = 0.0;  // sum_(f<=k<=j) d_k G'(x_k) C eta_k^-gamma
        Term current = termAt(0);
        for (std::size_t j = 0; j < steps; ++j) {
            const Term next = termAt(j + 1);
            if (j >= first) {
                const double d = eta[j - 1] - eta[j];
                drop += d * current.g;
                running += d * current.slope * current.scale;
            }
            if (gradient != nullptr) {
                double dDrop = running + next.g;  // next.g is 0 past the end or before f
                if (j >= first)
                    dDrop += -current.g - gamma * (eta[j - 1] - eta[j]) * current.slope * current.x /
                                              std::max(eta[j], 1e-300);
                (*gradient)[j] = areaSlope - b * dDrop;
            }
            current = next;
        }
        return l0 + a * std::pow(total, -alpha) - b * drop;
    }

    QString caveat() const override { return QString(); }

private:
    std::vector<double> params_;
    MultiPowerLaw::Convention convention_;
};

}  // namespace

Result<std::unique_ptr<FinalLoss>> makeFinalLoss(const FitResult& fit) {
    auto law = makeLaw(fit.lawId);
    if (!law) return Error{law.error()};
    if (Status check = (*law)->checkParameters(fit.parameters); !check) return Error{check.error()};
    if (const auto* momentum = dynamic_cast<const MomentumLaw*>(law->get()))
        return std::unique_ptr<FinalLoss>(
            std::make_unique<MomentumFinalLoss>(
                fit.parameters, momentum->lambda(),
                momentum->warmup() == MomentumLaw::WarmupConvention::AtPeak));
    if (const auto* multiPower = dynamic_cast<const MultiPowerLaw*>(law->get()))
        return std::unique_ptr<FinalLoss>(
            std::make_unique<MultiPowerFinalLoss>(fit.parameters, multiPower->convention()));
    return Error{QStringLiteral("%1: no schedule optimiser for this law").arg(fit.lawId)};
}

}  // namespace annealer
