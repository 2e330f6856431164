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
