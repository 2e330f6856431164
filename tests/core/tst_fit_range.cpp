// The range a fit saw and where a schedule leaves it (fit/FitRange), the doubts that keep a fit
// from predicting without asking (fit/FitDoubts), unique run names (run/RunNames) and short
// numbers for people (NumberText roundedText).
#include "NumberText.h"
#include "fit/FitDoubts.h"
#include "fit/FitRange.h"
#include "law/LossLaw.h"
#include "run/RunNames.h"

#include <QtTest>

using namespace annealer;

namespace {

Schedule cosine(std::int64_t steps, double peak, std::int64_t warmup) {
    Schedule schedule;
    schedule.family = ScheduleFamily::Cosine;
    schedule.steps = steps;
    schedule.peak = peak;
    schedule.warmupSteps = warmup;
    schedule.floor = peak / 10.0;
    return schedule;
}

FitRange rangeOfCosines(std::initializer_list<std::pair<std::int64_t, double>> runs) {
    std::vector<SampledSchedule> sampled;
    for (const auto& [steps, peak] : runs)
        sampled.push_back(cosine(steps, peak, steps / 10).sample());
    std::vector<const SampledSchedule*> pointers;
    for (const SampledSchedule& run : sampled) pointers.push_back(&run);
    return fitRangeOf(pointers);
}

Schedule withFloor(Schedule schedule, double floorRatio) {
    schedule.floor = schedule.peak * floorRatio;
    return schedule;
}

Schedule ofFamily(ScheduleFamily family, std::int64_t steps, double peak, std::int64_t warmup) {
    Schedule schedule = cosine(steps, peak, warmup);
    schedule.family = family;
    return schedule;
}

// Schedules of many shapes (decays to 10% and to 0, step drops, cycles, a re-warmed chain,
// one-cycle), for properties that must hold for every shape.
std::vector<Schedule> schedulesOfEveryShape() {
    std::vector<Schedule> all;
    all.push_back(cosine(24000, 3e-4, 2400));
    all.push_back(withFloor(cosine(12000, 3e-4, 600), 0.0));
    all.push_back(ofFamily(ScheduleFamily::Constant, 10000, 1e-3, 500));
    Schedule wsd = withFloor(ofFamily(ScheduleFamily::Wsd, 20000, 3e-4, 1000), 0.0);
    wsd.decayFraction = 0.2;
    all.push_back(wsd);
    all.push_back(withFloor(ofFamily(ScheduleFamily::Linear, 8000, 2e-3, 800), 0.0));
    Schedule step = ofFamily(ScheduleFamily::Step, 9000, 3e-4, 0);
    step.stepSize = 3000;
    all.push_back(step);
    Schedule cyclic = withFloor(ofFamily(ScheduleFamily::Cyclic, 16000, 3e-4, 400), 0.05);
    cyclic.cycleSteps = 4000;
    cyclic.rewarmSteps = 200;
    all.push_back(cyclic);
    Schedule chain;
    chain.family = ScheduleFamily::Chain;
    // (A re-warm of 487 steps: 500 would put a step at exactly 5% of the peak, where rounding
    // decides a comparison with a threshold of 5%, differently at different scales.)
    chain.phases = {cosine(10000, 3e-4, 1000), withFloor(cosine(5000, 1.5e-4, 487), 0.2)};
    all.push_back(chain);
    Schedule oneCycle = ofFamily(ScheduleFamily::OneCycle, 10000, 1e-3, 0);
    all.push_back(oneCycle);
    for (const Schedule& schedule : all) {
        const Status valid = schedule.validate();
        if (!valid) qFatal("%s", qPrintable(valid.error()));
    }
    return all;
}

// The range of runs given as per-step LRs.
FitRange rangeOfLrs(const std::vector<std::vector<double>>& runs) {
    std::vector<SampledSchedule> sampled(runs.size());
    std::vector<const SampledSchedule*> pointers;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        sampled[i].lr = runs[i];
        pointers.push_back(&sampled[i]);
    }
    return fitRangeOf(pointers);
}

RangeExit exitOfLrs(const FitRange& range, const std::vector<double>& lr) {
    return rangeExit(range, lr, 1, static_cast<std::int64_t>(lr.size()));
}

