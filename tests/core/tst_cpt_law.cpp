// The continual pre-training law: its areas by hand on tiny schedules (PT warmup at the peak,
// the re-warmup as it is, the momentum carried over the transfer), its reduction to the momentum
// law without a transfer, and a fit on synthetic PT + CPT curves that recovers known parameters.
#include "fit/Fitter.h"
#include "law/CptLaw.h"
#include "law/MomentumLaw.h"

#include <QTest>

#include <cmath>

using namespace annealer;

namespace {

SampledSchedule schedule(std::vector<double> lr, std::int64_t warmup, std::int64_t transfer) {
    SampledSchedule s;
    s.lr = std::move(lr);
    s.warmupSteps = warmup;
    s.transferStep = transfer;
    return s;
}

void compareAreas(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        if (std::abs(got[i] - want[i]) > 1e-12)
            QFAIL(qPrintable(QStringLiteral("%1 at step %2: %3, by hand %4")
                                 .arg(QLatin1String(what)).arg(i).arg(got[i]).arg(want[i])));
}

// Pre-training: warmup to 3e-3 over `warmup` steps, constant, then a linear decay over the last
// 20% to 10% of the peak. CPT (steps after `pt`): a linear re-warmup to `peak` over `rewarm`
// steps, then cosine to `floor` (rewarm 0 and peak < 0: a linear decay from the last PT LR to 0).
SampledSchedule ptThenCpt(std::int64_t pt, std::int64_t cpt, double peak, std::int64_t rewarm,
                          double floor) {
    const double ptPeak = 3e-3;
    const std::int64_t warmup = 100;
    SampledSchedule s;
    s.warmupSteps = warmup;
    s.transferStep = cpt > 0 ? pt - 1 : -1;
    for (std::int64_t t = 0; t < pt; ++t) {
        const double tau = static_cast<double>(t) / static_cast<double>(pt);
        double lr = ptPeak;
        if (t < warmup) lr = ptPeak * static_cast<double>(t + 1) / static_cast<double>(warmup);
        else if (tau > 0.8) lr = ptPeak * (1.0 - 0.9 * (tau - 0.8) / 0.2);
        s.lr.push_back(lr);
    }
    const double last = s.lr.back();
    for (std::int64_t k = 1; k <= cpt; ++k) {
        const double f = static_cast<double>(k) / static_cast<double>(cpt);
        if (peak < 0) { s.lr.push_back(last * (1.0 - f)); continue; }
        if (k <= rewarm) { s.lr.push_back(peak * static_cast<double>(k) / static_cast<double>(rewarm)); continue; }
        const double g = static_cast<double>(k - rewarm) / static_cast<double>(cpt - rewarm);
        s.lr.push_back(floor + 0.5 * (peak - floor) * (1 + std::cos(M_PI * g)));
    }
    return s;
}

Run syntheticRun(const LossLaw& law, const std::vector<double>& truth, const QString& name,
                 SampledSchedule lr) {
    Run run;
    run.name = name;
    run.schedule = std::move(lr);
    for (std::int64_t s = 100; s < run.schedule.steps(); s += 20) run.lossSteps.push_back(s);
    run.loss.resize(run.lossSteps.size());
    law.prepare(run.schedule)->evaluate(truth, run.lossSteps, run.loss, nullptr);
    return run;
}

}  // namespace

class TestCptLaw : public QObject {
    Q_OBJECT

private slots:
    // lambda 0.5, LR 1, 1, .5, .5 | 1, .5 with the transfer after step 3:
    // m = 0, 0, .5, .25 | .125 - .5 = -.375, -.1875 + .5 = .3125 (momentum carried over: a
    // reset would give -.5 at step 4); S1 = 1, 2, 2.5, 3 | 4, 4.5; S2 = 0, 0, .5, .75 | .375, .6875.
    void areasByHand() {
        const CptAreas a = cptAreas(schedule({1, 1, .5, .5, 1, .5}, 0, 3), 0.5);
        compareAreas(a.s1Pt, {1, 2, 2.5, 3, 3, 3}, "S1_pt");
        compareAreas(a.s2Pt, {0, 0, .5, .75, .75, .75}, "S2_pt");
        compareAreas(a.s1Cpt, {0, 0, 0, 0, 1, 1.5}, "S1_cpt");
        compareAreas(a.s2Cpt, {0, 0, 0, 0, -.375, -.0625}, "S2_cpt");
    }

    // The PT warmup (step 0 at .5) counts at the peak; the CPT re-warmup .25 -> .5 counts as it
    // is. lambda .5, effective LR 1, 1, 1 | .25, .5: m = 0, 0, 0 | .75, .375 - .25 = .125.
    void warmupConventionsByHand() {
        const CptAreas a = cptAreas(schedule({.5, 1, 1, .25, .5}, 1, 2), 0.5);
        compareAreas(a.s1Pt, {1, 2, 3, 3, 3}, "S1_pt");
        compareAreas(a.s2Pt, {0, 0, 0, 0, 0}, "S2_pt");
        compareAreas(a.s1Cpt, {0, 0, 0, .25, .75}, "S1_cpt");
        compareAreas(a.s2Cpt, {0, 0, 0, .75, .875}, "S2_cpt");
    }

