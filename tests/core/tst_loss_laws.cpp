// The two loss laws: hand-computed values on tiny schedules, analytic derivatives against finite
// differences, the fast loss-drop sum against the exact one, and the reference implementation's
// figures (shared/tools/loss_law_reference.py) on the published parameters.
#include "law/CptLaw.h"
#include "law/LossDropSum.h"
#include "law/MomentumLaw.h"
#include "law/MultiPowerLaw.h"
#include "fit/FitMetrics.h"
#include "run/LogImport.h"

#include "SharedData.h"

#include <QTest>

#include <cmath>
#include <functional>

using namespace annealer;

namespace {

SampledSchedule schedule(std::vector<double> lr, std::int64_t warmup) {
    SampledSchedule s;
    s.lr = std::move(lr);
    s.warmupSteps = warmup;
    return s;
}

// dL/dtheta_j by central differences, compared with the evaluator's analytic gradient.
void checkJacobian(const LossLaw& law, const SampledSchedule& lr, std::vector<double> params,
                   const std::vector<std::int64_t>& steps, double tolerance) {
    const auto evaluator = law.prepare(lr);
    const std::size_t p = params.size();
    std::vector<double> values(steps.size()), jacobian(steps.size() * p);
    evaluator->evaluate(params, steps, values, jacobian.data());
    for (std::size_t j = 0; j < p; ++j) {
        const double h = params[j] != 0.0 ? 1e-6 * std::abs(params[j]) : 1e-8;
        std::vector<double> up = params, down = params;
        up[j] += h;
        down[j] -= h;
        std::vector<double> vUp(steps.size()), vDown(steps.size());
        evaluator->evaluate(up, steps, vUp, nullptr);
        evaluator->evaluate(down, steps, vDown, nullptr);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const double numeric = (vUp[i] - vDown[i]) / (2 * h);
            const double analytic = jacobian[i * p + j];
            // Rounding in L itself limits what a difference quotient can resolve.
            const double resolution = 1e-13 * std::abs(values[i]) / h;
            const double scale = std::max(std::abs(numeric), std::abs(analytic));
            if (std::abs(numeric - analytic) > tolerance * scale + resolution)
                QFAIL(qPrintable(QStringLiteral("d/d%1 at step %2: analytic %3, numeric %4")
                                     .arg(law.parameters()[j].name)
                                     .arg(steps[i])
                                     .arg(analytic)
                                     .arg(numeric)));
        }
    }
}

// The multi-power law's loss-drop sum written out plainly, for comparison.
double naiveLossDrop(const std::vector<double>& eta, std::int64_t first, std::int64_t t, double c,
                     double beta, double gamma) {
    double sum = 0.0;
    for (std::int64_t k = std::max<std::int64_t>(first, 1); k <= t; ++k) {
        double area = 0.0;
        for (std::int64_t tau = k; tau <= t; ++tau) area += eta[static_cast<std::size_t>(tau)];
        const double x = std::pow(eta[static_cast<std::size_t>(k)], -gamma) * area;
        sum += (eta[static_cast<std::size_t>(k - 1)] - eta[static_cast<std::size_t>(k)]) *
               (1.0 - std::pow(c * x + 1.0, -beta));
    }
    return sum;
}