std::vector<double> scaled(std::vector<double> lr, double factor) {
    for (double& value : lr) value *= factor;
    return lr;
}

// Linear warmup to 1 over `warmup` steps, cosine to `floor` by `steps`.
std::vector<double> warmupCosine(std::int64_t steps, std::int64_t warmup, double floor) {
    std::vector<double> lr(static_cast<std::size_t>(steps));
    for (std::int64_t s = 0; s < steps; ++s) {
        const double tau = static_cast<double>(s - warmup) / static_cast<double>(steps - warmup);
        lr[static_cast<std::size_t>(s)] =
            s < warmup ? static_cast<double>(s + 1) / static_cast<double>(warmup)
                       : floor + (1.0 - floor) * 0.5 * (1.0 + std::cos(M_PI * tau));
    }
    return lr;
}

// The same with the LR raised by `rise` (of the peak) from step `from` on: a re-warm.
std::vector<double> rewarmedAt(std::vector<double> lr, std::size_t from, double rise) {
    for (std::size_t s = from; s < lr.size(); ++s) lr[s] += rise;
    return lr;
}

FitResult fitWith(std::vector<double> values, std::vector<double> errors) {
    FitResult fit;
    fit.converged = true;
    fit.parameters = std::move(values);
    fit.standardErrors = std::move(errors);
    for (std::size_t i = 0; i < fit.parameters.size(); ++i)
        fit.parameterNames.push_back(QStringLiteral("p%1").arg(i));
    return fit;
}

}  // namespace

