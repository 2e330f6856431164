// The fitter on synthetic curves of known parameters: recovery with and without noise, the fit
// window, standard errors that cover the truth, cancellation, and every way a fit can fail.
#include "fit/FinalLossDeparture.h"
#include "fit/Fitter.h"
#include "law/MomentumLaw.h"
#include "law/MultiPowerLaw.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace annealer;

namespace {

// Warmup to 3e-4 over `warmup` steps, then cosine to 3e-5 (shape "cosine"), constant, a WSD
// with a 20% linear decay, or a drop to a lower constant at half time ("step").
SampledSchedule makeSchedule(const QString& shape, std::int64_t steps, std::int64_t warmup) {
    SampledSchedule schedule;
    schedule.warmupSteps = warmup;
    schedule.lr.resize(static_cast<std::size_t>(steps));
    const double peak = 3e-4, floor = 3e-5;
    for (std::int64_t s = 0; s < steps; ++s) {
        double lr = peak;
        const double tau = static_cast<double>(s - warmup) / static_cast<double>(steps - warmup);
        if (s < warmup)
            lr = peak * static_cast<double>(s) / static_cast<double>(warmup);
        else if (shape == QLatin1String("cosine"))
            lr = floor + 0.5 * (peak - floor) * (1 + std::cos(M_PI * tau));
        else if (shape == QLatin1String("wsd") && tau > 0.8)
            lr = peak + (floor - peak) * (tau - 0.8) / 0.2;
        else if (shape == QLatin1String("step") && tau > 0.5)
            lr = 0.3 * peak;
        schedule.lr[static_cast<std::size_t>(s)] = lr;
    }
    return schedule;
}

// A run whose losses are the law's own prediction times (1 + noise * N(0,1)).
Run syntheticRun(const LossLaw& law, const std::vector<double>& truth, const QString& shape,
                 std::int64_t steps, double noise, unsigned seed, std::int64_t every = 100) {
    Run run;
    run.name = shape;
    run.schedule = makeSchedule(shape, steps, 500);
    for (std::int64_t s = 500; s < steps; s += every) run.lossSteps.push_back(s);
    run.loss.resize(run.lossSteps.size());
    law.prepare(run.schedule)->evaluate(truth, run.lossSteps, run.loss, nullptr);
    std::mt19937 generator(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (double& loss : run.loss) loss *= 1.0 + noise * normal(generator);
    return run;
}

std::vector<Run> syntheticRuns(const LossLaw& law, const std::vector<double>& truth, double noise,
                               std::int64_t every = 100) {
    return {syntheticRun(law, truth, QStringLiteral("cosine"), 20000, noise, 1, every),
            syntheticRun(law, truth, QStringLiteral("constant"), 20000, noise, 2, every),
            syntheticRun(law, truth, QStringLiteral("step"), 16000, noise, 3, every)};
}

// Mean relative difference of two parameter vectors' predictions on a held-out schedule.
double heldOutDifference(const LossLaw& law, const std::vector<double>& a,
                         const std::vector<double>& b) {
    const SampledSchedule held = makeSchedule(QStringLiteral("wsd"), 30000, 500);
    std::vector<std::int64_t> steps;
    for (std::int64_t s = 600; s < 30000; s += 250) steps.push_back(s);
    std::vector<double> va(steps.size()), vb(steps.size());
    const auto evaluator = law.prepare(held);
    evaluator->evaluate(a, steps, va, nullptr);
    evaluator->evaluate(b, steps, vb, nullptr);
    double sum = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) sum += std::abs(va[i] - vb[i]) / vb[i];
    return sum / static_cast<double>(steps.size());
}

const std::vector<double> kMomentumTruth = {3.0, 0.5, 0.6, 0.4};
const std::vector<double> kMultiPowerTruth = {3.0, 0.5, 0.5, 400.0, 2.0, 0.6, 0.6};

}  // namespace