std::vector<double> shape(const QString& name, std::int64_t steps) {
    const std::int64_t warmup = steps / 50;
    const double peak = 3e-4, floor = 3e-5;
    std::vector<double> eta(static_cast<std::size_t>(steps));
    for (std::int64_t s = 0; s < steps; ++s) {
        const double tau = static_cast<double>(s - warmup) / static_cast<double>(steps - warmup);
        double lr = peak;
        if (s < warmup) {
            lr = peak * static_cast<double>(s) / static_cast<double>(warmup);
        } else if (name == QLatin1String("cosine")) {
            lr = floor + 0.5 * (peak - floor) * (1 + std::cos(M_PI * tau));
        } else if (name == QLatin1String("linear-to-zero")) {
            lr = peak * (1 - tau);
        } else if (name == QLatin1String("wsd-1-sqrt")) {
            const double u = std::max(0.0, (static_cast<double>(s) - 0.8 * static_cast<double>(steps)) /
                                               (0.2 * static_cast<double>(steps)));
            lr = floor + (peak - floor) * (1 - std::sqrt(u));
        } else if (name == QLatin1String("multistep")) {
            lr = peak * (tau < 0.5 ? 1.0 : tau < 0.75 ? 0.1 : 0.01);
        } else if (name == QLatin1String("cyclic-rewarm")) {
            const double cycle = static_cast<double>(steps - warmup) / 4.0;
            const double r = std::fmod(static_cast<double>(s - warmup), cycle);
            const double rewarm = cycle / 10.0;
            lr = r < rewarm ? floor + (peak - floor) * r / rewarm
                            : floor + 0.5 * (peak - floor) *
                                          (1 + std::cos(M_PI * (r - rewarm) / (cycle - rewarm)));
        } else if (name == QLatin1String("exponential")) {
            lr = peak * std::pow(floor / peak, tau);
        } else if (name == QLatin1String("interpolated-cosine")) {
            // What a log gives: samples every 128 steps, linear in between.
            const auto at = [&](std::int64_t q) {
                const double u = static_cast<double>(q - warmup) / static_cast<double>(steps - warmup);
                return floor + 0.5 * (peak - floor) * (1 + std::cos(M_PI * u));
            };
            const std::int64_t a = warmup + (s - warmup) / 128 * 128;
            const double f = static_cast<double>(s - a) / 128.0;
            lr = at(a) * (1 - f) + at(a + 128) * f;
        }
        eta[static_cast<std::size_t>(s)] = lr;
    }
    return eta;
}

double predE(const LossLaw& law, const std::vector<double>& params, const QString& file) {
    auto runs = readRuns(file, {}, {});
    if (!runs) return std::nan("");
    const Run& run = runs->front();
    std::vector<double> predicted(run.lossSteps.size());
    law.prepare(run.schedule)->evaluate(params, run.lossSteps, predicted, nullptr);
    return computeFitMetrics(predicted, run.loss).predE;
}

}  // namespace

class LossLawTest : public QObject {
    Q_OBJECT

private slots:
    void momentumAreasByHand() {
        // lambda 0.5; S1 running sum; m_i = 0.5 m_(i-1) + (eta_(i-1) - eta_i); S2 running sum.
        const MomentumAreas areas = momentumAreas(schedule({1, 1, 0.5, 0.5, 0.25}, 0), 0.5);
        const std::vector<double> s1 = {1, 2, 2.5, 3, 3.25};
        const std::vector<double> s2 = {0, 0, 0.5, 0.75, 1.125};
        for (std::size_t i = 0; i < s1.size(); ++i) {
            QCOMPARE(areas.s1[i], s1[i]);
            QCOMPARE(areas.s2[i], s2[i]);
        }
    }

    void momentumWarmupCountsAtPeak() {
        // Warmup steps 0..1 count at eta_2 = 1: S1 = 1,2,3,4,4.5 and only the last drop counts.
        const MomentumAreas areas = momentumAreas(schedule({0.1, 0.2, 1, 1, 0.5}, 2), 0.999);
        const std::vector<double> s1 = {1, 2, 3, 4, 4.5};
        for (std::size_t i = 0; i < s1.size(); ++i) QCOMPARE(areas.s1[i], s1[i]);
        QCOMPARE(areas.s2[3], 0.0);
        QCOMPARE(areas.s2[4], 0.5);
    }