class FitRangeTest : public QObject {
    Q_OBJECT
private slots:
    void rangeIsTheLargestPeakAndTheLongestRun() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}, {12000, 2e-4}});
        QCOMPARE(range.peakLr, 3e-4);
        QCOMPARE(range.longestSteps, std::int64_t{24000});
        QCOMPARE(range.lengthLimit(), std::int64_t{48000});
        QVERIFY(!FitRange{}.isKnown());
    }

    void scheduleInsideTheRange() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}});
        // The same peak, twice the length: still inside.
        const RangeExit exit = rangeExit(range, cosine(48000, 3e-4, 2400));
        QVERIFY(exit.isInside());
        QVERIFY(!exit.firstStepOutside());
        QVERIFY(exit.description(range).isEmpty());
        QVERIFY(std::abs(exit.peakLr - 3e-4) < 3e-4 * 1e-3);
    }

    void peakAboveTheFittedRunsIsFoundWhereItStarts() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}});
        const Schedule schedule = cosine(24000, 6e-4, 2000);
        const RangeExit exit = rangeExit(range, schedule, 24000);  // every step
        QVERIFY(exit.aboveFittedPeakFrom.has_value());
        QVERIFY(!exit.beyondFittedLengthFrom);
        // The warmup is linear from 0: the LR passes 3e-4 * 1.01 a little after step 1000.
        const std::int64_t first = *exit.aboveFittedPeakFrom;
        QVERIFY(schedule.lrAt(first) > range.peakLimit());
        QVERIFY(schedule.lrAt(first - 1) <= range.peakLimit());
        QCOMPARE(exit.firstStepOutside(), exit.aboveFittedPeakFrom);
        const QString text = exit.description(range);
        QVERIFY2(text.contains(QStringLiteral("peak LR 6e-4 above the fitted runs' 3e-4")),
                 qPrintable(text));
        // Read in blocks, the step is found to within a block.
        const RangeExit coarse = rangeExit(range, schedule, 100);
        QVERIFY(coarse.aboveFittedPeakFrom.has_value());
        QVERIFY(std::abs(*coarse.aboveFittedPeakFrom - first) <= 240);
    }

    void aPeakWithinRoundingIsInside() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}});
        QVERIFY(rangeExit(range, cosine(24000, 3e-4 * 1.005, 2000)).isInside());
        QVERIFY(!rangeExit(range, cosine(24000, 3e-4 * 1.02, 2000)).isInside());
    }

    void longerThanTwiceTheLongestRunIsBeyond() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}, {10000, 3e-4}});
        const RangeExit exit = rangeExit(range, cosine(60000, 3e-4, 2000));
        QCOMPARE(exit.beyondFittedLengthFrom, std::optional<std::int64_t>(48000));
        QVERIFY(!exit.aboveFittedPeakFrom);
        const QString text = exit.description(range);
        QVERIFY2(text.contains(QStringLiteral("60,000 steps, more than 2x the longest fitted run "
                                              "(24,000)")),
                 qPrintable(text));
        QVERIFY(rangeExit(range, cosine(48000, 3e-4, 2000)).isInside());
    }

    void anUnknownRangeHasNothingOutside() {
        QVERIFY(rangeExit(FitRange{}, cosine(1'000'000, 1.0, 10)).isInside());
    }

    void aScheduleLikeAFittedRunIsNeverOutside() {
        // Per step, and in blocks of means (the designer's previews): block means can only make a
        // schedule look less extreme than the run it equals.
        for (const Schedule& schedule : schedulesOfEveryShape()) {
            const SampledSchedule run = schedule.sample();
            const FitRange range = fitRangeOf({&run});
            for (std::int64_t blocks : {schedule.totalSteps(), std::int64_t{4096}, std::int64_t{50}}) {
                const RangeExit exit = rangeExit(range, schedule, blocks);
                QVERIFY2(exit.isInside(), qPrintable(QStringLiteral("%1 in %2 blocks: %3")
                                                         .arg(schedule.totalSteps())
                                                         .arg(blocks)
                                                         .arg(exit.description(range))));
            }
        }
    }

    void scalingTheLrNeverChangesTheShapeFlags() {
        std::vector<std::vector<double>> shapes;
        for (const Schedule& schedule : schedulesOfEveryShape())
            shapes.push_back(schedule.sample().lr);
        shapes.push_back(rewarmedAt(warmupCosine(3000, 300, 0.1), 2000, 0.3));
        for (const std::vector<double>& fitted : shapes) {
            for (const std::vector<double>& lr : shapes) {
                const RangeExit plain = exitOfLrs(rangeOfLrs({fitted}), lr);
                for (double runFactor : {1.0, 7.0})
                    for (double factor : {0.01, 0.3, 3.0}) {
                        const RangeExit other =
                            exitOfLrs(rangeOfLrs({scaled(fitted, runFactor)}), scaled(lr, factor));
                        QCOMPARE(other.annealsDeeperFrom, plain.annealsDeeperFrom);
                        QCOMPARE(other.rewarmsFrom, plain.rewarmsFrom);
                        QCOMPARE(other.longerWarmupFrom, plain.longerWarmupFrom);
                    }
            }
        }
    }

    void annealingDeeperThanTheFittedRunsIsOutside() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}, {12000, 3e-4}});  // to 10%
        QVERIFY(std::abs(range.lowestAnnealedTo - 0.1) < 1e-6);
        const Schedule toZero = withFloor(cosine(24000, 3e-4, 2400), 0.0);
        const RangeExit exit = rangeExit(range, toZero, 24000);
        QVERIFY(exit.annealsDeeperFrom.has_value());
        QVERIFY(!exit.aboveFittedPeakFrom && !exit.beyondFittedLengthFrom && !exit.rewarmsFrom);
        // From the first step below 5% of the peak (10% less the margin).
        const std::int64_t from = *exit.annealsDeeperFrom;
        QVERIFY(toZero.lrAt(from) < 0.05 * 3e-4);
        QVERIFY(toZero.lrAt(from - 1) >= 0.05 * 3e-4);
        QCOMPARE(exit.firstStepOutside(), exit.annealsDeeperFrom);
        const QString text = exit.description(range);
        QVERIFY2(text.contains(QStringLiteral("anneals to 0% of its peak LR")) &&
                     text.contains(QStringLiteral("the fitted runs went no lower than 10% of their peaks")),
                 qPrintable(text));
        // The near miss: to 6% stays inside, to 4% does not (at any peak).
        QVERIFY(rangeExit(range, withFloor(cosine(24000, 2e-4, 2400), 0.06)).isInside());
        const RangeExit four = rangeExit(range, withFloor(cosine(24000, 2e-4, 2400), 0.04));
        QVERIFY(four.annealsDeeperFrom.has_value());
        QVERIFY2(four.description(range).contains(QStringLiteral("anneals to 4% of its peak")),
                 qPrintable(four.description(range)));
        // Runs at a constant LR say nothing about annealing: any decay is beyond them.
        const Schedule constant = ofFamily(ScheduleFamily::Constant, 24000, 3e-4, 2400);
        const SampledSchedule constantRun = constant.sample();
        const FitRange flat = fitRangeOf({&constantRun});
        QCOMPARE(flat.lowestAnnealedTo, 1.0);
        QVERIFY(rangeExit(flat, cosine(24000, 3e-4, 2400)).annealsDeeperFrom.has_value());
    }

    void anLrRisingAgainIsOutsideWhenNoFittedRunDid() {
        const FitRange range = rangeOfLrs({warmupCosine(3000, 300, 0.1)});
        QVERIFY(range.deepestRewarm < 1e-12);
        const std::vector<double> rewarmed = rewarmedAt(warmupCosine(3000, 300, 0.1), 2000, 0.3);
        const RangeExit exit = exitOfLrs(range, rewarmed);
        QCOMPARE(exit.rewarmsFrom, std::optional<std::int64_t>(2000));
        QVERIFY(!exit.annealsDeeperFrom && !exit.longerWarmupFrom);
        QVERIFY(std::abs(exit.shape.rewarmDepth - 0.3) < 1e-3);
        const QString text = exit.description(range);
        QVERIFY2(text.contains(QStringLiteral("LR rises again by 30% of its peak after falling "
                                              "(from step 2,000); no fitted run's LR rose again")),
                 qPrintable(text));
        // The near miss: a rise of 4% of the peak is within the margin; 6% is not.
        QVERIFY(exitOfLrs(range, rewarmedAt(warmupCosine(3000, 300, 0.1), 2000, 0.04)).isInside());
        QVERIFY(exitOfLrs(range, rewarmedAt(warmupCosine(3000, 300, 0.1), 2000, 0.06)).rewarmsFrom);
        // A fit that saw a re-warm of 30% takes one of 30%, not one of 40%.
        const FitRange sawOne = rangeOfLrs({rewarmed});
        QVERIFY(exitOfLrs(sawOne, rewarmed).isInside());
        const RangeExit higher =
            exitOfLrs(sawOne, rewarmedAt(warmupCosine(3000, 300, 0.1), 2000, 0.4));
        QVERIFY(higher.rewarmsFrom.has_value());
        QVERIFY2(higher.description(sawOne).contains(QStringLiteral("the fitted runs' LRs by at most 30%")),
                 qPrintable(higher.description(sawOne)));
        // A cyclic schedule re-warms too; a step decay does not.
        Schedule cyclic = withFloor(ofFamily(ScheduleFamily::Cyclic, 24000, 3e-4, 500), 0.1);
        cyclic.cycleSteps = 6000;
        cyclic.rewarmSteps = 300;
        const FitRange cosines = rangeOfCosines({{24000, 3e-4}});
        QVERIFY(rangeExit(cosines, cyclic).rewarmsFrom.has_value());
        Schedule step = ofFamily(ScheduleFamily::Step, 24000, 3e-4, 500);
        step.stepSize = 6000;
        step.gamma = 0.5;
        QVERIFY(!rangeExit(cosines, step).rewarmsFrom);
    }

    void aWarmupFarLongerThanTheFittedRunsIsOutside() {
        const FitRange range = rangeOfCosines({{24000, 3e-4}});  // warmup 10% of the steps
        QVERIFY(std::abs(range.longestWarmupFraction - 0.1) < 1e-3);
        QVERIFY(std::abs(range.warmupLimit() - 0.2) < 1e-3);
        const RangeExit exit = rangeExit(range, cosine(10000, 3e-4, 2500), 10000);
        QVERIFY(exit.longerWarmupFrom.has_value());
        QVERIFY(std::abs(static_cast<double>(*exit.longerWarmupFrom) - 2000.0) <= 20.0);
        const QString text = exit.description(range);
        QVERIFY2(text.contains(QStringLiteral("warms up over 25% of its steps; the fitted runs "
                                              "over at most 10% of theirs")),
                 qPrintable(text));
        // The near miss: 19% of the steps is inside.
        QVERIFY(rangeExit(range, cosine(10000, 3e-4, 1900)).isInside());
        // Without a warmup in the fitted runs, one over 10% of the steps is far longer, 9% not.
        const Schedule noWarmup = ofFamily(ScheduleFamily::Constant, 10000, 3e-4, 0);
        const SampledSchedule flat = noWarmup.sample();
        const FitRange flatRange = fitRangeOf({&flat});
        QCOMPARE(flatRange.longestWarmupFraction, 0.0);
        QVERIFY(!rangeExit(flatRange, ofFamily(ScheduleFamily::Constant, 10000, 3e-4, 900))
                     .longerWarmupFrom);
        QVERIFY(rangeExit(flatRange, ofFamily(ScheduleFamily::Constant, 10000, 3e-4, 1200))
                    .longerWarmupFrom);
    }

    // How far beyond the range a schedule is (extrapolationReach), on constructed LRs whose
    // reach is known: the length beyond 2x the longest run over that limit, the LR above the
    // fitted peak over it, the annealing below the fitted runs' over the room below their limit.
    void reachIsHowFarBeyondTheLimitOverTheLimit() {
        const FitRange constant = rangeOfLrs({std::vector<double>(1000, 1.0)});
        QCOMPARE(constant.lengthLimit(), 2000);
        const std::vector<std::int64_t> at = {0, 1999, 2000, 2500, 2999};
        const std::vector<double> longer(3000, 1.0);
        const RangeExit longExit = exitOfLrs(constant, longer);
        QCOMPARE(longExit.firstStepOutside(), std::optional<std::int64_t>(2000));
        const std::vector<double> lengthReach =
            extrapolationReach(constant, longExit, longer, 1, at);
        QCOMPARE(lengthReach, (std::vector<double>{0.0, 0.0, 0.0, 500.0 / 2000.0, 999.0 / 2000.0}));

        const std::vector<double> higher(1000, 1.5);
        const RangeExit highExit = exitOfLrs(constant, higher);
        const double aboveLimit = 1.5 / (1.0 * (1.0 + FitRange::kPeakTolerance)) - 1.0;
        for (double reach : extrapolationReach(constant, highExit, higher, 1, {{0, 500, 999}}))
            QCOMPARE(reach, aboveLimit);
        // Three times the fitted peak is past the full reach: 1.
        const std::vector<double> triple(1000, 3.0);
        QCOMPARE(extrapolationReach(constant, exitOfLrs(constant, triple), triple, 1, {{999}}),
                 std::vector<double>{1.0});

        // Fitted runs annealed to 10%: the limit is 5%; a decay to zero reaches 1 at its end.
        const FitRange tenPercent = rangeOfLrs({warmupCosine(1000, 100, 0.1)});
        QVERIFY(std::abs(tenPercent.annealLimit() - (0.1 - FitRange::kShapeMargin)) < 1e-4);
        const std::vector<double> toZero = warmupCosine(1000, 100, 0.0);
        const RangeExit zeroExit = exitOfLrs(tenPercent, toZero);
        QVERIFY(zeroExit.annealsDeeperFrom);
        const std::int64_t from = *zeroExit.annealsDeeperFrom;
        const std::vector<double> annealReach =
            extrapolationReach(tenPercent, zeroExit, toZero, 1, {{from - 1, from, 999}});
        QCOMPARE(annealReach[0], 0.0);
        QVERIFY2(annealReach[1] < 0.05, qPrintable(QString::number(annealReach[1])));
        const double lowest = *std::min_element(toZero.begin() + 100, toZero.end());
        QCOMPARE(annealReach[2], (tenPercent.annealLimit() - lowest) / tenPercent.annealLimit());
        // Inside the range: nothing, at every step.
        const std::vector<double> inside = warmupCosine(1000, 100, 0.1);
        for (double reach : extrapolationReach(tenPercent, exitOfLrs(tenPercent, inside), inside,
                                               1, {{0, 500, 999}}))
            QCOMPARE(reach, 0.0);
    }

    // For schedules of every shape, inside a range or out of it by LR, length or shape: the reach
    // lies in [0, 1], is 0 before the first step outside (and everywhere inside), and only grows
    // with the step, so a band widened by it has no jump and never narrows again.
    void reachStartsAtZeroAndOnlyGrows() {
        const FitRange range = rangeOfCosines({{6000, 3e-4}});
        for (const Schedule& base : schedulesOfEveryShape()) {
            for (const double factor : {0.5, 1.0, 1.5, 2.5}) {
                Schedule schedule = base;
                schedule.peak *= factor;
                if (schedule.family == ScheduleFamily::Chain)
                    for (Schedule& phase : schedule.phases) phase.peak *= factor;
                const SampledSchedule sampled = schedule.sample();
                const std::int64_t steps = sampled.steps();
                const RangeExit exit = rangeExit(range, sampled.lr, 1, steps);
                std::vector<std::int64_t> at;
                for (std::int64_t step = 0; step < steps; step += std::max<std::int64_t>(1, steps / 500))
                    at.push_back(step);
                const std::vector<double> reach =
                    extrapolationReach(range, exit, sampled.lr, 1, at);
                const std::optional<std::int64_t> first = exit.firstStepOutside();
                for (std::size_t i = 0; i < at.size(); ++i) {
                    QVERIFY(reach[i] >= 0.0 && reach[i] <= 1.0);
                    if (!first || at[i] < *first) QCOMPARE(reach[i], 0.0);
                    if (i > 0)
                        QVERIFY2(reach[i] >= reach[i - 1],
                                 qPrintable(QStringLiteral("%1 x%2: %3 at step %4 after %5")
                                                .arg(schedule.name)
                                                .arg(factor)
                                                .arg(reach[i])
                                                .arg(at[i])
                                                .arg(reach[i - 1])));
                }
                if (first) QVERIFY(reach.back() > 0.0 || at.back() == *first);
            }
        }
    }

    void doubtsNameWhatIsWrong() {
        FitResult fit = fitWith({1.0, 2.0}, {0.1, 0.5});
        QVERIFY(fitDoubts(fit).isEmpty());
        // Warnings alone (an ill-determined parameter the prior holds) are no doubt.
        fit.warnings.push_back(QStringLiteral("p1 is ill-determined"));
        QVERIFY(fitDoubts(fit).isEmpty());

        FitResult wide = fitWith({1.0, 2.0}, {0.1, 32.0});  // 1600%
        const QStringList doubts = fitDoubts(wide);
        QCOMPARE(doubts.size(), 1);
        QVERIFY2(
            doubts[0].contains(QStringLiteral("p1")) && doubts[0].contains(QStringLiteral("1600%")),
            qPrintable(doubts[0]));

        FitResult negative = fitWith({1.0}, {0.1});
        FittedRun heldOut;
        heldOut.name = QStringLiteral("cosine_24000");
        heldOut.metrics.points = 10;
        heldOut.metrics.r2 = -2.18;
        negative.heldOut.push_back(heldOut);
        heldOut.name = QStringLiteral("wsd");
        heldOut.metrics.r2 = 0.9;
        negative.heldOut.push_back(heldOut);
        const QStringList held = fitDoubts(negative);
        QCOMPARE(held.size(), 1);
        QVERIFY2(held[0].contains(QStringLiteral("cosine_24000")) &&
                     held[0].contains(QStringLiteral("-2.18")),
                 qPrintable(held[0]));

        // A multi-power shape parameter held by its prior counts only without the prior.
        auto law = makeLaw(QStringLiteral("multipower"));
        QVERIFY(law.ok());
        const auto& specs = (*law)->parameters();
        std::size_t withPrior = specs.size();
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i].priorWidth > 0.0) withPrior = i;
        QVERIFY(withPrior < specs.size());
        FitResult shaped =
            fitWith(std::vector<double>(specs.size(), 1.0), std::vector<double>(specs.size(), 0.1));
        shaped.lawId = QStringLiteral("multipower");
        shaped.standardErrors[withPrior] = 3.0;
        shaped.priorWeight = 2e-7;
        QVERIFY(fitDoubts(shaped).isEmpty());
        shaped.priorWeight = 0.0;
        QCOMPARE(fitDoubts(shaped).size(), 1);

        FitResult stuck = fitWith({1.0}, {0.1});
        stuck.converged = false;
        QCOMPARE(fitDoubts(stuck).size(), 1);
    }

    void runNamesStayUniqueAndTelling() {
        const QStringList taken = {QStringLiteral("cosine_24000"), QStringLiteral("wsd")};
        QCOMPARE(
            uniqueRunName(QStringLiteral("const"), QStringLiteral("/d/csv_100/const.csv"), taken),
            QStringLiteral("const"));
        QCOMPARE(uniqueRunName(QStringLiteral("cosine_24000"),
                               QStringLiteral("/d/csv_100/cosine_24000.csv"), taken),
                 QStringLiteral("cosine_24000 (csv_100)"));
        // A run folder named after its run: the folder above it tells it apart.
        QCOMPARE(uniqueRunName(QStringLiteral("wsd"), QStringLiteral("/d/model_b/wsd"), taken),
                 QStringLiteral("wsd (model_b)"));
        // When the folder is taken too, a number.
        const QStringList more = taken + QStringList{QStringLiteral("cosine_24000 (csv_100)"),
                                                     QStringLiteral("cosine_24000 (d)")};
        QCOMPARE(uniqueRunName(QStringLiteral("cosine_24000"),
                               QStringLiteral("/d/csv_100/cosine_24000.csv"), more),
                 QStringLiteral("cosine_24000 (csv_100) 2"));
        QCOMPARE(uniqueRunName(QStringLiteral("wsd"), QString(), taken), QStringLiteral("wsd 2"));
        // Taken with a folder added is taken too: a third run of the name is told apart.
        QVERIFY(nameCollides(QStringLiteral("wsd"), {QStringLiteral("wsd (a)")}));
        QVERIFY(!nameCollides(QStringLiteral("wsd"), {QStringLiteral("wsd_long")}));
    }

    void onACollisionBothRunsGetTellingNames() {
        const std::vector<NamedRun> present = {
            {QStringLiteral("cosine_24000"), QStringLiteral("/d/csv_25/cosine_24000.csv")},
            {QStringLiteral("wsd"), QString()},  // no source: nothing to tell it by
            {QStringLiteral("const"), QStringLiteral("/d/csv_25/const.csv")}};
        const JoiningNames named = namesForJoining(
            present, {{QStringLiteral("cosine_24000"), QStringLiteral("/d/csv_100/cosine_24000.csv")},
                      {QStringLiteral("wsd"), QStringLiteral("/d/csv_100/wsd.csv")},
                      {QStringLiteral("linear"), QStringLiteral("/d/csv_100/linear.csv")},
                      {QStringLiteral("linear"), QStringLiteral("/d/csv_50/linear.csv")},
                      {QStringLiteral("cosine_24000"), QStringLiteral("/d/csv_50/cosine_24000.csv")}});
        QCOMPARE(named.joining,
                 QStringList({QStringLiteral("cosine_24000 (csv_100)"), QStringLiteral("wsd (csv_100)"),
                              QStringLiteral("linear (csv_100)"), QStringLiteral("linear (csv_50)"),
                              QStringLiteral("cosine_24000 (csv_50)")}));
        // The run that had "cosine_24000" first is renamed; "wsd" has no folder and keeps its
        // name; "const" met no newcomer.
        QCOMPARE(named.renamed.size(), std::size_t{1});
        QCOMPARE(named.renamed[0].first, std::size_t{0});
        QCOMPARE(named.renamed[0].second, QStringLiteral("cosine_24000 (csv_25)"));
        // Nothing collides: nothing changes.
        const JoiningNames plain =
            namesForJoining(present, {{QStringLiteral("step"), QStringLiteral("/d/step.csv")}});
        QCOMPARE(plain.joining, QStringList{QStringLiteral("step")});
        QVERIFY(plain.renamed.empty());
    }

    void roundedTextIsShort() {
        QCOMPARE(roundedText(0.0001580000000073455247), QStringLiteral("1.58e-4"));
        QCOMPARE(roundedText(3e-4), QStringLiteral("3e-4"));
        QCOMPARE(roundedText(1.5e-4), QStringLiteral("1.5e-4"));
        QCOMPARE(roundedText(3.25331), QStringLiteral("3.25"));
        QCOMPARE(roundedText(3.25331, 5), QStringLiteral("3.2533"));
        QCOMPARE(roundedText(0.25), QStringLiteral("0.25"));
        QCOMPARE(roundedText(12000.4), QStringLiteral("12000"));
        QCOMPARE(roundedText(2.5e6), QStringLiteral("2.5e+6"));
        QCOMPARE(roundedText(0.0), QStringLiteral("0"));
        QCOMPARE(roundedText(-6e-4), QStringLiteral("-6e-4"));
    }
};

QTEST_GUILESS_MAIN(FitRangeTest)
#include "tst_fit_range.moc"
