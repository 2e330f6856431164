#include "optimize/ScheduleOptimizer.h"

#include "VectorRegisters.h"
#include "optimize/FinalLoss.h"
#include "schedule/PolylineSimplifier.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>

namespace annealer {

namespace {

constexpr double kGolden = 0.6180339887498949;

Schedule baseSchedule(const OptimizationConstraints& constraints) {
    Schedule schedule;
    schedule.steps = constraints.steps;
    schedule.peak = constraints.peak;
    schedule.warmupSteps = constraints.warmupSteps;
    schedule.warmupShape =
        constraints.warmupSteps > 0 ? constraints.warmupShape : WarmupShape::None;
    schedule.floor = constraints.floor;
    return schedule;
}

Status checkConstraints(const OptimizationConstraints& c) {
    if (c.steps < 3 || c.steps > kMaxScheduleSteps)
        return Error{
            QStringLiteral("steps: %1 is outside 3..%2").arg(c.steps).arg(kMaxScheduleSteps)};
    if (!std::isfinite(c.peak) || c.peak <= 0.0)
        return Error{QStringLiteral("peak: must be a number > 0")};
    if (c.warmupSteps < 0 || c.warmupSteps >= c.steps - 2)
        return Error{QStringLiteral("warmup: %1 steps leave nothing to optimise in a %2-step run")
                         .arg(c.warmupSteps)
                         .arg(c.steps)};
    if (!std::isfinite(c.floor) || c.floor < 0.0 || c.floor > c.peak)
        return Error{QStringLiteral("floor: must lie in [0, peak]")};
    return {};
}

// Minimises f on [low, high]: a grid of `points`, then golden-section search around the best.
template <typename F>
double minimise1d(double low, double high, int points, const F& f) {
    double bestX = low, bestF = std::numeric_limits<double>::infinity();
    for (int i = 0; i < points; ++i) {
        const double x = low + (high - low) * i / (points - 1);
        const double value = f(x);
        if (value < bestF) {
            bestF = value;
            bestX = x;
        }
    }
    const double cell = (high - low) / (points - 1);
    double a = std::max(low, bestX - cell), b = std::min(high, bestX + cell);
    double c = b - kGolden * (b - a), d = a + kGolden * (b - a);
    double fc = f(c), fd = f(d);
    for (int i = 0; i < 30 && b - a > 1e-6 * (high - low); ++i) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - kGolden * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + kGolden * (b - a);
            fd = f(d);
        }
    }
    const double x = fc < fd ? c : d;
    return std::min(fc, fd) < bestF ? x : bestX;
}

// Projection onto {upper >= u_0 >= u_1 >= ... >= lower}: the non-increasing isotonic
// regression (pool adjacent violators), then clipping, which keeps the order.
void projectMonotone(std::vector<double>& u, double lower, double upper) {
    std::vector<double> mean;
    std::vector<std::size_t> count;
    for (double value : u) {
        mean.push_back(value);
        count.push_back(1);
        while (mean.size() > 1 && mean[mean.size() - 2] < mean.back()) {
            const std::size_t n = count.back() + count[count.size() - 2];
            const double merged =
                (mean.back() * static_cast<double>(count.back()) +
                 mean[mean.size() - 2] * static_cast<double>(count[count.size() - 2])) /
                static_cast<double>(n);
            mean.pop_back();
            count.pop_back();
            mean.back() = merged;
            count.back() = n;
        }
    }
    std::size_t i = 0;
    for (std::size_t block = 0; block < mean.size(); ++block)
        for (std::size_t k = 0; k < count[block]; ++k)
            u[i++] = std::clamp(mean[block], lower, upper);
}

struct FreeFormOutcome {
    std::vector<double> eta;  // the per-step LR of the optimum
    double loss = 0.0;
    int iterations = 0;
    bool converged = false;
    bool cancelled = false;
};

