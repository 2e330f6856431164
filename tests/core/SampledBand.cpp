#include "SampledBand.h"

#include "ParallelFor.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <utility>

namespace annealer {

namespace {

// Standard normal numbers by the Box-Muller transform of a 64-bit Mersenne Twister. The
// standard fixes the engine's output but not std::normal_distribution's algorithm, so this
// gives the same draws with every standard library.
class StandardNormal {
public:
    explicit StandardNormal(std::uint64_t seed) : engine_(seed) {}

    double operator()() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        const double u1 = uniformOpenAtZero();
        const double u2 = uniformOpenAtZero();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        const double angle = 2.0 * std::numbers::pi * u2;
        spare_ = radius * std::sin(angle);
        hasSpare_ = true;
        return radius * std::cos(angle);
    }

private:
    // Uniform on (0, 1]: the top 53 bits of the engine's output.
    double uniformOpenAtZero() { return (static_cast<double>(engine_() >> 11) + 1.0) * 0x1.0p-53; }

    std::mt19937_64 engine_;
    bool hasSpare_ = false;
    double spare_ = 0.0;
};

// The q-quantile of sorted values, interpolating linearly between neighbouring order
// statistics (position q * (n - 1)).
double quantileOfSorted(const std::vector<double>& sorted, double q) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(position);
    if (below + 1 >= sorted.size()) return sorted.back();
    const double fraction = position - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

// Φ(-1) and Φ(1): the 15.87% and 84.13% points of a Gaussian, one standard deviation either
// side of its median.
constexpr double kLowerQuantile = 0.15865525393145707;
constexpr double kUpperQuantile = 0.8413447460685429;

}  // namespace

std::vector<std::vector<double>> drawParameters(std::span<const LawParameter> specs,
                                                std::span<const double> parameters,
                                                std::span<const double> covariance, int count,
                                                std::uint64_t seed) {
    const std::size_t p = parameters.size();
    std::vector<std::vector<double>> draws;
    if (p == 0 || count <= 0 || specs.size() != p || covariance.size() != p * p ||
        !std::all_of(covariance.begin(), covariance.end(),
                     [](double v) { return std::isfinite(v); }))
        return draws;

    // Parameters bounded away from zero (rates, exponents, the saturation speed C) are drawn as
    // logarithms: their uncertainty is relative, and a log-normal draw never crosses the lower
    // bound. On the multi-power fit of the demo runs this also keeps the draws on the fit's long
    // curved valley through (B, C, beta), which a Gaussian in C and beta leaves for places the
    // data reject (tests/core/tst_prediction_band.cpp). Σ_log = D Σ D with D = diag(1/θ̂) for
    // those, the same curvature at the optimum.
    std::vector<bool> logSpace(p), held(p);
    Eigen::VectorXd scale(static_cast<Eigen::Index>(p));
    for (std::size_t j = 0; j < p; ++j) {
        logSpace[j] = specs[j].lower > 0.0 && parameters[j] > 0.0;
        held[j] = !(covariance[j * p + j] > 0.0);
        scale(static_cast<Eigen::Index>(j)) = logSpace[j] ? 1.0 / parameters[j] : 1.0;
    }
    const auto size = static_cast<Eigen::Index>(p);
    Eigen::MatrixXd sigma(size, size);
    for (Eigen::Index a = 0; a < size; ++a)
        for (Eigen::Index b = 0; b < size; ++b) {
            const auto row = static_cast<std::size_t>(a), col = static_cast<std::size_t>(b);
            sigma(a, b) =
                held[row] || held[col] ? 0.0 : covariance[row * p + col] * scale(a) * scale(b);
        }
    // The square root by eigen-decomposition rather than Cholesky: Σ is singular where a
    // parameter is held at a bound, and a pseudo-inverse may leave eigenvalues a rounding error
    // below zero.
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(sigma);
    if (solver.info() != Eigen::Success) return draws;
    const Eigen::MatrixXd root =
        solver.eigenvectors() * solver.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();

    // Outside a bound the law is not defined, or not the law that was fitted: such a draw is
    // thrown away and drawn again, which leaves the Gaussian restricted to the bounds. Clamping
    // would instead pile the whole tail onto the bound, as curves no fit would give.
    StandardNormal normal(seed);
    Eigen::VectorXd z(size);
    std::vector<double> theta(p);
    const long attempts = 16L * count;
    for (long attempt = 0; attempt < attempts && std::cmp_less(draws.size(), count); ++attempt) {
        for (Eigen::Index j = 0; j < size; ++j) z(j) = normal();
        const Eigen::VectorXd offset = root * z;
        bool inside = true;
        for (std::size_t j = 0; j < p && inside; ++j) {
            const double step = held[j] ? 0.0 : offset(static_cast<Eigen::Index>(j));
            theta[j] = logSpace[j] ? parameters[j] * std::exp(step) : parameters[j] + step;
            inside = theta[j] >= specs[j].lower && theta[j] <= specs[j].upper;
        }
        if (inside) draws.push_back(theta);
    }
    return draws;
}