class FitterTest : public QObject {
    Q_OBJECT

private slots:
    void recoversMomentumExactly() {
        const MomentumLaw law;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 0.0), {});
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(fit->converged);
        for (std::size_t j = 0; j < kMomentumTruth.size(); ++j)
            QVERIFY2(std::abs(fit->parameters[j] / kMomentumTruth[j] - 1) < 1e-5,
                     qPrintable(QStringLiteral("%1 = %2").arg(fit->parameterNames[j]).arg(fit->parameters[j])));
        for (const FittedRun& run : fit->runs) QVERIFY(run.metrics.predE < 1e-7);
    }

    void recoversMomentumFromNoise() {
        // Noise 1e-3, like real validation loss: every parameter within 4 standard errors.
        const MomentumLaw law;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 1e-3), {});
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(fit->converged);
        for (std::size_t j = 0; j < kMomentumTruth.size(); ++j) {
            QVERIFY(fit->standardErrors[j] > 0);
            QVERIFY2(std::abs(fit->parameters[j] - kMomentumTruth[j]) < 4 * fit->standardErrors[j],
                     qPrintable(QStringLiteral("%1 = %2 +- %3, truth %4")
                                    .arg(fit->parameterNames[j])
                                    .arg(fit->parameters[j])
                                    .arg(fit->standardErrors[j])
                                    .arg(kMomentumTruth[j])));
        }
        const std::size_t p = kMomentumTruth.size();
        for (std::size_t j = 0; j < p; ++j)
            QVERIFY(std::abs(fit->covariance[j * p + j] - fit->standardErrors[j] * fit->standardErrors[j]) <=
                    1e-12 + 1e-9 * fit->covariance[j * p + j]);
    }

    // The cost the fit reports is the Huber objective of the log residuals, recomputed here
    // from the reported parameters, with noise and outliers putting points on both sides of
    // delta; and no small move of any parameter lowers that objective (a true minimum).
    void reportedCostIsTheHuberObjectiveAtItsMinimum_data() {
        QTest::addColumn<double>("delta");
        QTest::newRow("huber 1e-3") << 1e-3;
        QTest::newRow("huber 3e-3") << 3e-3;
        QTest::newRow("least squares") << 0.0;
    }
    void reportedCostIsTheHuberObjectiveAtItsMinimum() {
        QFETCH(double, delta);
        const MomentumLaw law;
        std::vector<Run> runs = syntheticRuns(law, kMomentumTruth, 2e-3);
        for (Run& run : runs)
            for (std::size_t i = 7; i < run.loss.size(); i += 23) run.loss[i] *= 1.03;  // outliers
        FitOptions options;
        options.huberDelta = delta;
        options.priorWeight = 0.0;
        options.crossValidate = false;
        auto fit = Fitter().fit(law, runs, options);
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(fit->converged);
        int beyond = 0;
        const auto objective = [&](const std::vector<double>& parameters) {
            double total = 0.0;
            beyond = 0;
            for (const Run& run : runs) {
                std::vector<double> predicted(run.lossSteps.size());
                law.prepare(run.schedule)->evaluate(parameters, run.lossSteps, predicted, nullptr);
                for (std::size_t i = 0; i < predicted.size(); ++i) {
                    const double r = std::abs(std::log(run.loss[i]) - std::log(predicted[i]));
                    const bool linear = delta > 0.0 && r > delta;
                    beyond += linear ? 1 : 0;
                    total += linear ? delta * r - 0.5 * delta * delta : 0.5 * r * r;
                }
            }
            return total;
        };
        const double atOptimum = objective(fit->parameters);
        if (delta > 0.0) QVERIFY2(beyond > 20, qPrintable(QString::number(beyond)));
        QVERIFY2(std::abs(fit->cost - atOptimum) <= 1e-9 * atOptimum,
                 qPrintable(QStringLiteral("reported %1, recomputed %2").arg(fit->cost, 0, 'g', 15).arg(atOptimum, 0, 'g', 15)));
        for (std::size_t j = 0; j < fit->parameters.size(); ++j)
            for (double factor : {1.0 - 1e-4, 1.0 + 1e-4}) {
                std::vector<double> moved = fit->parameters;
                moved[j] *= factor;
                QVERIFY2(objective(moved) >= atOptimum * (1.0 - 1e-12),
                         qPrintable(QStringLiteral("%1 x %2 lowers the objective").arg(fit->parameterNames[j]).arg(factor)));
            }
    }

    // A last loss off its run's trend (a final evaluation of another kind) is found whatever
    // the scale of the losses, in either direction; a smooth trend of the residuals up to the
    // end, noise alone, or a departure below 0.5% are not.
    void aFinalLossOffTheTrendIsFound() {
        std::mt19937 generator(7);
        std::normal_distribution<double> normal(0.0, 1.0);
        const std::size_t n = 120;
        std::vector<double> predicted(n), noisy(n), trending(n);
        for (std::size_t i = 0; i < n; ++i) {
            predicted[i] = 3.0 + 1.0 / (1.0 + 0.05 * static_cast<double>(i));
            noisy[i] = predicted[i] * (1.0 + 4e-4 * normal(generator));
            const double x = static_cast<double>(i) / static_cast<double>(n - 1);
            trending[i] = predicted[i] * (1.0 + 0.02 * x * x * x * x);  // misfit growing to 2%
        }
        QVERIFY(!finalLossDeparture(predicted, noisy));
        QVERIFY(!finalLossDeparture(predicted, trending));
        for (double off : {0.015, -0.012}) {
            std::vector<double> observed = noisy;
            observed.back() *= 1.0 + off;
            for (double scale : {1.0, 1e-3, 40.0}) {
                std::vector<double> p = predicted, o = observed;
                for (std::size_t i = 0; i < n; ++i) {
                    p[i] *= scale;
                    o[i] *= scale;
                }
                const auto found = finalLossDeparture(p, o);
                QVERIFY(found);
                QVERIFY(std::abs(found->departure - std::log1p(off)) < 2e-3);
                QVERIFY(std::abs(found->departure) > kIsolation * found->scatter);
            }
        }
        std::vector<double> small = noisy;
        small.back() *= 1.003;  // 0.3%: many times the scatter, yet not worth a warning
        QVERIFY(!finalLossDeparture(predicted, small));
        QVERIFY(!finalLossDeparture(std::span(predicted).first(kFewest - 1),
                                    std::span(noisy).first(kFewest - 1)));
    }

    // The fit says so in one warning naming the run and the step, and the step to fit up to.
    void theFitWarnsOfAFinalLossOffTheTrend() {
        const MomentumLaw law;
        std::vector<Run> runs = syntheticRuns(law, kMomentumTruth, 5e-4);
        runs[1].source = QStringLiteral("/logs/constant.csv");
        runs[1].loss.back() *= 1.02;
        FitOptions options;
        options.crossValidate = false;
        auto fit = Fitter().fit(law, runs, options);
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QStringList about;
        for (const QString& warning : fit->warnings)
            if (warning.contains(QStringLiteral("last loss"))) about << warning;
        QCOMPARE(about.size(), 1);
        const std::int64_t last = runs[1].lossSteps.back(), before = runs[1].lossSteps[runs[1].lossSteps.size() - 2];
        QVERIFY2(about[0].startsWith(QStringLiteral("/logs/constant.csv: its last loss (step %1,").arg(last)) &&
                     about[0].contains(QStringLiteral("above")) &&
                     about[0].contains(QStringLiteral("--to %1").arg(before)),
                 qPrintable(about[0]));
    }

    // Runs logged at every 4th step (about 4000 losses each) are fitted on bins of them: the
    // truth is still recovered within 4 standard errors, the bins' fit agrees with the fit of
    // every loss on its own within a standard error of it, and the metrics are over every loss.
    void denseRunsAreFittedOnBins_data() {
        QTest::addColumn<QString>("lawId");
        QTest::newRow("momentum") << QStringLiteral("momentum");
        QTest::newRow("multipower") << QStringLiteral("multipower");
    }
    void denseRunsAreFittedOnBins() {
        QFETCH(QString, lawId);
        const auto law = makeLaw(lawId);
        QVERIFY(law.ok());
        const std::vector<double>& truth =
            lawId == QLatin1String("momentum") ? kMomentumTruth : kMultiPowerTruth;
        const std::vector<Run> runs = syntheticRuns(**law, truth, 1e-3, 4);
        QVERIFY(runs.front().lossSteps.size() > 4000);
        FitOptions noCrossValidation;
        noCrossValidation.crossValidate = false;
        auto binned = Fitter().fit(**law, runs, noCrossValidation);
        QVERIFY2(binned.ok(), qPrintable(binned.error()));
        QVERIFY(binned->converged);
        for (std::size_t r = 0; r < runs.size(); ++r)
            QCOMPARE(binned->runs[r].metrics.points, static_cast<int>(runs[r].lossSteps.size()));
        FitOptions everyLoss = noCrossValidation;
        everyLoss.binDenseRuns = false;
        auto whole = Fitter().fit(**law, runs, everyLoss);
        QVERIFY2(whole.ok(), qPrintable(whole.error()));
        for (std::size_t j = 0; j < truth.size(); ++j) {
            const QString what = QStringLiteral("%1 = %2 +- %3 (every loss: %4 +- %5), truth %6")
                                     .arg(binned->parameterNames[j])
                                     .arg(binned->parameters[j])
                                     .arg(binned->standardErrors[j])
                                     .arg(whole->parameters[j])
                                     .arg(whole->standardErrors[j])
                                     .arg(truth[j]);
            QVERIFY2(std::abs(binned->parameters[j] - truth[j]) < 4 * binned->standardErrors[j],
                     qPrintable(what));
            QVERIFY2(std::abs(binned->parameters[j] - whole->parameters[j]) < whole->standardErrors[j],
                     qPrintable(what));
        }
    }

    void recoversMultiPowerExactly() {
        const MultiPowerLaw law;
        // The exact truth is the optimum of the data alone: no weak prior pulls it off.
        FitOptions options;
        options.priorWeight = 0.0;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMultiPowerTruth, 0.0), options);
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(fit->converged);
        for (const FittedRun& run : fit->runs) QVERIFY2(run.metrics.predE < 1e-5, qPrintable(run.name));
        // The curves pin the law down: a schedule none of them ran is predicted alike.
        QVERIFY(heldOutDifference(law, fit->parameters, kMultiPowerTruth) < 1e-4);
        for (std::size_t j = 0; j < kMultiPowerTruth.size(); ++j)
            QVERIFY2(std::abs(fit->parameters[j] / kMultiPowerTruth[j] - 1) < 0.02,
                     qPrintable(QStringLiteral("%1 = %2").arg(fit->parameterNames[j]).arg(fit->parameters[j])));
    }

    void recoversMultiPowerFromNoise() {
        const MultiPowerLaw law;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMultiPowerTruth, 1e-3), {});
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(fit->converged);
        QVERIFY(heldOutDifference(law, fit->parameters, kMultiPowerTruth) < 1e-3);
        for (std::size_t j = 0; j < kMultiPowerTruth.size(); ++j)
            QVERIFY2(std::abs(fit->parameters[j] - kMultiPowerTruth[j]) < 4 * fit->standardErrors[j],
                     qPrintable(QStringLiteral("%1 = %2 +- %3")
                                    .arg(fit->parameterNames[j])
                                    .arg(fit->parameters[j])
                                    .arg(fit->standardErrors[j])));
    }

    void fitWindowSelectsPoints() {
        const MomentumLaw law;
        FitOptions options;
        options.fromStep = 5000;
        options.toStep = 15000;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 0.0), options);
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        // Loss every 100 steps from 500: steps 5000..15000 are 101 points in each run.
        for (const FittedRun& run : fit->runs) QCOMPARE(run.metrics.points, 101);
        QCOMPARE(*fit->fromStep, 5000);
    }

    void cancelStopsTheFit() {
        const MultiPowerLaw law;
        FitOptions options;
        std::atomic<int> calls{0};
        options.progress = [&](double) { return ++calls < 3; };
        auto fit = Fitter().fit(law, syntheticRuns(law, kMultiPowerTruth, 1e-3), options);
        QVERIFY(!fit.ok());
        QVERIFY(fit.error().contains(QStringLiteral("cancelled")));
    }

    void reportsNonConvergence() {
        const MultiPowerLaw law;
        FitOptions options;
        options.maxIterations = 1;
        auto fit = Fitter().fit(law, syntheticRuns(law, kMultiPowerTruth, 1e-3), options);
        QVERIFY2(fit.ok(), qPrintable(fit.error()));
        QVERIFY(!fit->converged);
        QVERIFY(!fit->solverMessage.isEmpty());
    }

    void rejectsBadInput() {
        const MomentumLaw law;
        QVERIFY(Fitter().fit(law, {}, {}).error().contains(QStringLiteral("no runs")));

        FitOptions window;
        window.fromStep = 100000;
        auto empty = Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 0.0), window);
        QVERIFY(empty.error().contains(QStringLiteral("no loss points inside the fit window")));

        FitOptions reversed;
        reversed.fromStep = 10;
        reversed.toStep = 5;
        QVERIFY(Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 0.0), reversed)
                    .error()
                    .contains(QStringLiteral("after")));

        Run tiny = syntheticRuns(law, kMomentumTruth, 0.0).front();
        tiny.lossSteps.resize(3);
        tiny.loss.resize(3);
        QVERIFY(Fitter().fit(law, {tiny}, {}).error().contains(QStringLiteral("cannot determine")));

        Run beyond = syntheticRuns(law, kMomentumTruth, 0.0).front();
        beyond.source = QStringLiteral("beyond.csv");
        beyond.schedule.lr.resize(1000);
        const QString message = Fitter().fit(law, {beyond}, {}).error();
        QVERIFY2(message.contains(QStringLiteral("beyond.csv")) &&
                     message.contains(QStringLiteral("beyond the LR schedule")),
                 qPrintable(message));

        FitOptions badHuber;
        badHuber.huberDelta = std::nan("");
        QVERIFY(!Fitter().fit(law, syntheticRuns(law, kMomentumTruth, 0.0), badHuber).ok());
    }
};

QTEST_GUILESS_MAIN(FitterTest)
#include "tst_fitter.moc"