// Spectral projected gradient with a non-monotone line search (Birgin, Martinez, Raydan 2000)
// over u_j = eta_j / peak for the steps after the first post-warmup step (which stays at the
// peak); warmup steps keep their values. The objective is T * (final loss + smoothness
// penalty), so that per-step gradients are of order one.
FreeFormOutcome optimiseFreeForm(const FinalLoss& finalLoss, std::vector<double> eta,
                                 std::int64_t warmup, const OptimizationConstraints& constraints,
                                 const OptimizationOptions& options) {
    const std::size_t steps = eta.size();
    const std::size_t first = static_cast<std::size_t>(warmup) + 1;
    const std::size_t n = steps - first;
    const double peak = constraints.peak;
    const double lower = constraints.floor / peak;
    const double scale = static_cast<double>(steps);
    std::vector<double> gradient;

    const auto objective = [&](const std::vector<double>& u, std::vector<double>* g) {
        for (std::size_t j = 0; j < n; ++j) eta[first + j] = u[j] * peak;
        double value = finalLoss.evaluate(eta, warmup, g ? &gradient : nullptr);
        if (g) {
            g->resize(n);
            for (std::size_t j = 0; j < n; ++j) (*g)[j] = scale * peak * gradient[first + j];
        }
        if (options.smoothness > 0.0) {
            // sum over t of (u_(t+1) - 2 u_t + u_(t-1))^2, with u before the first = 1 (the peak).
            const auto at = [&](std::ptrdiff_t j) {
                return j < 0 ? 1.0 : u[static_cast<std::size_t>(j)];
            };
            for (std::size_t j = 0; j + 1 < n; ++j) {
                const auto i = static_cast<std::ptrdiff_t>(j);
                const double curvature = at(i + 1) - 2.0 * at(i) + at(i - 1);
                value += options.smoothness * curvature * curvature;
                if (g) {
                    const double slope = 2.0 * options.smoothness * curvature * scale;
                    (*g)[j + 1] += slope;
                    (*g)[j] -= 2.0 * slope;
                    if (j >= 1) (*g)[j - 1] += slope;
                }
            }
        }
        return value * scale;
    };

    FreeFormOutcome outcome;
    std::vector<double> u(n), g, trial(n), trialGradient, direction(n);
    for (std::size_t j = 0; j < n; ++j) u[j] = eta[first + j] / peak;
    projectMonotone(u, lower, 1.0);
    double f = objective(u, &g);
    std::deque<double> recent{f};
    double sigma = 1.0;
    constexpr int kMemory = 10;
    constexpr std::size_t kPatience = 20;
    double best = f;
    std::vector<double> history{f};
    for (int iteration = 0; iteration < options.maxIterations; ++iteration) {
        outcome.iterations = iteration + 1;
        if (options.progress && iteration % 20 == 0 &&
            !options.progress(0.3 + 0.7 * iteration / static_cast<double>(options.maxIterations))) {
            outcome.cancelled = true;
            break;
        }
        // Stationarity: the unit projected-gradient step.
        for (std::size_t j = 0; j < n; ++j) trial[j] = u[j] - g[j];
        projectMonotone(trial, lower, 1.0);
        double stationarity = 0.0;
        for (std::size_t j = 0; j < n; ++j)
            stationarity = std::max(stationarity, std::abs(trial[j] - u[j]));
        if (stationarity <= options.tolerance) {
            outcome.converged = true;
            break;
        }
        for (std::size_t j = 0; j < n; ++j) trial[j] = u[j] - sigma * g[j];
        projectMonotone(trial, lower, 1.0);
        double slope = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            direction[j] = trial[j] - u[j];
            slope += direction[j] * g[j];
        }
        const double reference = *std::max_element(recent.begin(), recent.end());
        double step = 1.0, fTrial = 0.0;
        for (int backtrack = 0; backtrack < 40; ++backtrack) {
            for (std::size_t j = 0; j < n; ++j) trial[j] = u[j] + step * direction[j];
            fTrial = objective(trial, &trialGradient);
            if (fTrial <= reference + 1e-4 * step * slope) break;
            step *= 0.5;
        }
        double ss = 0.0, sy = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double s = trial[j] - u[j];
            ss += s * s;
            sy += s * (trialGradient[j] - g[j]);
        }
        u.swap(trial);
        g.swap(trialGradient);
        f = fTrial;
        recent.push_back(f);
        if (recent.size() > kMemory) recent.pop_front();
        sigma = sy > 0.0 ? std::clamp(ss / sy, 1e-10, 1e10) : 1e10;
        // Converged when the best loss moved less than options.tolerance (relative) over the
        // last kPatience iterations: stationarity alone is too strict a test at this scale.
        best = std::min(best, f);
        history.push_back(best);
        if (ss == 0.0 ||
            (history.size() > kPatience && history[history.size() - 1 - kPatience] - best <=
                                               options.tolerance * std::abs(best))) {
            outcome.converged = true;
            break;
        }
    }
    for (std::size_t j = 0; j < n; ++j) eta[first + j] = u[j] * peak;
    outcome.loss = finalLoss.evaluate(eta, warmup, nullptr);
    outcome.eta = std::move(eta);
    return outcome;
}

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + QLatin1Char('%');
}

}  // namespace