    // With no transfer, and before the transfer, the CPT law is the momentum law with C = C1,
    // whatever C2, B, E and beta are.
    void reducesToMomentumLaw() {
        const std::vector<double> cpt = {2.5, 0.6, 0.45, 0.3, 0.7, 0.4, 25.0, 0.3};
        const std::vector<double> momentum = {2.5, 0.6, 0.45, 0.3};
        for (const bool transfer : {false, true}) {
            SampledSchedule lr = ptThenCpt(2000, 1000, 3e-3, 100, 3e-4);
            if (!transfer) lr.transferStep = -1;
            std::vector<std::int64_t> steps;
            for (std::int64_t s = 0; s <= (transfer ? lr.transferStep : lr.steps() - 1); s += 7)
                steps.push_back(s);
            std::vector<double> a(steps.size()), b(steps.size());
            CptLaw(CptLaw::Domain::PretrainingData).prepare(lr)->evaluate(cpt, steps, a, nullptr);
            MomentumLaw().prepare(lr)->evaluate(momentum, steps, b, nullptr);
            for (std::size_t i = 0; i < steps.size(); ++i)
                QVERIFY2(std::abs(a[i] - b[i]) <= 1e-12 * std::abs(b[i]),
                         qPrintable(QStringLiteral("step %1: %2 vs %3").arg(steps[i]).arg(a[i]).arg(b[i])));
        }
        // After the transfer the shift term is there: the curves part.
        SampledSchedule lr = ptThenCpt(2000, 1000, 3e-3, 100, 3e-4);
        const std::vector<std::int64_t> after = {2500};
        double a = 0, b = 0;
        CptLaw(CptLaw::Domain::PretrainingData).prepare(lr)->evaluate(cpt, after, {&a, 1}, nullptr);
        MomentumLaw().prepare(lr)->evaluate(momentum, after, {&b, 1}, nullptr);
        QVERIFY(std::abs(a - b) > 1e-3);
    }

    void domainsBoundB() {
        const CptLaw pt(CptLaw::Domain::PretrainingData), cpt(CptLaw::Domain::NewData);
        QCOMPARE(pt.id(), QStringLiteral("cpt-pt"));
        QCOMPARE(cpt.id(), QStringLiteral("cpt-cpt"));
        QCOMPARE(pt.parameters()[CptLaw::kB].lower, 0.0);
        QCOMPARE(cpt.parameters()[CptLaw::kB].upper, 0.0);
        QVERIFY(!pt.checkParameters(std::vector<double>{3, .5, .5, .3, .3, -.1, 10, .3}));
        QVERIFY(!cpt.checkParameters(std::vector<double>{3, .5, .5, .3, .3, .1, 10, .3}));
        QVERIFY(makeLaw(QStringLiteral("cpt-cpt")));
    }

    // Noise-free curves of a PT run and two CPT runs (re-warm to the PT peak then cosine, and to
    // half of it) from known parameters, fitted jointly: the parameters come back.
    void syntheticRecovery_data() {
        QTest::addColumn<bool>("onPt");
        QTest::newRow("pt") << true;
        QTest::newRow("cpt") << false;
    }
    void syntheticRecovery() {
        QFETCH(bool, onPt);
        const CptLaw law(onPt ? CptLaw::Domain::PretrainingData : CptLaw::Domain::NewData);
        const std::vector<double> truth =
            onPt ? std::vector<double>{2.4, 0.5, 0.5, 0.3, 0.3, 0.35, 30.0, 0.4}
                 : std::vector<double>{2.2, 0.45, 0.65, 0.25, 0.35, -0.7, 300.0, 0.25};
        const std::vector<Run> runs = {
            syntheticRun(law, truth, QStringLiteral("pt"), ptThenCpt(3000, 0, 0, 0, 0)),
            syntheticRun(law, truth, QStringLiteral("rewarm100"), ptThenCpt(3000, 1500, 3e-3, 100, 3e-4)),
            syntheticRun(law, truth, QStringLiteral("rewarm50"), ptThenCpt(3000, 1500, 1.5e-3, 100, 1.5e-4)),
        };
        auto fit = Fitter().fit(law, runs, FitOptions{});
        QVERIFY2(fit, fit ? "" : qPrintable(fit.error()));
        QVERIFY2(fit->converged, qPrintable(fit->solverMessage));
        for (std::size_t j = 0; j < truth.size(); ++j)
            QVERIFY2(std::abs(fit->parameters[j] - truth[j]) <= 1e-3 * std::abs(truth[j]),
                     qPrintable(QStringLiteral("%1: fitted %2, truth %3")
                                    .arg(law.parameters()[j].name)
                                    .arg(fit->parameters[j])
                                    .arg(truth[j])));
    }
};

QTEST_GUILESS_MAIN(TestCptLaw)
#include "tst_cpt_law.moc"
