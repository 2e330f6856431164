// The schedule optimiser: the final-loss gradients it follows, and the quality of its optimum
// (monotone, inside the bounds, deterministic, no worse than any family, and as good as a far
// longer run of the solver).
#include "law/LossLaw.h"
#include "optimize/FinalLoss.h"
#include "optimize/ScheduleOptimizer.h"

#include <QTest>

#include <cmath>

using namespace annealer;

namespace {

// The multi-power law with the 25M parameters published with the paper (shared/data/multipower).
FitResult multiPowerFit() {
    FitResult fit;
    fit.lawId = QStringLiteral("multipower");
    fit.parameters = {3.04045406, 0.52468604, 0.50786857, 363.78751622, 2.06560812, 0.58279013,
                      0.64142257};
    return fit;
}

FitResult momentumFit() {
    FitResult fit;
    fit.lawId = QStringLiteral("momentum");
    fit.parameters = {3.24676, 0.542586, 0.82578, 0.391847};
    return fit;
}

std::vector<double> wavySchedule(std::size_t steps, std::size_t warmup) {
    std::vector<double> eta(steps);
    for (std::size_t s = 0; s < steps; ++s)
        eta[s] = s < warmup ? 3e-4 * static_cast<double>(s) / static_cast<double>(warmup)
                            : 3e-4 * (0.55 + 0.45 * std::cos(0.013 * static_cast<double>(s - warmup))) *
                                  (1.0 - 0.5 * static_cast<double>(s) / static_cast<double>(steps));
    return eta;
}

OptimizationConstraints constraints24k() {
    OptimizationConstraints constraints;
    constraints.steps = 24000;
    constraints.peak = 3e-4;
    constraints.warmupSteps = 2160;
    return constraints;
}

}  // namespace

