// The CPT planner on known laws: final losses of a CPT chain are the laws' values at its last
// step, the turning length is where the weighted loss is back at its transfer value, the loss
// potential of a WSD checkpoint, and the best re-warm peak falls as the weight on the old data
// grows (the paper's finding, from the law's shape).
#include "law/CptLaw.h"
#include "optimize/CptPlanner.h"
#include "schedule/ScheduleJson.h"

#include <QTest>

using namespace annealer;

namespace {

CptLaws knownLaws() {
    return {std::make_shared<CptLaw>(CptLaw::Domain::PretrainingData),
            {2.4, 0.5, 0.5, 0.3, 0.3, 0.35, 30.0, 0.4},
            std::make_shared<CptLaw>(CptLaw::Domain::NewData),
            {2.2, 0.45, 0.65, 0.25, 0.35, -0.7, 300.0, 0.25}};
}

Schedule pretraining() {
    auto s = scheduleFromKeyValues(QStringLiteral("wsd"), {"steps=3000", "peak=3e-3", "warmup=100",
                                                           "decay=0.2", "floor=3e-4"});
    if (!s) qFatal("%s", qPrintable(s.error()));
    return *s;
}

Schedule chain(double peak, std::int64_t steps) {
    CptPhase phase;
    phase.rewarmSteps = 100;
    phase.peak = peak;
    phase.steps = steps;
    phase.floor = 0.1 * peak;
    auto c = cptChain(pretraining(), phase);
    if (!c) qFatal("%s", qPrintable(c.error()));
    return *c;
}

}  // namespace

class TestCptPlanner : public QObject {
    Q_OBJECT

private slots:
    void finalLossesAreTheLawsValues() {
        const CptLaws laws = knownLaws();
        const Schedule c = chain(1.5e-3, 2000);
        QCOMPARE(cptTransferStep(c).value(), std::int64_t{2999});
        SampledSchedule sampled = c.sample();
        sampled.transferStep = 2999;
        const std::int64_t last = 4999;
        double pt = 0, cpt = 0;
        laws.ptLaw->prepare(sampled)->evaluate(laws.ptParameters, {&last, 1}, {&pt, 1}, nullptr);
        laws.cptLaw->prepare(sampled)->evaluate(laws.cptParameters, {&last, 1}, {&cpt, 1}, nullptr);
        const CptOutcome outcome = predictCptFinal(laws, c);
        QCOMPARE(outcome.lossPt, pt);
        QCOMPARE(outcome.lossCpt, cpt);
        QCOMPARE(outcome.weighted(0.25), 0.25 * pt + 0.75 * cpt);
    }

    // The weighted loss at transfer + turning length is at or below its transfer value, one step
    // earlier it is above.
    void turningLength() {
        const CptLaws laws = knownLaws();
        const Schedule c = chain(3e-3, 2000);
        SampledSchedule sampled = c.sample();
        sampled.transferStep = 2999;
        const auto weighted = [&](std::int64_t step, double w) {
            std::vector<double> pt, cpt;
            predictCptCurves(laws, sampled, std::span<const std::int64_t>(&step, 1), pt, cpt);
            return w * pt[0] + (1 - w) * cpt[0];
        };
        const double w = 0.8;
        const auto length = annealer::turningLength(laws, c, w);
        QVERIFY(length.has_value());
        QVERIFY(*length > 1);
        QVERIFY(weighted(2999 + *length, w) <= weighted(2999, w));
        QVERIFY(weighted(2999 + *length - 1, w) > weighted(2999, w));
        // All the weight on the old data, and a CPT that ends at its re-warmed peak: its loss is
        // still above the transfer value at the end.
        CptPhase hot;
        hot.rewarmSteps = 100;
        hot.peak = 3e-3;
        hot.steps = 300;
        hot.floor = 3e-3;
        QVERIFY(!annealer::turningLength(laws, *cptChain(pretraining(), hot), 1.0).has_value());
    }

    void lossPotentialOfWsdCheckpoints() {
        const Schedule pt = pretraining();
        QCOMPARE(lossPotential(pt, 2000), 1.0);      // before the decay
        QCOMPARE(lossPotential(pt, 2999), pt.lrAt(2999) / 3e-3);
        QVERIFY(lossPotential(pt, 2999) < 0.2);
    }

    void bestPeakFallsAsTheOldDataWeighsMore() {
        CptSearch search;
        search.lengths = {2000};
        search.rewarmSteps = 100;
        auto candidates = evaluateCptCandidates(knownLaws(), pretraining(), search);
        QVERIFY2(candidates, candidates ? "" : qPrintable(candidates.error()));
        QCOMPARE(candidates->size(), std::size_t{60});
        double previous = 1e9;
        for (double w = 0.0; w <= 1.0001; w += 0.1) {
            const double peak = bestCptCandidate(*candidates, w).phase.peak;
            QVERIFY2(peak <= previous, qPrintable(QStringLiteral("w %1: best peak %2 above %3").arg(w).arg(peak).arg(previous)));
            previous = peak;
        }
        QVERIFY(bestCptCandidate(*candidates, 0.0).phase.peak > bestCptCandidate(*candidates, 1.0).phase.peak);
        const auto cancelled = evaluateCptCandidates(knownLaws(), pretraining(), search, [] { return true; });
        QVERIFY(!cancelled);
    }
};

QTEST_GUILESS_MAIN(TestCptPlanner)
#include "tst_cpt_planner.moc"