Result<double> predictedFinalLoss(const FitResult& fit, const Schedule& schedule) {
    if (Status valid = schedule.validate(); !valid) return Error{valid.error()};
    auto finalLoss = makeFinalLoss(fit);
    if (!finalLoss) return Error{finalLoss.error()};
    const SampledSchedule sampled = schedule.sample();
    const double loss = (*finalLoss)->evaluate(sampled.lr, sampled.warmupSteps, nullptr);
    if (!std::isfinite(loss))
        return Error{QStringLiteral("the law gives no finite final loss for this schedule")};
    return loss;
}

Result<OptimizationResult> ScheduleOptimizer::optimize(const FitResult& fit,
                                                       const OptimizationConstraints& constraints,
                                                       const OptimizationOptions& options) const {
    const auto started = std::chrono::steady_clock::now();
    clearUpperVectorRegisters();  // see VectorRegisters.h
    if (Status ok = checkConstraints(constraints); !ok) return Error{ok.error()};
    auto finalLoss = makeFinalLoss(fit);
    if (!finalLoss) return Error{finalLoss.error()};
    const FinalLoss& law = **finalLoss;
    OptimizationResult result;
    result.caveat = law.caveat();

    const Schedule base = baseSchedule(constraints);
    const auto lossOf = [&](const Schedule& schedule) {
        if (!schedule.validate()) return std::numeric_limits<double>::infinity();
        const SampledSchedule sampled = schedule.sample();
        const double loss = law.evaluate(sampled.lr, sampled.warmupSteps, nullptr);
        return std::isfinite(loss) ? loss : std::numeric_limits<double>::infinity();
    };
    const double postWarmup = static_cast<double>(constraints.steps - constraints.warmupSteps);
    const double total = static_cast<double>(constraints.steps);
    const auto report = [&](double fraction) {
        return !options.progress || options.progress(fraction);
    };

    const bool freeForm = options.family == OptimizationFamily::FreeForm;
    if (freeForm || options.family == OptimizationFamily::Wsd) {
        const double maxFraction = postWarmup / total;
        std::vector<DecayShape> shapes = {DecayShape::Linear, DecayShape::Cosine,
                                          DecayShape::OneMinusSqrt, DecayShape::Polynomial};
        if (constraints.floor > 0.0) shapes.push_back(DecayShape::Exponential);
        OptimizedSchedule best{base, std::numeric_limits<double>::infinity(), {}};
        for (DecayShape shape : shapes) {
            Schedule wsd = base;
            wsd.family = ScheduleFamily::Wsd;
            wsd.decayShape = shape;
            wsd.power = 1.5;  // (1 - tau)^1.5, the shape the multi-power paper's optimum resembles
            const auto at = [&](double fraction) {
                wsd.decayFraction = fraction;
                wsd.decaySteps.reset();
                return lossOf(wsd);
            };
            const double fraction = minimise1d(1.0 / total, maxFraction, 17, at);
            const double loss = at(fraction);
            if (loss < best.finalLoss) {
                wsd.decayFraction = fraction;
                best = {wsd, loss,
                        QStringLiteral("WSD, %1 decay over the last %2")
                            .arg(decayShapeName(shape), percent(fraction))};
            }
        }
        best.schedule.name = QStringLiteral("best WSD");
        result.familyBests.push_back(best);
    }
    if (!report(0.1)) return Error{QStringLiteral("optimize: cancelled")};
    // A family that decays to a floor: the floor with the lowest final loss.
    const auto bestFloor = [&](ScheduleFamily family, const QString& name, const QString& what) {
        Schedule schedule = base;
        schedule.family = family;
        schedule.floor = minimise1d(constraints.floor, constraints.peak, 17, [&](double value) {
            schedule.floor = value;
            return lossOf(schedule);
        });
        schedule.name = name;
        result.familyBests.push_back(
            {schedule, lossOf(schedule), what.arg(percent(schedule.floor / constraints.peak))});
    };
    if (freeForm || options.family == OptimizationFamily::Cosine)
        bestFloor(ScheduleFamily::Cosine, QStringLiteral("best cosine"),
                  QStringLiteral("cosine to %1 of the peak"));
    if (freeForm || options.family == OptimizationFamily::Linear)
        bestFloor(ScheduleFamily::Linear, QStringLiteral("best linear"),
                  QStringLiteral("linear to %1 of the peak"));
    if (!report(0.3)) return Error{QStringLiteral("optimize: cancelled")};
    const auto bestFamily =
        std::min_element(result.familyBests.begin(), result.familyBests.end(),
                         [](const OptimizedSchedule& a, const OptimizedSchedule& b) {
                             return a.finalLoss < b.finalLoss;
                         });
    result.best = *bestFamily;

    if (freeForm) {
        const SampledSchedule start = bestFamily->schedule.sample();
        FreeFormOutcome outcome =
            optimiseFreeForm(law, start.lr, start.warmupSteps, constraints, options);
        if (outcome.cancelled) return Error{QStringLiteral("optimize: cancelled")};
        result.iterations = outcome.iterations;
        result.converged = outcome.converged;
        result.freeFormLoss = outcome.loss;
        // Control points: tighten the simplification until the curve they draw gives up less
        // than 1e-6 of predicted loss against the per-step optimum.
        const auto w = static_cast<std::size_t>(constraints.warmupSteps);
        std::vector<double> xs, ys;
        for (std::size_t s = w; s < outcome.eta.size(); ++s) {
            xs.push_back(static_cast<double>(s));
            ys.push_back(outcome.eta[s]);
        }
        Schedule freeSchedule = base;
        freeSchedule.family = ScheduleFamily::FreeForm;
        freeSchedule.name = QStringLiteral("optimal free-form");
        double loss = std::numeric_limits<double>::infinity();
        for (double tolerance = 1e-3; tolerance > 1e-8; tolerance *= 0.3) {
            freeSchedule.points.clear();
            for (std::size_t index : simplifyPolyline(xs, ys, tolerance * constraints.peak))
                freeSchedule.points.push_back({static_cast<std::int64_t>(xs[index]), ys[index]});
            loss = lossOf(freeSchedule);
            if (loss - outcome.loss <= 1e-6 || freeSchedule.points.size() > 4000) break;
        }
        if (loss < result.best.finalLoss)
            result.best = {
                freeSchedule, loss,
                QStringLiteral("free-form, %1 control points").arg(freeSchedule.points.size())};
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace annealer