class OptimizerTest : public QObject {
    Q_OBJECT

private slots:
    void finalLossMatchesTheLaw() {
        const std::size_t steps = 3000, warmup = 100;
        const std::vector<double> eta = wavySchedule(steps, warmup);
        SampledSchedule sampled;
        sampled.lr = eta;
        sampled.warmupSteps = warmup;
        for (const FitResult& fit : {multiPowerFit(), momentumFit()}) {
            auto finalLoss = makeFinalLoss(fit);
            QVERIFY2(finalLoss.ok(), qPrintable(finalLoss.error()));
            auto law = makeLaw(fit.lawId);
            double predicted = 0;
            const std::int64_t last = steps - 1;
            (*law)->prepare(sampled)->evaluate(fit.parameters, {&last, 1}, {&predicted, 1}, nullptr);
            const double value = (*finalLoss)->evaluate(eta, warmup, nullptr);
            QVERIFY2(std::abs(value - predicted) < 1e-6 * predicted,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(fit.lawId).arg(value).arg(predicted)));
        }
    }

    void finalLossGradient() {
        const std::size_t steps = 400, warmup = 40;
        const std::vector<double> eta = wavySchedule(steps, warmup);
        for (const FitResult& fit : {multiPowerFit(), momentumFit()}) {
            auto finalLoss = makeFinalLoss(fit);
            std::vector<double> gradient;
            (*finalLoss)->evaluate(eta, warmup, &gradient);
            QCOMPARE(gradient.size(), steps);
            for (std::size_t j : {std::size_t{0}, std::size_t{10}, warmup, warmup + 1, std::size_t{200}, steps - 2, steps - 1}) {
                const double h = 1e-6 * 3e-4;
                std::vector<double> up = eta, down = eta;
                up[j] += h;
                down[j] -= h;
                const double numeric = ((*finalLoss)->evaluate(up, warmup, nullptr) -
                                        (*finalLoss)->evaluate(down, warmup, nullptr)) / (2 * h);
                const double tolerance = 1e-5 * std::abs(numeric) + 1e-13 * 3.3 / h;
                QVERIFY2(std::abs(gradient[j] - numeric) <= tolerance,
                         qPrintable(QStringLiteral("%1 step %2: analytic %3, numeric %4")
                                        .arg(fit.lawId).arg(j).arg(gradient[j]).arg(numeric)));
            }
        }
    }

    void freeFormOptimumIsARealOptimum() {
        const FitResult fit = multiPowerFit();
        const OptimizationConstraints constraints = constraints24k();
        auto result = ScheduleOptimizer().optimize(fit, constraints, {});
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QVERIFY(result->converged);
        qInfo("free-form %.7f (per step %.7f) in %d iterations, %.2f s", result->best.finalLoss,
              result->freeFormLoss, result->iterations, result->seconds);

        // Non-increasing after warmup, inside [floor, peak], reaching the peak right after warmup.
        const SampledSchedule best = result->best.schedule.sample();
        QCOMPARE(best.steps(), constraints.steps);
        QCOMPARE(best.lr[static_cast<std::size_t>(constraints.warmupSteps)], constraints.peak);
        for (std::size_t s = static_cast<std::size_t>(constraints.warmupSteps) + 1; s < best.lr.size(); ++s) {
            QVERIFY(best.lr[s] <= best.lr[s - 1]);
            QVERIFY(best.lr[s] >= constraints.floor && best.lr[s] <= constraints.peak);
        }
        // No worse than the best of every family.
        for (const OptimizedSchedule& family : result->familyBests)
            QVERIFY2(result->best.finalLoss <= family.finalLoss,
                     qPrintable(family.description));
        // Deterministic.
        auto again = ScheduleOptimizer().optimize(fit, constraints, {});
        QCOMPARE(again->best.finalLoss, result->best.finalLoss);
        QCOMPARE(again->best.schedule.points.size(), result->best.schedule.points.size());

        // A run of the solver fifty times as long with no early stop lands within 1e-4.
        OptimizationOptions longer;
        longer.tolerance = 0.0;
        longer.maxIterations = 50 * std::max(result->iterations, 40);
        auto reference = ScheduleOptimizer().optimize(fit, constraints, longer);
        QVERIFY2(reference.ok(), qPrintable(reference.error()));
        qInfo("reference: per step %.7f after %d iterations", reference->freeFormLoss,
              reference->iterations);
        QVERIFY(reference->iterations > result->iterations);
        QVERIFY(std::abs(result->freeFormLoss - reference->freeFormLoss) <= 1e-4);
        QVERIFY(std::abs(result->best.finalLoss - reference->freeFormLoss) <= 1e-4);

        // And the optimum beats the usual cosine-to-10% clearly (the paper's headline).
        Schedule cosine;
        cosine.family = ScheduleFamily::Cosine;
        cosine.steps = constraints.steps;
        cosine.peak = constraints.peak;
        cosine.warmupSteps = constraints.warmupSteps;
        cosine.floorRatio = 0.1;
        auto cosineLoss = predictedFinalLoss(fit, cosine);
        QVERIFY(cosineLoss.ok());
        QVERIFY(result->best.finalLoss < *cosineLoss - 0.01);
    }

    void familySearchRespectsItsFamily() {
        OptimizationOptions options;
        options.family = OptimizationFamily::Wsd;
        OptimizationConstraints constraints = constraints24k();
        constraints.floor = 3e-5;
        auto result = ScheduleOptimizer().optimize(multiPowerFit(), constraints, options);
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QCOMPARE(result->familyBests.size(), std::size_t{1});
        QCOMPARE(result->best.schedule.family, ScheduleFamily::Wsd);
        QVERIFY(result->best.schedule.decayFraction > 0.0 && result->best.schedule.decayFraction < 0.91);
        QCOMPARE(result->best.schedule.floorLr(), 3e-5);
        // The grid + golden search is a minimum along the fraction: nudging it does not help.
        Schedule nudged = result->best.schedule;
        for (double delta : {-0.01, 0.01}) {
            nudged.decayFraction = result->best.schedule.decayFraction + delta;
            QVERIFY(*predictedFinalLoss(multiPowerFit(), nudged) >= result->best.finalLoss - 1e-9);
        }
        options.family = OptimizationFamily::Cosine;
        auto cosine = ScheduleOptimizer().optimize(multiPowerFit(), constraints, options);
        QVERIFY(cosine.ok());
        QCOMPARE(cosine->best.schedule.family, ScheduleFamily::Cosine);
        QVERIFY(cosine->best.schedule.floor >= 3e-5 && cosine->best.schedule.floor <= 3e-4);
    }

    void momentumLawSaysWhereItIsNotMeaningful() {
        OptimizationConstraints constraints = constraints24k();
        constraints.floor = 1e-5;
        auto result = ScheduleOptimizer().optimize(momentumFit(), constraints, {});
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QVERIFY(result->caveat.contains(QStringLiteral("floor")));
        // As the caveat says: the optimum ends at the floor.
        const SampledSchedule best = result->best.schedule.sample();
        QVERIFY(std::abs(best.lr.back() - constraints.floor) < 1e-9);
        QVERIFY(makeFinalLoss(multiPowerFit()).value()->caveat().isEmpty());
    }

    void rejectsImpossibleConstraints() {
        OptimizationConstraints constraints = constraints24k();
        constraints.warmupSteps = 24000;
        QVERIFY(ScheduleOptimizer().optimize(multiPowerFit(), constraints, {}).error().contains(QStringLiteral("warmup")));
        constraints = constraints24k();
        constraints.peak = -1;
        QVERIFY(ScheduleOptimizer().optimize(multiPowerFit(), constraints, {}).error().contains(QStringLiteral("peak")));
        constraints = constraints24k();
        constraints.floor = 1.0;
        QVERIFY(ScheduleOptimizer().optimize(multiPowerFit(), constraints, {}).error().contains(QStringLiteral("floor")));
        FitResult unknown = multiPowerFit();
        unknown.lawId = QStringLiteral("nonsense");
        QVERIFY(!ScheduleOptimizer().optimize(unknown, constraints24k(), {}).ok());
        OptimizationOptions cancelled;
        cancelled.progress = [](double) { return false; };
        QVERIFY(ScheduleOptimizer().optimize(multiPowerFit(), constraints24k(), cancelled)
                    .error()
                    .contains(QStringLiteral("cancelled")));
    }
};

QTEST_GUILESS_MAIN(OptimizerTest)
#include "tst_optimizer.moc"
