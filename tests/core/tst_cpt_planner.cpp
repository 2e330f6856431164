// The CPT planner on known laws: final losses of a CPT chain are the laws' values at its last
// step, the turning length is where the weighted loss is back at its transfer value, the loss
// potential of a WSD checkpoint, and the best re-warm peak falls as the weight on the old data
// grows (the paper's finding, from the law's shape).
#include "law/CptLaw.h"
#include "optimize/CptPlanner.h"
#include "schedule/CptSchedule.h"
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

        // bestPeakByWeight reads the same candidates at evenly spaced weights.
        const auto curve = bestPeakByWeight(*candidates, 11);
        QCOMPARE(curve.size(), std::size_t{11});
        for (const WeightedPeak& point : curve)
            QCOMPARE(point.peak, bestCptCandidate(*candidates, point.weight).phase.peak);
        QVERIFY(bestPeakByWeight(*candidates, 1).empty());
    }

    // WSD decay fractions are searched for the WSD shape alone.
    void decayFractionsMultiplyWsdCandidatesOnly() {
        CptSearch search;
        search.lengths = {1000};
        search.peakFractions = {0.1, 0.5};
        search.decayFractions = {0.1, 0.3, 0.5};
        auto candidates = evaluateCptCandidates(knownLaws(), pretraining(), search);
        QVERIFY(candidates);
        QCOMPARE(candidates->size(), std::size_t{2 + 2 + 2 * 3});
        int wsd = 0;
        for (const CptCandidate& candidate : *candidates)
            if (candidate.phase.shape == QLatin1String("wsd")) {
                ++wsd;
                QVERIFY(candidate.phase.decayFraction == 0.1 ||
                        candidate.phase.decayFraction == 0.3 ||
                        candidate.phase.decayFraction == 0.5);
            }
        QCOMPARE(wsd, 6);
    }

    // A schedule cut at a checkpoint keeps its LR step for step, its warmup, and its last step
    // is the transfer step of the chain made from it.
    void pretrainingUntilKeepsTheLr() {
        const Schedule pt = pretraining();
        QCOMPARE(scheduleToJson(*pretrainingUntil(pt, 2999)), scheduleToJson(pt));  // the whole run
        auto cut = pretrainingUntil(pt, 2500);
        QVERIFY2(cut, cut ? "" : qPrintable(cut.error()));
        QCOMPARE(cut->totalSteps(), std::int64_t{2501});
        QCOMPARE(cut->totalWarmupSteps(), pt.totalWarmupSteps());
        const SampledSchedule whole = pt.sample(), part = cut->sample();
        for (std::int64_t s = 0; s <= 2500; ++s)
            QVERIFY2(std::abs(part.lr[static_cast<std::size_t>(s)] -
                              whole.lr[static_cast<std::size_t>(s)]) <= 1e-15,
                     qPrintable(QStringLiteral("step %1").arg(s)));
        CptPhase phase;
        phase.peak = 1e-3;
        phase.steps = 100;
        QCOMPARE(cptTransferStep(*cptChain(*cut, phase)), std::optional<std::int64_t>(2500));
        QVERIFY(!pretrainingUntil(pt, 3000));
        QVERIFY(!pretrainingUntil(pt, 0));
        QVERIFY(!pretrainingFromLr(std::vector<double>{1e-3}, 0, {}));
        QVERIFY(!pretrainingFromLr(std::vector<double>{1e-3, 1e-3}, 2, {}));
    }

    // The what-if from other checkpoints: each row is the chain branched there, predicted.
    void checkpointOutcomesAreTheChainsBranchedThere() {
        const Schedule pt = pretraining();
        CptPhase phase;
        phase.rewarmSteps = 100;
        phase.peak = 1.5e-3;
        phase.steps = 1000;
        phase.floor = 1.5e-4;
        const std::vector<std::int64_t> checkpoints = {2300, 2600, 2999};
        auto outcomes = checkpointOutcomes(knownLaws(), pt, phase, checkpoints);
        QVERIFY2(outcomes, outcomes ? "" : qPrintable(outcomes.error()));
        QCOMPARE(outcomes->size(), std::size_t{3});
        for (const CheckpointOutcome& row : *outcomes) {
            const CptOutcome expected = predictCptFinal(
                knownLaws(), *cptChain(*pretrainingUntil(pt, row.checkpoint), phase));
            QCOMPARE(row.outcome.lossPt, expected.lossPt);
            QCOMPARE(row.outcome.lossCpt, expected.lossCpt);
            QCOMPARE(row.potential, lossPotential(pt, row.checkpoint));
        }
        QCOMPARE(outcomes->front().potential, 1.0);  // before the decay (steps 2400..2999)
        QVERIFY(outcomes->back().potential < 0.2);
        QVERIFY(!checkpointOutcomes(knownLaws(), pt, phase, std::vector<std::int64_t>{5000}));
    }
};

QTEST_GUILESS_MAIN(TestCptPlanner)
#include "tst_cpt_planner.moc"