    void momentumValueAndJacobian() {
        const MomentumLaw law;
        const SampledSchedule lr = schedule(shape(QStringLiteral("cosine"), 5000), 100);
        const std::vector<double> params = {3.0, 0.5, 0.6, 0.4};
        const MomentumAreas areas = momentumAreas(lr, 0.999);
        std::vector<std::int64_t> steps = {100, 1000, 4999};
        std::vector<double> values(steps.size());
        law.prepare(lr)->evaluate(params, steps, values, nullptr);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const auto s = static_cast<std::size_t>(steps[i]);
            QCOMPARE(values[i], 3.0 + 0.5 * std::pow(areas.s1[s], -0.6) - 0.4 * areas.s2[s]);
        }
        checkJacobian(law, lr, params, steps, 1e-6);
    }

    // The CPT law's analytic gradient, before and after the transfer, on both domains.
    void cptJacobian() {
        SampledSchedule lr = schedule(std::vector<double>(3000, 3e-3), 100);
        for (std::size_t s = 0; s < 100; ++s) lr.lr[s] = 3e-3 * static_cast<double>(s + 1) / 100.0;
        for (std::size_t s = 1600; s < 2000; ++s) lr.lr[s] = 3e-3 * (1.0 - 0.9 * static_cast<double>(s - 1600) / 400.0);
        for (std::size_t s = 2000; s < 3000; ++s)
            lr.lr[s] = s < 2100 ? 1.5e-3 * static_cast<double>(s - 1999) / 100.0
                                : 1.5e-4 + 0.5 * 1.35e-3 * (1 + std::cos(M_PI * static_cast<double>(s - 2100) / 900.0));
        lr.transferStep = 1999;
        const std::vector<std::int64_t> steps = {150, 1999, 2000, 2050, 2500, 2999};
        checkJacobian(CptLaw(CptLaw::Domain::PretrainingData), lr, {2.4, 0.5, 0.5, 0.3, 0.3, 0.35, 30.0, 0.4},
                      steps, 1e-5);
        checkJacobian(CptLaw(CptLaw::Domain::NewData), lr, {2.2, 0.45, 0.65, 0.25, 0.35, -0.7, 300.0, 0.25},
                      steps, 1e-5);
    }

    void multiPowerByHand() {
        // eta = 0.5 (warmup), 1, 1, 0.6, 0.3 with W = 1: drops at k = 3 (0.4) and k = 4 (0.3).
        const MultiPowerLaw law;
        const double l0 = 2, a = 0.5, alpha = 0.4, b = 2, c = 1.5, beta = 0.6, gamma = 0.5;
        const auto g = [&](double x) { return 1 - std::pow(c * x + 1, -beta); };
        const double expected = l0 + a * std::pow(3.4, -alpha) -
                                b * (0.4 * g(std::pow(0.6, -gamma) * 0.9) +
                                     0.3 * g(std::pow(0.3, -gamma) * 0.3));
        double value = 0;
        const std::int64_t step = 4;
        law.prepare(schedule({0.5, 1, 1, 0.6, 0.3}, 1))
            ->evaluate(std::vector<double>{l0, a, alpha, b, c, beta, gamma}, {&step, 1}, {&value, 1},
                       nullptr);
        QVERIFY(std::abs(value - expected) < 1e-14);
    }

    void multiPowerConventions() {
        // The published code's convention adds the warmup's rises (negative drops) to the sum.
        const std::vector<double> eta = shape(QStringLiteral("cosine"), 3000);
        const std::vector<double> params = {3.0, 0.5, 0.5, 400, 2, 0.6, 0.6};
        const std::int64_t t = 2999;
        for (const auto convention :
             {MultiPowerLaw::Convention::Paper, MultiPowerLaw::Convention::PublishedCode}) {
            const MultiPowerLaw law(convention);
            const std::int64_t first = law.firstDropStep(schedule(eta, 60));
            QCOMPARE(first, convention == MultiPowerLaw::Convention::Paper ? 61 : 1);
            double area = 0;
            for (double lr : eta) area += lr;
            const double expected =
                3.0 + 0.5 * std::pow(area, -0.5) - 400 * naiveLossDrop(eta, first, t, 2, 0.6, 0.6);
            double value = 0;
            law.prepare(schedule(eta, 60))->evaluate(params, {&t, 1}, {&value, 1}, nullptr);
            QVERIFY2(std::abs(value - expected) < 1e-6 * std::abs(expected),
                     qPrintable(QStringLiteral("%1 vs %2").arg(value).arg(expected)));
        }
    }

    void multiPowerJacobian() {
        const MultiPowerLaw law;
        for (const QString& name : {QStringLiteral("cosine"), QStringLiteral("multistep")}) {
            const SampledSchedule lr = schedule(shape(name, 20000), 400);
            checkJacobian(law, lr, {3.0, 0.5, 0.5, 400, 2, 0.6, 0.6}, {500, 5000, 12000, 19999}, 1e-5);
            checkJacobian(law, lr, {3.1, 0.5, 0.5, 450, 2e-8, 0.34, 2.8}, {500, 12000, 19999}, 1e-5);
        }
    }

    void fastLossDropMatchesExact_data() {
        QTest::addColumn<QString>("shapeName");
        QTest::addColumn<qlonglong>("steps");
        // Derivatives (for fitting) are bounded on the lengths fits see; the 2M re-warmed
        // schedule's derivatives are printed, not bounded: their rises and drops cancel to
        // 4e-4 relative (the same before the tree was built in one pass: 3.9e-4).
        QTest::addColumn<bool>("boundDerivatives");
        QTest::newRow("cosine 1M") << QStringLiteral("cosine") << 1'000'000LL << true;
        QTest::newRow("interpolated cosine") << QStringLiteral("interpolated-cosine") << 200'000LL << true;
        QTest::newRow("linear to zero") << QStringLiteral("linear-to-zero") << 200'000LL << true;
        QTest::newRow("wsd 1-sqrt") << QStringLiteral("wsd-1-sqrt") << 200'000LL << true;
        QTest::newRow("multistep") << QStringLiteral("multistep") << 200'000LL << true;
        QTest::newRow("cyclic with re-warm") << QStringLiteral("cyclic-rewarm") << 200'000LL << true;
        QTest::newRow("exponential") << QStringLiteral("exponential") << 200'000LL << true;
        // Over 2^20 steps the tree takes leaves of 128 changed steps, walked from the LR when
        // opened (dense) or listed (sparse: multistep); re-warms add a tree of rises.
        QTest::newRow("cosine 2M") << QStringLiteral("cosine") << 2'000'000LL << true;
        QTest::newRow("multistep 2M") << QStringLiteral("multistep") << 2'000'000LL << true;
        QTest::newRow("cyclic with re-warm 2M") << QStringLiteral("cyclic-rewarm") << 2'000'000LL << false;
    }

    // The LR area is kept at every 64th step and summed on from there: bit for bit the plain
    // running sum P(i+1) = P(i) + eta_i, at every step, for a short and a long schedule.
    void lossDropAreaIsTheRunningSum() {
        for (const qlonglong steps : {1000LL, 2'000'000LL}) {
            const std::vector<double> eta = shape(QStringLiteral("cyclic-rewarm"), steps);
            const LossDropSum sum(eta, 1);
            double running = 0.0;
            for (std::size_t i = 0; i <= eta.size(); ++i) {
                if (sum.area(static_cast<std::int64_t>(i)) != running)
                    QFAIL(qPrintable(QStringLiteral("P(%1) differs").arg(i)));
                if (i < eta.size()) running = running + eta[i];
            }
        }
    }

    // The documented bound: relative error of the loss-drop sum at most 1e-5 (value) against
    // the exact O(t) sum, for the paper's parameters and for an extreme fitted set.
    void fastLossDropMatchesExact() {
        QFETCH(QString, shapeName);
        QFETCH(qlonglong, steps);
        QFETCH(bool, boundDerivatives);
        const std::vector<double> eta = shape(shapeName, steps);
        const std::int64_t warmup = steps / 50;
        const LossDropSum sum(eta, warmup + 1);
        const LossDropSum::Parameters parameterSets[] = {{2.07, 0.58, 0.64}, {2e-8, 0.34, 2.8}};
        double worst = 0.0, worstDerivative = 0.0;
        for (const auto& p : parameterSets) {
            for (int i = 1; i <= 12; ++i) {
                const std::int64_t t = warmup + (steps - 1 - warmup) * i / 12;
                const auto fast = sum.evaluate(t, p, true);
                const auto exact = sum.evaluateExact(t, p, true);
                // Rises and drops cancel in a re-warmed schedule: scale by the sum of |terms|.
                const double scale = std::max(std::abs(exact.value), 1e-300);
                worst = std::max(worst, std::abs(fast.value - exact.value) / scale);
                for (auto [f, e] : {std::pair{fast.dC, exact.dC}, std::pair{fast.dBeta, exact.dBeta},
                                    std::pair{fast.dGamma, exact.dGamma}})
                    worstDerivative = std::max(
                        worstDerivative, std::abs(f - e) / std::max(std::abs(e), 1e-12 * std::abs(exact.value)));
            }
        }
        qInfo("%s: worst relative error %.3g (value), %.3g (derivatives)", qPrintable(shapeName),
              worst, worstDerivative);
        QVERIFY2(worst <= 1e-5, qPrintable(QString::number(worst)));
        if (boundDerivatives)
            QVERIFY2(worstDerivative <= 1e-4, qPrintable(QString::number(worstDerivative)));
    }

    // A block-sampled schedule (for drawing) predicts nearly what the per-step one does.
    void blockSampledPredictionIsClose() {
        const std::int64_t steps = 1'000'000, stride = 32, warmup = steps / 50;
        const std::vector<double> eta = shape(QStringLiteral("wsd-1-sqrt"), steps);
        SampledSchedule blocks;
        blocks.stride = stride;
        blocks.warmupSteps = warmup;
        for (std::int64_t b = 0; b * stride < steps; ++b) {
            double sum = 0;
            for (std::int64_t s = b * stride; s < (b + 1) * stride; ++s) sum += eta[static_cast<std::size_t>(s)];
            blocks.lr.push_back(sum / stride);
        }
        QCOMPARE(blocks.steps(), steps);
        std::vector<std::int64_t> points;
        for (int i = 1; i <= 200; ++i) points.push_back(warmup + (steps - warmup) * i / 200 - 1);
        const std::vector<std::vector<double>> params = {{3.0, 0.5, 0.6, 0.4},
                                                         {3.0, 0.5, 0.5, 400, 2, 0.6, 0.6}};
        const MomentumLaw momentum;
        const MultiPowerLaw multiPower;
        const LossLaw* laws[] = {&momentum, &multiPower};
        for (int l = 0; l < 2; ++l) {
            std::vector<double> exact(points.size()), coarse(points.size());
            laws[l]->prepare(schedule(eta, warmup))->evaluate(params[l], points, exact, nullptr);
            laws[l]->prepare(blocks)->evaluate(params[l], points, coarse, nullptr);
            double worst = 0;
            for (std::size_t i = 0; i < points.size(); ++i)
                worst = std::max(worst, std::abs(coarse[i] - exact[i]) / exact[i]);
            qInfo("%s: worst relative difference, stride 32 vs exact: %.3g",
                  qPrintable(laws[l]->id()), worst);
            QVERIFY2(worst < 2e-4, qPrintable(QString::number(worst)));
        }
    }

    // shared/tools/loss_law_reference.py predict multipower-published (the published 25M
    // parameters) printed PredE 0.00224 on cosine_72000 and 0.00114 on wsdcon_3; momentum with
    // its fit-momentum parameters 3.24676,0.542586,0.391847,0.82578 printed 0.00465 on
    // constant_72000. Our implementation must give the same figures.
    void matchesReferenceImplementation() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const QString dir =
            sharedDataPath(QStringLiteral("multipower")) + QStringLiteral("/csv_25/");
        const MultiPowerLaw published(MultiPowerLaw::Convention::PublishedCode);
        const std::vector<double> p = {3.04045406, 0.52468604, 0.50786857, 363.78751622,
                                       2.06560812, 0.58279013, 0.64142257};
        QVERIFY(std::abs(predE(published, p, dir + "cosine_72000.csv") - 0.00224) < 5e-6);
        QVERIFY(std::abs(predE(published, p, dir + "wsdcon_3.csv") - 0.00114) < 5e-6);
        const MomentumLaw momentum;
        QVERIFY(std::abs(predE(momentum, {3.24676, 0.542586, 0.82578, 0.391847},
                               dir + "constant_72000.csv") - 0.00465) < 5e-6);
    }
};

QTEST_GUILESS_MAIN(LossLawTest)
#include "tst_loss_laws.moc"