SampledBand sampleBand(const LawEvaluator& evaluator, std::span<const LawParameter> specs,
                       std::span<const double> parameters, std::span<const double> covariance,
                       std::span<const std::int64_t> steps, const BandSampling& sampling) {
    const std::size_t p = parameters.size();
    const bool noCovariance =
        p == 0 || covariance.size() != p * p ||
        std::all_of(covariance.begin(), covariance.end(), [](double v) { return v == 0.0; });
    if (noCovariance) {
        SampledBand band;
        band.steps.assign(steps.begin(), steps.end());
        band.values.assign(steps.size(), 0.0);
        band.sigma.assign(steps.size(), 0.0);
        evaluator.evaluate(parameters, steps, band.values, nullptr);
        return band;
    }

    const int wanted = std::max(2, sampling.draws);
    const std::vector<std::vector<double>> draws =
        drawParameters(specs, parameters, covariance, wanted, sampling.seed);
    const std::size_t enough = static_cast<std::size_t>(wanted + 1) / 2;
    const auto fallBack = [&] {
        SampledBand band{predictBand(evaluator, parameters, covariance, steps)};
        band.method = BandMethod::DeltaMethod;
        band.draws = static_cast<int>(draws.size());
        return band;
    };
    if (draws.size() < enough) return fallBack();

    SampledBand band;
    band.method = BandMethod::Sampled;
    band.draws = static_cast<int>(draws.size());
    band.steps.assign(steps.begin(), steps.end());
    band.values.assign(steps.size(), 0.0);
    band.sigma.assign(steps.size(), 0.0);
    evaluator.evaluate(parameters, steps, band.values, nullptr);

    // drawn[d * n + i] = L(steps[i]) under draw d; each draw is one evaluation at every step.
    const std::size_t n = steps.size();
    std::vector<double> drawn(draws.size() * n);
    parallelFor(draws.size(), 4, [&](std::size_t begin, std::size_t end) {
        for (std::size_t d = begin; d < end; ++d)
            evaluator.evaluate(draws[d], steps, std::span<double>(drawn.data() + d * n, n),
                               nullptr);
    });

    // Half the 16-84% range rather than the standard deviation or the 2.3-97.7% range: the
    // draws' L(t) can have a long tail, which would dominate either of those, and with 64
    // draws the 2.3% point rests on the one or two most extreme of them, the 16% point on ten.
    std::vector<double> atStep;
    atStep.reserve(draws.size());
    for (std::size_t i = 0; i < n; ++i) {
        atStep.clear();
        for (std::size_t d = 0; d < draws.size(); ++d)
            if (const double value = drawn[d * n + i]; std::isfinite(value))
                atStep.push_back(value);
        if (atStep.size() < enough) return fallBack();
        std::sort(atStep.begin(), atStep.end());
        band.sigma[i] = 0.5 * (quantileOfSorted(atStep, kUpperQuantile) -
                               quantileOfSorted(atStep, kLowerQuantile));
    }
    return band;
}

}  // namespace annealer
