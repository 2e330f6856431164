// Schedules: every family's LR at hand-picked steps, validation messages, the JSON format and
// key=value parsing. Expected values come from the formulas written out here, not from the code
// under test.
#include "ScheduleChecks.h"
#include "schedule/Schedule.h"
#include "schedule/WarmupEnd.h"
#include "schedule/ScheduleJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <numbers>

using namespace annealer;
using namespace schedule_checks;

namespace {

QString errorOf(const Schedule& schedule) {
    return schedule.validate().error();
}

// One schedule of every family (several for WSD), with awkward numbers so that a lossy
// round trip would show.
std::vector<Schedule> representativeSchedules() {
    std::vector<Schedule> all;
    const double oddPeak = 1e-3 / 3.0;

    Schedule constant = makeSchedule(ScheduleFamily::Constant, 1000, oddPeak, 100);
    constant.name = QStringLiteral("constant, warm → hot");
    constant.warmupShape = WarmupShape::Cosine;
    constant.warmupInit = 1e-5 / 7.0;
    all.push_back(constant);

    Schedule linear = makeSchedule(ScheduleFamily::Linear, 1000, 3e-4, 50);
    linear.floor = 0.1 + 0.2;  // 0.30000000000000004
    linear.floor *= 1e-4;
    all.push_back(linear);

    Schedule cosine = makeSchedule(ScheduleFamily::Cosine, 1000, 6e-4, 100);
    cosine.floorRatio = 0.1;
    all.push_back(cosine);

    Schedule wsd = makeSchedule(ScheduleFamily::Wsd, 2000, 3e-4, 100);
    wsd.decaySteps = 300;
    wsd.decayShape = DecayShape::Cosine;
    wsd.floor = 1e-5;
    all.push_back(wsd);
    wsd.decaySteps.reset();
    wsd.decayFraction = 0.2;
    wsd.decayShape = DecayShape::OneMinusSqrt;
    all.push_back(wsd);
    wsd.decayShape = DecayShape::Polynomial;
    wsd.power = 1.5;
    all.push_back(wsd);
    wsd.decayShape = DecayShape::Exponential;
    wsd.floor = 0.0;
    wsd.floorRatio = 0.01;
    all.push_back(wsd);
    wsd.decayShape = DecayShape::Linear;
    wsd.warmupShape = WarmupShape::Exponential;
    wsd.warmupInit = 1e-7;
    all.push_back(wsd);

    Schedule step = makeSchedule(ScheduleFamily::Step, 1000, 1e-3, 10);
    step.gamma = 0.5;
    step.stepSize = 128;
    all.push_back(step);

    Schedule multistep = makeSchedule(ScheduleFamily::MultiStep, 1000, 1e-3, 10);
    multistep.gamma = 1.0 / 3.0;
    multistep.milestones = {300, 700, 900};
    all.push_back(multistep);

    Schedule exponential = makeSchedule(ScheduleFamily::Exponential, 1000, 1e-3, 100);
    exponential.floor = 1e-6;
    exponential.warmupShape = WarmupShape::Exponential;
    exponential.warmupInit = 1e-6;
    all.push_back(exponential);

    Schedule inverseSqrt = makeSchedule(ScheduleFamily::InverseSqrt, 1000, 1e-3, 100);
    all.push_back(inverseSqrt);
    inverseSqrt.timescale = 250;
    all.push_back(inverseSqrt);

    Schedule polynomial = makeSchedule(ScheduleFamily::Polynomial, 1000, 1e-3, 30);
    polynomial.power = 0.7;
    all.push_back(polynomial);
    polynomial.power = 3.0;
    polynomial.floor = 2e-5;
    all.push_back(polynomial);

    Schedule cyclic = makeSchedule(ScheduleFamily::Cyclic, 1000, 1e-3, 40);
    cyclic.cycleSteps = 300;
    cyclic.rewarmSteps = 30;
    cyclic.cycleDecay = 0.8;
    cyclic.floor = 1e-5;
    all.push_back(cyclic);

    Schedule freeform = makeSchedule(ScheduleFamily::FreeForm, 1000, 1e-3, 0);
    freeform.points = {{50, 1e-4}, {200, 1e-3}, {600, 2e-4}, {900, 1e-5 / 3.0}};
    all.push_back(freeform);
    freeform.interpolation = Interpolation::MonotoneCubic;
    freeform.warmupSteps = 20;
    all.push_back(freeform);

    Schedule rex = makeSchedule(ScheduleFamily::Rex, 1000, 1e-3 / 3.0, 70);
    rex.floor = 2e-5;
    all.push_back(rex);
    wsd.decayShape = DecayShape::Rex;
    wsd.warmupShape = WarmupShape::Linear;
    all.push_back(wsd);

    Schedule power = makeSchedule(ScheduleFamily::PowerScheduler, 1000, 2e-3, 30);
    power.powerA = 4.6;
    power.powerB = -0.51;
    power.tokensPerStep = 4096.0 * 3.0;
    power.decayShape = DecayShape::Exponential;
    power.decayFraction = 0.15;
    power.floorRatio = 0.01;
    all.push_back(power);
    power.decayShape = DecayShape::OneMinusSqrt;
    power.decayFraction = 0.2;
    power.floorRatio.reset();
    power.warmupSteps = 0;
    all.push_back(power);

    Schedule oneCycle = makeSchedule(ScheduleFamily::OneCycle, 1000, 1e-3 / 7.0, 0);
    oneCycle.pctStart = 0.25;
    all.push_back(oneCycle);
    oneCycle.pctStart = 0.3337;  // the rise ends between two steps
    oneCycle.threePhase = true;
    oneCycle.annealStrategy = AnnealStrategy::Linear;
    oneCycle.divFactor = 10.0;
    oneCycle.finalDivFactor = 100.0;
    all.push_back(oneCycle);

    Schedule chain;
    chain.family = ScheduleFamily::Chain;
    chain.name = QStringLiteral("two stages");
    chain.phases = {cosine, all[4], constant};
    all.push_back(chain);
    return all;
}

QJsonObject minimalJson(const QString& family) {
    QJsonObject json;
    json.insert(QStringLiteral("format"), QStringLiteral("annealer.schedule"));
    json.insert(QStringLiteral("version"), 1);
    json.insert(QStringLiteral("family"), family);
    return json;
}

}  // namespace

class TestSchedule : public QObject {
    Q_OBJECT

private slots:
    // Blocks for drawing: each block's LR is its steps' mean, exactly so on straight pieces.
    void sampleBlocksAveragesEachBlock() {
        Schedule linear;
        linear.family = ScheduleFamily::Linear;
        linear.steps = 1000;
        linear.peak = 1.0;
        linear.warmupSteps = 100;
        linear.floor = 0.0;
        const SampledSchedule steps = linear.sample();
        for (std::int64_t stride : {1, 4, 10, 64}) {
            const SampledSchedule blocks = linear.sampleBlocks(stride);
            QCOMPARE(blocks.stride, stride);
            QCOMPARE(blocks.warmupSteps, 100);
            QCOMPARE(static_cast<std::int64_t>(blocks.lr.size()), (1000 + stride - 1) / stride);
            for (std::size_t b = 0; b < blocks.lr.size(); ++b) {
                const auto first = static_cast<std::int64_t>(b) * stride;
                const std::int64_t last = std::min<std::int64_t>(first + stride, 1000);
                // A block inside one straight piece: the mean of its steps.
                if (first >= 100 || last <= 100) {
                    double mean = 0;
                    for (std::int64_t s = first; s < last; ++s) mean += steps.lr[static_cast<std::size_t>(s)];
                    mean /= static_cast<double>(last - first);
                    QVERIFY2(std::abs(blocks.lr[b] - mean) < 1e-12,
                             qPrintable(QStringLiteral("stride %1 block %2").arg(stride).arg(b)));
                }
            }
        }
        Schedule invalid = linear;
        invalid.peak = -1;
        QVERIFY(invalid.sampleBlocks(8).lr.empty());
        QVERIFY(linear.sampleBlocks(0).lr.empty());
    }

    void constantWithLinearWarmup() {
        const Schedule s = makeSchedule(ScheduleFamily::Constant, 100, 1e-3, 10);
        QCOMPARE(s.lrAt(0), 0.0);
        CHECK_LR(s, 5, 0.5e-3, 1e-3);
        CHECK_LR(s, 9, 0.9e-3, 1e-3);
        QCOMPARE(s.lrAt(10), 1e-3);
        QCOMPARE(s.lrAt(99), 1e-3);
        QCOMPARE(s.totalSteps(), 100);
        QCOMPARE(s.totalWarmupSteps(), 10);
    }

    void noWarmupStartsAtPeak() {
        const Schedule s = makeSchedule(ScheduleFamily::Cosine, 100, 2e-3, 0);
        QCOMPARE(s.lrAt(0), 2e-3);
        QCOMPARE(s.sample().warmupSteps, 0);
    }

    void linearDecay() {
        Schedule s = makeSchedule(ScheduleFamily::Linear, 110, 1.0, 10);
        s.floor = 0.1;
        QCOMPARE(s.lrAt(10), 1.0);
        CHECK_LR(s, 60, 0.55, 1.0);               // tau = 0.5
        CHECK_LR(s, 109, 1.0 - 0.9 * 0.99, 1.0);  // tau = 99/100: the floor is never reached
    }

    void cosineDecay() {
        Schedule s = makeSchedule(ScheduleFamily::Cosine, 1010, 2.0, 10);
        s.floor = 0.2;
        const auto expected = [](double tau) { return 0.2 + 1.8 * (1 + std::cos(kPi * tau)) / 2; };
        QCOMPARE(s.lrAt(10), 2.0);
        CHECK_LR(s, 260, expected(0.25), 2.0);
        CHECK_LR(s, 510, 1.1, 2.0);
        CHECK_LR(s, 760, expected(0.75), 2.0);
        CHECK_LR(s, 1009, expected(0.999), 2.0);
    }

    void cosineToZeroKeepsTheTailAccurate() {
        // lr = P sin^2(pi (1 - tau) / 2) near the end; 1 + cos(pi tau) would cancel there.
        const Schedule s = makeSchedule(ScheduleFamily::Cosine, 1'000'000, 1.0, 0);
        const double left = 1.0 / 1'000'000;
        const double expected = std::pow(std::sin(kPi * left / 2), 2);
        QVERIFY(isClose(s.lrAt(999'999), expected, expected, 1e-12));
    }

    void floorRatioEqualsAbsoluteFloor() {
        Schedule absolute = makeSchedule(ScheduleFamily::Cosine, 500, 2e-3, 50);
        absolute.floor = 2e-4;
        Schedule ratio = absolute;
        ratio.floor = 0.0;
        ratio.floorRatio = 0.1;
        QCOMPARE(ratio.floorLr(), 2e-3 * 0.1);
        const std::vector<double> a = absolute.sample().lr;
        const std::vector<double> b = ratio.sample().lr;
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(isClose(a[i], b[i], 2e-3, 1e-15));
    }

    void polynomialDecay() {
        Schedule s = makeSchedule(ScheduleFamily::Polynomial, 100, 1.0, 0);
        s.power = 2.0;
        QCOMPARE(s.lrAt(0), 1.0);
        CHECK_LR(s, 50, 0.25, 1.0);
        CHECK_LR(s, 99, 1e-4, 1.0);
        s.power = 0.5;
        s.floor = 0.1;
        CHECK_LR(s, 75, 0.1 + 0.9 * 0.5, 1.0);
        s.power = 1.0;
        CHECK_LR(s, 20, 0.1 + 0.9 * 0.8, 1.0);
    }

    void exponentialDecay() {
        Schedule s = makeSchedule(ScheduleFamily::Exponential, 101, 1.0, 1);
        s.floor = 0.01;
        QCOMPARE(s.lrAt(1), 1.0);
        CHECK_LR(s, 51, 0.1, 1.0);  // tau = 0.5: sqrt(P F)
        CHECK_LR(s, 100, std::pow(0.01, 0.99), 1.0);
    }

    void inverseSqrtDecay() {
        Schedule s = makeSchedule(ScheduleFamily::InverseSqrt, 1000, 1.0, 100);
        QCOMPARE(s.lrAt(100), 1.0);
        CHECK_LR(s, 400, 0.5, 1.0);  // ts = W = 100: sqrt(100 / 400)
        s.timescale = 25;
        CHECK_LR(s, 200, std::sqrt(25.0 / 125.0), 1.0);
        Schedule noWarmup = makeSchedule(ScheduleFamily::InverseSqrt, 1000, 1.0, 0);
        QCOMPARE(noWarmup.lrAt(0), 1.0);
        CHECK_LR(noWarmup, 3, 0.5, 1.0);  // ts = max(W, 1) = 1
    }

    void stepDecay() {
        Schedule s = makeSchedule(ScheduleFamily::Step, 100, 1.0, 10);
        s.gamma = 0.5;
        s.stepSize = 20;
        QCOMPARE(s.lrAt(10), 1.0);
        QCOMPARE(s.lrAt(29), 1.0);
        QCOMPARE(s.lrAt(30), 0.5);
        QCOMPARE(s.lrAt(49), 0.5);
        QCOMPARE(s.lrAt(50), 0.25);
        QCOMPARE(s.lrAt(99), 1.0 / 16);  // floor(89 / 20) = 4 drops
    }

    void multiStepDecay() {
        Schedule s = makeSchedule(ScheduleFamily::MultiStep, 100, 1.0, 0);
        s.gamma = 0.1;
        s.milestones = {50, 75};
        QCOMPARE(s.lrAt(49), 1.0);
        CHECK_LR(s, 50, 0.1, 1.0);
        CHECK_LR(s, 74, 0.1, 1.0);
        CHECK_LR(s, 75, 0.01, 1.0);
        CHECK_LR(s, 99, 0.01, 1.0);
        // A milestone inside the warmup already counts when the warmup ends.
        s.warmupSteps = 10;
        s.milestones = {5, 50};
        CHECK_LR(s, 5, 0.5, 1.0);
        CHECK_LR(s, 10, 0.1, 1.0);
        CHECK_LR(s, 50, 0.01, 1.0);
    }

    void wsdOneMinusSqrt() {
        Schedule s = makeSchedule(ScheduleFamily::Wsd, 24000, 3e-4, 2160);
        s.floor = 3e-5;
        s.decayFraction = 0.2;
        s.decayShape = DecayShape::OneMinusSqrt;
        const double p = 3e-4, f = 3e-5;
        QCOMPARE(s.lrAt(0), 0.0);
        CHECK_LR(s, 1080, 1.5e-4, p);
        QCOMPARE(s.lrAt(2160), p);
        QCOMPARE(s.lrAt(19199), p);  // decay starts at s0 = 24000 - 4800
        QCOMPARE(s.lrAt(19200), p);
        CHECK_LR(s, 19201, f + (p - f) * (1 - std::sqrt(1.0 / 4800)), p);
        CHECK_LR(s, 21600, f + (p - f) * (1 - std::sqrt(0.5)), p);
        CHECK_LR(s, 23999, f + (p - f) * (1 - std::sqrt(4799.0 / 4800)), p);
    }

    void wsdShapes() {
        Schedule s = makeSchedule(ScheduleFamily::Wsd, 1000, 1.0, 0);
        s.floor = 0.01;
        s.decaySteps = 200;  // s0 = 800; u = 0.5 at step 900
        s.decayShape = DecayShape::Linear;
        CHECK_LR(s, 900, 0.01 + 0.99 * 0.5, 1.0);
        CHECK_LR(s, 999, 0.01 + 0.99 * (1 - 199.0 / 200), 1.0);
        s.decayShape = DecayShape::Cosine;
        CHECK_LR(s, 900, 0.01 + 0.99 * 0.5, 1.0);
        CHECK_LR(s, 850, 0.01 + 0.99 * (1 + std::cos(kPi / 4)) / 2, 1.0);
        s.decayShape = DecayShape::Polynomial;
        s.power = 2.0;
        CHECK_LR(s, 900, 0.01 + 0.99 * 0.25, 1.0);
        s.decayShape = DecayShape::Exponential;
        CHECK_LR(s, 900, 0.1, 1.0);  // P (F / P)^0.5
        for (DecayShape shape : {DecayShape::Linear, DecayShape::Cosine, DecayShape::OneMinusSqrt,
                                 DecayShape::Polynomial, DecayShape::Exponential}) {
            s.decayShape = shape;
            QCOMPARE(s.lrAt(799), 1.0);
            QCOMPARE(s.lrAt(800), 1.0);
            QVERIFY(s.lrAt(801) < 1.0);
        }
    }

    void wsdDecayFractionRounds() {
        Schedule s = makeSchedule(ScheduleFamily::Wsd, 10, 1.0, 0);
        s.decayFraction = 0.25;  // 2.5 steps round (half away from zero) to 3: s0 = 7
        QCOMPARE(s.lrAt(6), 1.0);
        CHECK_LR(s, 8, 1.0 - 1.0 / 3, 1.0);
    }

    void cyclic() {
        Schedule s = makeSchedule(ScheduleFamily::Cyclic, 3000, 1.0, 0);
        s.cycleSteps = 1000;
        s.rewarmSteps = 100;
        s.cycleDecay = 0.5;
        s.floor = 0.0;
        QCOMPARE(s.lrAt(0), 0.0);  // each cycle re-warms from the floor
        CHECK_LR(s, 50, 0.5, 1.0);
        QCOMPARE(s.lrAt(100), 1.0);
        CHECK_LR(s, 550, 0.5, 1.0);  // u = 450 / 900
        CHECK_LR(s, 999, (1 + std::cos(kPi * 899.0 / 900)) / 2, 1.0);
        QCOMPARE(s.lrAt(1000), 0.0);
        CHECK_LR(s, 1050, 0.25, 1.0);
        CHECK_LR(s, 1100, 0.5, 1.0);
        CHECK_LR(s, 2100, 0.25, 1.0);
        s.rewarmSteps = 0;  // restart straight at the cycle's peak
        s.warmupSteps = 10;
        s.steps = 3010;
        CHECK_LR(s, 10, 1.0, 1.0);
        CHECK_LR(s, 1010, 0.5, 1.0);
        CHECK_LR(s, 1509, 0.5 * (1 + std::cos(kPi * 499.0 / 1000)) / 2, 1.0);
    }

    void freeFormLinear() {
        Schedule s = makeSchedule(ScheduleFamily::FreeForm, 500, 1.0, 0);
        s.points = {{100, 1.0}, {200, 3.0}, {400, 1.0}};
        QCOMPARE(s.lrAt(0), 1.0);  // constant before the first point
        QCOMPARE(s.lrAt(100), 1.0);
        CHECK_LR(s, 150, 2.0, 1.0);
        QCOMPARE(s.lrAt(200), 3.0);
        CHECK_LR(s, 300, 2.0, 1.0);
        CHECK_LR(s, 250, 2.5, 1.0);
        QCOMPARE(s.lrAt(400), 1.0);
        QCOMPARE(s.lrAt(499), 1.0);  // and after the last
    }

    void freeFormWarmupRampsToTheCurve() {
        Schedule s = makeSchedule(ScheduleFamily::FreeForm, 200, 1.0, 50);
        s.points = {{0, 0.0}, {100, 2.0}};
        // The curve is 1.0 at step 50; the warmup ramps to that, not to the peak.
        CHECK_LR(s, 25, 0.5, 1.0);
        CHECK_LR(s, 50, 1.0, 1.0);
        CHECK_LR(s, 75, 1.5, 1.0);
    }

    void monotoneCubicHandValue() {
        Schedule s = makeSchedule(ScheduleFamily::FreeForm, 30, 1.0, 0);
        s.interpolation = Interpolation::MonotoneCubic;
        s.points = {{0, 0.0}, {10, 1.0}, {20, 1.0}};
        // Slopes 0.1 at step 0 (the secant), 0 at the flat plateau; Hermite at t = 1/2:
        // 0.5 * 0 + 0.125 * 10 * 0.1 + 0.5 * 1 - 0.125 * 10 * 0 = 0.625.
        CHECK_LR(s, 5, 0.625, 1.0);
        CHECK_LR(s, 15, 1.0, 1.0);
        // Two points: both slopes are the secant and the cubic is the straight line.
        s.steps = 200;
        s.points = {{0, 0.0}, {100, 1.0}};
        CHECK_LR(s, 50, 0.5, 1.0);
        CHECK_LR(s, 30, 0.3, 1.0);
    }

    void monotoneCubicNeverOvershoots() {
        Schedule s = makeSchedule(ScheduleFamily::FreeForm, 1000, 1.0, 0);
        s.interpolation = Interpolation::MonotoneCubic;
        s.points = {{0, 1.0}, {100, 0.9}, {110, 0.2}, {500, 0.19}, {999, 0.0}};
        QVERIFY(s.validate().ok());
        std::vector<double> lr = s.sample().lr;
        for (std::size_t i = 1; i < lr.size(); ++i)
            QVERIFY2(lr[i] <= lr[i - 1], qPrintable(QString::number(i)));
        for (const ControlPoint& point : s.points) QCOMPARE(lr[point.step], point.lr);

        // Up and down: every piece stays between its two end values.
        s.points = {{0, 0.0}, {100, 1.0}, {150, 0.1}, {300, 0.8}, {310, 0.8}, {999, 0.0}};
        lr = s.sample().lr;
        for (std::size_t k = 0; k + 1 < s.points.size(); ++k) {
            const ControlPoint a = s.points[k];
            const ControlPoint b = s.points[k + 1];
            for (std::int64_t step = a.step; step <= b.step; ++step) {
                const double value = lr[static_cast<std::size_t>(step)];
                QVERIFY2(value >= std::min(a.lr, b.lr) && value <= std::max(a.lr, b.lr),
                         qPrintable(QString::number(step)));
            }
        }
        // ... and is monotone within each piece.
        for (std::size_t k = 0; k + 1 < s.points.size(); ++k) {
            const double sign = s.points[k + 1].lr >= s.points[k].lr ? 1.0 : -1.0;
            for (std::int64_t step = s.points[k].step + 1; step <= s.points[k + 1].step; ++step)
                QVERIFY(sign * (lr[step] - lr[step - 1]) >= 0.0);
        }
        // Linear interpolation of the same points overshoots nothing either but differs inside.
        Schedule linear = s;
        linear.interpolation = Interpolation::Linear;
        QVERIFY(linear.lrAt(50) == 0.5);
        QVERIFY(s.lrAt(50) != 0.5);
    }

    void warmupShapes() {
        Schedule s = makeSchedule(ScheduleFamily::Constant, 200, 1.0, 100);
        s.warmupInit = 0.1;
        s.warmupShape = WarmupShape::Linear;
        QCOMPARE(s.lrAt(0), 0.1);
        CHECK_LR(s, 50, 0.55, 1.0);
        CHECK_LR(s, 99, 0.1 + 0.9 * 0.99, 1.0);
        QCOMPARE(s.lrAt(100), 1.0);
        s.warmupShape = WarmupShape::Cosine;
        QCOMPARE(s.lrAt(0), 0.1);
        CHECK_LR(s, 50, 0.55, 1.0);
        CHECK_LR(s, 25, 0.1 + 0.9 * (1 - std::cos(kPi / 4)) / 2, 1.0);
        CHECK_LR(s, 99, 0.1 + 0.9 * (1 - std::cos(kPi * 0.99)) / 2, 1.0);
        s.warmupShape = WarmupShape::Exponential;
        CHECK_LR(s, 0, 0.1, 1.0);
        CHECK_LR(s, 50, std::sqrt(0.1), 1.0);  // 0.1 * 10^0.5
        CHECK_LR(s, 75, 0.1 * std::pow(10.0, 0.75), 1.0);
        QCOMPARE(s.lrAt(100), 1.0);

        s.warmupInit = 0.0;
        QCOMPARE(errorOf(s),
                 QStringLiteral("warmup_init: must be > 0 for an exponential warmup, got 0"));

        // none: no warmup steps at all (chosen over silently ignoring a warmup length).
        s.warmupShape = WarmupShape::None;
        QCOMPARE(errorOf(s),
                 QStringLiteral("warmup: must be 0 when warmup_shape is none, got 100"));
        s.warmupSteps = 0;
        QVERIFY(s.validate().ok());
        QCOMPARE(s.lrAt(0), 1.0);
    }

    void chainConcatenatesPhases() {
        Schedule first = makeSchedule(ScheduleFamily::Cosine, 100, 1.0, 10);
        first.floor = 0.1;
        Schedule second = makeSchedule(ScheduleFamily::Constant, 50, 0.5, 5);
        second.warmupInit = 0.1;
        Schedule chain;
        chain.family = ScheduleFamily::Chain;
        chain.phases = {first, second};
        QVERIFY(chain.validate().ok());
        QCOMPARE(chain.totalSteps(), 150);
        QCOMPARE(chain.totalWarmupSteps(), 10);
        const SampledSchedule sampled = chain.sample();
        QCOMPARE(sampled.steps(), 150);
        QCOMPARE(sampled.warmupSteps, 10);
        const std::vector<double> firstLr = first.sample().lr;
        for (std::size_t i = 0; i < firstLr.size(); ++i) QCOMPARE(sampled.lr[i], firstLr[i]);
        QCOMPARE(chain.lrAt(99), first.lrAt(99));
        QCOMPARE(chain.lrAt(100), 0.1);  // the re-warm starts at the second phase's init
        CHECK_LR(chain, 102, 0.1 + 0.4 * 2 / 5, 1.0);
        QCOMPARE(chain.lrAt(105), 0.5);
        QCOMPARE(chain.lrAt(149), 0.5);
    }

    void lrAtEqualsSampleForEveryFamily() {
        for (const Schedule& schedule : representativeSchedules()) {
            QVERIFY2(schedule.validate().ok(), qPrintable(schedule.validate().error()));
            const SampledSchedule sampled = schedule.sample();
            QCOMPARE(sampled.steps(), schedule.totalSteps());
            // The laws' end of warmup is where the initial rise ends (schedule/WarmupEnd.h): the
            // family's warmup length, but for a rise cut short (cyclic: the first cycle's
            // re-warm starts below the warmup's last LR) or one the points draw (free-form).
            QCOMPARE(sampled.warmupSteps, warmupEndStep(sampled.lr));
            if (schedule.family != ScheduleFamily::Cyclic &&
                schedule.family != ScheduleFamily::FreeForm)
                QCOMPARE(sampled.warmupSteps, schedule.totalWarmupSteps());
            for (std::int64_t step = 0; step < sampled.steps(); ++step) {
                const double expected = sampled.lr[static_cast<std::size_t>(step)];
                QVERIFY2(schedule.lrAt(step) == expected && std::isfinite(expected),
                         qPrintable(familyName(schedule.family) + QStringLiteral(" step ") +
                                    QString::number(step)));
            }
        }
    }

    // Streaming: any range of steps, cut anywhere (inside warmups, steps, cycles, segments and
    // chain phases), equals the same steps of sample().
    void sampleRangeEqualsSampleForEveryFamily() {
        for (const Schedule& schedule : representativeSchedules()) {
            const SampledSchedule sampled = schedule.sample();
            const std::int64_t total = schedule.totalSteps();
            for (std::int64_t block : {std::int64_t{1}, std::int64_t{7}, std::int64_t{64}, total}) {
                std::vector<double> lr(static_cast<std::size_t>(block));
                for (std::int64_t first = 0; first < total; first += block) {
                    const std::int64_t count = std::min(block, total - first);
                    std::fill(lr.begin(), lr.end(), -1.0);
                    schedule.sampleRange(first, lr.data(), count);
                    for (std::int64_t i = 0; i < count; ++i)
                        QVERIFY2(lr[static_cast<std::size_t>(i)] ==
                                     sampled.lr[static_cast<std::size_t>(first + i)],
                                 qPrintable(familyName(schedule.family) +
                                            QStringLiteral(" block %1 step %2")
                                                .arg(block)
                                                .arg(first + i)));
                }
            }
            // A range past the end writes nothing.
            double untouched = -1.0;
            schedule.sampleRange(total, &untouched, 1);
            QCOMPARE(untouched, -1.0);
        }
    }

    // Values at the extremes are refused where they enter, so that no sampled LR can be
    // infinite: LRs at or above 1e3, a floor above the peak, a gamma or cycle decay whose
    // powers would grow the LR past 1e3 (1e308^999 overflows), each named with its key.
    void extremeValuesAreRefused() {
        struct Case {
            ScheduleFamily family;
            std::function<void(Schedule&)> change;
            const char* message;
        };
        const std::vector<Case> cases = {
            {ScheduleFamily::Cosine, [](Schedule& s) { s.peak = 1e308; },
             "peak: must be below 1000, got 1e+308"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.peak = 9.9e307; },
             "peak: must be below 1000, got 9.9e+307"},
            {ScheduleFamily::Constant, [](Schedule& s) { s.peak = 1000; },
             "peak: must be below 1000, got 1000"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.floor = 1e308; },
             "floor: must be below 1000, got 1e+308"},
            {ScheduleFamily::Linear, [](Schedule& s) { s.floor = 5e-3; },
             "floor: 0.005 is above the peak 3e-4"},
            {ScheduleFamily::Constant, [](Schedule& s) {
                 s.warmupSteps = 10;
                 s.warmupInit = 1e300;
             },
             "warmup_init: must be below 1000, got 1e+300"},
            {ScheduleFamily::Step, [](Schedule& s) {
                 s.gamma = 1e308;
                 s.stepSize = 1;
             },
             "gamma: would raise the LR to more than 1e308 after 23999 drops; the LR must stay "
             "below 1000"},
            {ScheduleFamily::MultiStep, [](Schedule& s) {
                 s.gamma = 1e4;
                 s.milestones = {100, 200};
             },
             "gamma: would raise the LR to 3e+04 after 2 drops; the LR must stay below 1000"},
            {ScheduleFamily::Cyclic, [](Schedule& s) {
                 s.cycleSteps = 10;
                 s.cycleDecay = 2.0;
             },
             "cycle_decay: would raise the LR to more than 1e308 after 2399 cycles; the LR must "
             "stay below 1000"},
            {ScheduleFamily::FreeForm, [](Schedule& s) { s.points = {{0, 1e-3}, {10, 2e3}}; },
             "points[1]: lr must be below 1000, got 2000"},
        };
        for (const Case& c : cases) {
            Schedule s = makeSchedule(c.family, 24000, 3e-4, 0);
            if (c.family == ScheduleFamily::FreeForm) s.points = {{0, 1e-3}};
            c.change(s);
            QCOMPARE(errorOf(s), QString::fromLatin1(c.message));
        }
        // Growth that stays below the limit is a valid schedule, and every LR is finite.
        Schedule rising = makeSchedule(ScheduleFamily::Step, 24000, 3e-4, 0);
        rising.gamma = 1.0001;
        rising.stepSize = 1;
        QVERIFY2(rising.validate().ok(), qPrintable(rising.validate().error()));
        for (double lr : rising.sample().lr) QVERIFY(std::isfinite(lr) && lr < kMaxLearningRate);
        // The smallest positive floor is fine: geometric decays take its log.
        Schedule tiny = makeSchedule(ScheduleFamily::Exponential, 1000, 1e-3, 0);
        tiny.floor = 5e-324;
        QVERIFY(tiny.validate().ok());
        for (double lr : tiny.sample().lr) QVERIFY(std::isfinite(lr) && lr >= 0.0);
    }

    void tenMillionSteps() {
        for (ScheduleFamily family : {ScheduleFamily::Cosine, ScheduleFamily::Wsd}) {
            Schedule s = makeSchedule(family, 10'000'000, 3e-4, 100'000);
            s.floorRatio = 0.1;
            QVERIFY(s.validate().ok());
            const SampledSchedule sampled = s.sample();
            QCOMPARE(sampled.steps(), 10'000'000);
            for (double lr : sampled.lr) QVERIFY(std::isfinite(lr) && lr >= 0.0);
            QCOMPARE(sampled.lr[9'999'999], s.lrAt(9'999'999));
        }
    }

    void validationMessages() {
        struct Case {
            ScheduleFamily family;
            std::function<void(Schedule&)> change;
            QString message;
        };
        const std::vector<Case> cases = {
            {ScheduleFamily::Cosine, [](Schedule& s) { s.steps = 0; },
             "steps: must be between 1 and 50000000, got 0"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.peak = -1e-3; },
             "peak: must be > 0, got -0.001"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.peak = 0.0; }, "peak: must be > 0, got 0"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.peak = std::nan(""); },
             "peak: must be a finite number, got nan"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.floor = -1.0; },
             "floor: must be >= 0, got -1"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.floor = std::nan(""); },
             "floor: must be a finite number, got nan"},
            {ScheduleFamily::Constant, [](Schedule& s) { s.warmupInit = -0.5; },
             "warmup_init: must be >= 0, got -0.5"},
            {ScheduleFamily::Wsd, [](Schedule& s) { s.warmupSteps = 30000; },
             "warmup: 30000 steps is longer than the run (24000 steps)"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.warmupSteps = 24000; },
             "warmup: 24000 steps is as long as the run; it must end before the last step"},
            {ScheduleFamily::Cosine, [](Schedule& s) { s.warmupSteps = -1; },
             "warmup: must be >= 0, got -1"},
            {ScheduleFamily::Cosine,
             [](Schedule& s) {
                 s.floor = 1e-5;
                 s.floorRatio = 0.1;
             },
             "floor_ratio: give floor or floor_ratio, not both"},
            {ScheduleFamily::Cosine,
             [](Schedule& s) {
                 s.floor = 0.0;
                 s.floorRatio = 1.5;
             },
             "floor_ratio: must be between 0 and 1, got 1.5"},
            {ScheduleFamily::Wsd, [](Schedule& s) { s.decayFraction = 0.0; },
             "decay: must be in (0, 1], got 0"},
            {ScheduleFamily::Wsd, [](Schedule& s) { s.decayFraction = 1.5; },
             "decay: must be in (0, 1], got 1.5"},
            {ScheduleFamily::Wsd,
             [](Schedule& s) {
                 s.decayFraction = 0.95;
                 s.warmupSteps = 2400;
             },
             "decay: 0.95 of 24000 steps is 22800 decay steps, longer than the 21600 steps after "
             "warmup"},
            {ScheduleFamily::Wsd, [](Schedule& s) { s.decaySteps = 0; },
             "decay_steps: must be >= 1, got 0"},
            {ScheduleFamily::Wsd,
             [](Schedule& s) {
                 s.decaySteps = 23000;
                 s.warmupSteps = 2000;
             },
             "decay_steps: 23000 steps is longer than the 22000 steps after warmup"},
            {ScheduleFamily::Polynomial, [](Schedule& s) { s.power = 0.0; },
             "power: must be a finite number > 0, got 0"},
            {ScheduleFamily::Step, [](Schedule& s) { s.gamma = 0.0; },
             "gamma: must be a finite number > 0, got 0"},
            {ScheduleFamily::Step, [](Schedule& s) { s.stepSize = 0; },
             "step_size: must be >= 1, got 0"},
            {ScheduleFamily::MultiStep,
             [](Schedule& s) {
                 s.milestones = {8000, 5000};
             },
             "milestones[1]: step 5000 is not after step 8000"},
            {ScheduleFamily::MultiStep, [](Schedule& s) { s.milestones = {0}; },
             "milestones[0]: step 0 is outside the run (1..23999)"},
            {ScheduleFamily::MultiStep,
             [](Schedule& s) {
                 s.milestones = {100, 24000};
             },
             "milestones[1]: step 24000 is outside the run (1..23999)"},
            {ScheduleFamily::InverseSqrt, [](Schedule& s) { s.timescale = 0; },
             "timescale: must be >= 1, got 0"},
            {ScheduleFamily::Cyclic, [](Schedule& s) { s.cycleSteps = 0; },
             "cycle: must be >= 1, got 0"},
            {ScheduleFamily::Cyclic, [](Schedule& s) { s.rewarmSteps = 1000; },
             "rewarm: 1000 steps is not shorter than the cycle (1000 steps)"},
            {ScheduleFamily::Cyclic, [](Schedule& s) { s.cycleDecay = -1; },
             "cycle_decay: must be a finite number > 0, got -1"},
            {ScheduleFamily::FreeForm, [](Schedule& s) { s.points.clear(); },
             "points: needs at least one control point"},
            {ScheduleFamily::FreeForm,
             [](Schedule& s) {
                 s.points = {{0, 0}, {400, 1e-3}, {800, 1e-3}, {500, 1e-4}};
             },
             "points[3]: step 500 is not after step 800"},
            {ScheduleFamily::FreeForm,
             [](Schedule& s) {
                 s.points = {{0, 0}, {24000, 1e-3}};
             },
             "points[1]: step 24000 is outside the run (0..23999)"},
            {ScheduleFamily::FreeForm,
             [](Schedule& s) {
                 s.points = {{0, 0}, {10, -1}};
             },
             "points[1]: lr must be >= 0, got -1"},
            {ScheduleFamily::FreeForm,
             [](Schedule& s) {
                 s.points = {{0, std::nan("")}};
             },
             "points[0]: lr must be a finite number, got nan"},
            {ScheduleFamily::Exponential, [](Schedule& s) { s.floor = 0.0; },
             "floor: must be > 0 for an exponential decay, got 0"},
            {ScheduleFamily::Wsd,
             [](Schedule& s) {
                 s.decayShape = DecayShape::Exponential;
                 s.floor = 0.0;
                 s.floorRatio = 0.0;
             },
             "floor_ratio: must be > 0 for an exponential decay, got 0"},
        };
        for (const Case& c : cases) {
            Schedule s = makeSchedule(c.family, 24000, 3e-4, 0);
            s.floor = 3e-5;
            if (c.family == ScheduleFamily::FreeForm) s.points = {{0, 1e-3}};
            c.change(s);
            QCOMPARE(errorOf(s), c.message);
        }
    }

    void validationOfChains() {
        Schedule chain;
        chain.family = ScheduleFamily::Chain;
        QCOMPARE(errorOf(chain), QStringLiteral("phases: needs at least one phase"));
        Schedule phase = makeSchedule(ScheduleFamily::Cosine, 100, 1e-3, 10);
        chain.phases = {phase, phase};
        QVERIFY(chain.validate().ok());
        chain.phases[1].warmupSteps = 500;
        QCOMPARE(errorOf(chain),
                 QStringLiteral("phases[1].warmup: 500 steps is longer than the run (100 steps)"));
    }

    void unusedFieldsAreNotValidated() {
        // A constant schedule does not look at floor or decay; stale values there are harmless.
        Schedule s = makeSchedule(ScheduleFamily::Constant, 100, 1e-3, 0);
        s.floor = -5.0;
        s.decayFraction = 7.0;
        QVERIFY(s.validate().ok());
    }

    void invalidSchedulesDoNotCrash() {
        // The designer draws while the user types: no sample, but lrAt must not divide by zero.
        Schedule step = makeSchedule(ScheduleFamily::Step, 100, 1e-3, 0);
        step.stepSize = 0;
        QVERIFY(step.sample().lr.empty());
        (void)step.lrAt(50);
        Schedule cyclic = makeSchedule(ScheduleFamily::Cyclic, 100, 1e-3, 0);
        cyclic.cycleSteps = 0;
        (void)cyclic.lrAt(50);
        Schedule freeform = makeSchedule(ScheduleFamily::FreeForm, 100, 1e-3, 0);
        QCOMPARE(freeform.lrAt(50), 0.0);
        Schedule tooLong = makeSchedule(ScheduleFamily::Cosine, 100, 1e-3, 500);
        QVERIFY(tooLong.sample().lr.empty());
    }

    void names() {
        const QStringList expected = {"constant",   "linear",    "cosine",      "wsd",
                                      "step",       "multistep", "exponential", "inverse_sqrt",
                                      "polynomial", "cyclic",    "freeform",    "chain",
                                      "rex",        "power",     "onecycle"};
        QCOMPARE(allFamilyNames(), expected);
        for (const QString& name : expected) QCOMPARE(familyName(*familyFromName(name)), name);
        QVERIFY(!familyFromName(QStringLiteral("Cosine")));
        QCOMPARE(decayShapeName(DecayShape::OneMinusSqrt), QStringLiteral("1-sqrt"));
        QCOMPARE(*decayShapeFromName(QStringLiteral("polynomial")), DecayShape::Polynomial);
        QCOMPARE(*warmupShapeFromName(QStringLiteral("none")), WarmupShape::None);
        QCOMPARE(interpolationName(Interpolation::MonotoneCubic), QStringLiteral("monotone_cubic"));
        QVERIFY(!interpolationFromName(QStringLiteral("cubic")));
    }

    void parameterKeysPerFamily() {
        const auto keysOf = [](ScheduleFamily family) {
            QStringList keys;
            for (const ScheduleParameterInfo& info : parameterKeys(family))
                if (!info.description.isEmpty()) keys << info.key;  // undescribed keys: missing
            return keys;
        };
        QCOMPARE(keysOf(ScheduleFamily::Wsd),
                 QStringList({"steps", "peak", "warmup", "warmup_shape", "warmup_init", "floor",
                              "floor_ratio", "decay", "decay_steps", "shape", "power"}));
        QCOMPARE(keysOf(ScheduleFamily::Constant),
                 QStringList({"steps", "peak", "warmup", "warmup_shape", "warmup_init"}));
        QCOMPARE(keysOf(ScheduleFamily::Chain), QStringList({"phases"}));
        QVERIFY(keysOf(ScheduleFamily::MultiStep).contains("milestones"));
        QVERIFY(keysOf(ScheduleFamily::FreeForm).contains("points"));
        QVERIFY(!keysOf(ScheduleFamily::FreeForm).contains("peak"));
    }

    void jsonRoundTripIsLossless() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        int index = 0;
        for (const Schedule& original : representativeSchedules()) {
            const QString first = dir.filePath(QStringLiteral("a%1.json").arg(index));
            const QString second = dir.filePath(QStringLiteral("b%1.json").arg(index));
            ++index;
            QVERIFY(saveScheduleFile(original, first).ok());
            const Result<Schedule> loaded = loadScheduleFile(first);
            QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
            QCOMPARE(loaded->family, original.family);
            QCOMPARE(loaded->name, original.name);
            QCOMPARE(loaded->floorRatio.has_value(), original.floorRatio.has_value());
            QCOMPARE(loaded->decaySteps.has_value(), original.decaySteps.has_value());
            QCOMPARE(loaded->phases.size(), original.phases.size());
            const std::vector<double> a = original.sample().lr;
            const std::vector<double> b = loaded->sample().lr;
            QCOMPARE(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i)
                QVERIFY2(a[i] == b[i], qPrintable(familyName(original.family)));
            QVERIFY(saveScheduleFile(*loaded, second).ok());
            QFile fa(first), fb(second);
            QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
            QCOMPARE(fb.readAll(), fa.readAll());
        }
    }

    void jsonKeepsExactNumbers() {
        Schedule s = makeSchedule(ScheduleFamily::Cosine, 1000, 0.1 + 0.2, 0);
        s.floor = 1.0 / 3.0 * 1e-5;
        const QByteArray text = QJsonDocument(scheduleToJson(s)).toJson();
        const Result<Schedule> back =
            scheduleFromJson(QJsonDocument::fromJson(text).object(), QString());
        QVERIFY(back.ok());
        QCOMPARE(back->peak, 0.1 + 0.2);
        QVERIFY(back->peak != 0.3);
        QCOMPARE(back->floor, 1.0 / 3.0 * 1e-5);
    }

    void jsonWritesOnlyTheFamilysKeys() {
        Schedule s = makeSchedule(ScheduleFamily::Wsd, 24000, 3e-4, 2160);
        s.floorRatio = 0.1;
        s.decaySteps = 4000;
        s.milestones = {5};  // not a wsd key: not written
        const QJsonObject json = scheduleToJson(s);
        QCOMPARE(json.value("format").toString(), QStringLiteral("annealer.schedule"));
        QCOMPARE(json.value("version").toInt(), 1);
        QCOMPARE(json.value("family").toString(), QStringLiteral("wsd"));
        QCOMPARE(json.value("floor_ratio").toDouble(), 0.1);
        QCOMPARE(json.value("decay_steps").toInt(), 4000);
        QVERIFY(!json.contains("floor"));
        QVERIFY(!json.contains("decay"));
        QVERIFY(!json.contains("milestones"));
        QVERIFY(!json.contains("gamma"));

        Schedule freeform = makeSchedule(ScheduleFamily::FreeForm, 100, 1.0, 0);
        freeform.points = {{0, 1e-3}, {50, 2e-4}};
        const QJsonArray points = scheduleToJson(freeform).value("points").toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(1).toArray().at(0).toInteger(), 50);
        QCOMPARE(points.at(1).toArray().at(1).toDouble(), 2e-4);
    }

    void jsonMissingKeysTakeDefaults() {
        const Result<Schedule> s = scheduleFromJson(minimalJson("cosine"), "s.json");
        QVERIFY2(s.ok(), qPrintable(s.error()));
        const Schedule defaults;
        QCOMPARE(s->steps, defaults.steps);
        QCOMPARE(s->peak, defaults.peak);
        QCOMPARE(s->warmupSteps, 0);
        QCOMPARE(s->floor, 0.0);
    }

    void jsonErrors() {
        const auto errorFor = [](QJsonObject json) {
            return scheduleFromJson(json, QStringLiteral("s.json")).error();
        };
        QJsonObject json = minimalJson("foo");
        QVERIFY(errorFor(json).startsWith("s.json: family: unknown family 'foo' (constant, "));

        json = minimalJson("cosine");
        json.insert("version", 3);
        QCOMPARE(errorFor(json), QStringLiteral("s.json: version 3 is newer than this program "
                                                "reads (2)"));

        json = minimalJson("cosine");
        json.remove("format");
        QVERIFY(errorFor(json).startsWith("s.json: format: missing"));
        json.insert("format", "other.thing");
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: format: expected \"annealer.schedule\", got "
                                "\"other.thing\""));

        json = minimalJson("cosine");
        json.insert("bogus", 1);
        QCOMPARE(errorFor(json), QStringLiteral("s.json: bogus: unknown key"));

        json = minimalJson("cosine");
        json.insert("decay", 0.2);
        QVERIFY(errorFor(json).startsWith("s.json: decay: not a key of the cosine family"));

        json = minimalJson("cosine");
        json.insert("peak", "3e-4");
        QCOMPARE(errorFor(json), QStringLiteral("s.json: peak: expected a number, got a string"));

        json = minimalJson("cosine");
        json.insert("steps", 1.5);
        QCOMPARE(errorFor(json), QStringLiteral("s.json: steps: expected a whole number, got 1.5"));

        json = minimalJson("cosine");
        json.insert("warmup_shape", true);
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: warmup_shape: expected a string, got a boolean"));

        json = minimalJson("cosine");
        json.insert("floor", 1e-5);
        json.insert("floor_ratio", 0.1);
        QVERIFY(errorFor(json).endsWith(": give floor or floor_ratio, not both"));

        json = minimalJson("cosine");
        json.insert("peak", 0);
        QCOMPARE(errorFor(json), QStringLiteral("s.json: peak: must be > 0, got 0"));

        json = minimalJson("cosine");
        json.insert("peak", -1);
        QCOMPARE(errorFor(json), QStringLiteral("s.json: peak: must be > 0, got -1"));

        json = minimalJson("multistep");
        json.insert("milestones", QJsonArray{100, "x"});
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: milestones[1]: expected a whole number, got a string"));

        json = minimalJson("freeform");
        json.insert("points", QJsonArray{QJsonArray{0, 1e-3}, QJsonArray{5}});
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: points[1]: expected [step, lr], got 1 values"));

        json = minimalJson("freeform");
        json.insert("points",
                    QJsonArray{QJsonArray{0, 1e-3}, QJsonArray{800, 1e-3}, QJsonArray{500, 1e-3}});
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: points[2]: step 500 is not after step 800"));

        QJsonObject phase = minimalJson("cosine");
        phase.remove("format");
        phase.remove("version");
        QJsonObject badPhase = phase;
        badPhase.insert("peak", "high");
        json = minimalJson("chain");
        json.insert("phases", QJsonArray{phase, badPhase});
        QCOMPARE(errorFor(json),
                 QStringLiteral("s.json: phases[1].peak: expected a number, got a string"));
        badPhase = phase;
        badPhase.insert("warmup", 20000);
        json.insert("phases", QJsonArray{phase, badPhase});
        QCOMPARE(errorFor(json), QStringLiteral("s.json: phases[1].warmup: 20000 steps is "
                                                "longer than the run (10000 steps)"));
        json.insert("phases", QJsonArray{minimalJson("cosine")});
        QVERIFY(errorFor(json).startsWith("s.json: phases[0].format: "));
        json.insert("phases", QJsonArray{phase, phase});
        const Result<Schedule> chain = scheduleFromJson(json, "s.json");
        QVERIFY(chain.ok());
        QCOMPARE(chain->totalSteps(), 20000);
    }

    void fileErrors() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("missing.json");
        const Result<Schedule> notThere = loadScheduleFile(missing);
        QVERIFY(notThere.error().startsWith(missing + ": cannot read: "));

        const QString broken = dir.filePath("broken.json");
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"annealer.schedule\", \"version\": 1,, }");
        file.close();
        const QString message = loadScheduleFile(broken).error();
        QVERIFY2(message.startsWith(broken + ": not valid JSON at byte "), qPrintable(message));

        const QString array = dir.filePath("array.json");
        QFile arrayFile(array);
        QVERIFY(arrayFile.open(QIODevice::WriteOnly));
        arrayFile.write("[1, 2]");
        arrayFile.close();
        QCOMPARE(loadScheduleFile(array).error(),
                 array + QStringLiteral(": expected a JSON object at the top level"));

        const QString invalid = dir.filePath("invalid.json");
        QFile invalidFile(invalid);
        QVERIFY(invalidFile.open(QIODevice::WriteOnly));
        invalidFile.write(R"({"format": "annealer.schedule", "version": 1, "family": "cosine",
                             "peak": 0})");
        invalidFile.close();
        QCOMPARE(loadScheduleFile(invalid).error(), invalid + ": peak: must be > 0, got 0");

        const Schedule s = makeSchedule(ScheduleFamily::Cosine, 100, 1e-3, 0);
        QVERIFY(!saveScheduleFile(s, dir.filePath("no/such/dir/s.json")).ok());
        Schedule bad = s;
        bad.peak = -1;
        QCOMPARE(saveScheduleFile(bad, dir.filePath("bad.json")).error(),
                 dir.filePath("bad.json") + ": peak: must be > 0, got -1");
        QVERIFY(!QFile::exists(dir.filePath("bad.json")));
    }

    void keyValues() {
        const Result<Schedule> wsd = scheduleFromKeyValues(
            "wsd",
            {"steps=24000", "peak=3e-4", "warmup=2160", "decay=0.2", "shape=1-sqrt", "floor=3e-5"});
        QVERIFY2(wsd.ok(), qPrintable(wsd.error()));
        QCOMPARE(wsd->family, ScheduleFamily::Wsd);
        QCOMPARE(wsd->steps, 24000);
        QCOMPARE(wsd->peak, 3e-4);
        QCOMPARE(wsd->warmupSteps, 2160);
        QCOMPARE(wsd->decayFraction, 0.2);
        QCOMPARE(wsd->decayShape, DecayShape::OneMinusSqrt);
        QCOMPARE(wsd->floor, 3e-5);
        QVERIFY(!wsd->floorRatio);

        const Result<Schedule> multistep =
            scheduleFromKeyValues("multistep", {"steps=1e4", "milestones=8000,9000", "gamma=0.5"});
        QVERIFY2(multistep.ok(), qPrintable(multistep.error()));
        QCOMPARE(multistep->steps, 10000);
        QCOMPARE(multistep->milestones, std::vector<std::int64_t>({8000, 9000}));

        const Result<Schedule> freeform = scheduleFromKeyValues(
            "freeform",
            {"steps=24001", "points=0:0,2000:3e-4,24000:3e-5", "interpolation=monotone_cubic"});
        QVERIFY2(freeform.ok(), qPrintable(freeform.error()));
        QCOMPARE(freeform->points.size(), std::size_t(3));
        QCOMPARE(freeform->points[1].step, 2000);
        QCOMPARE(freeform->points[1].lr, 3e-4);
        QCOMPARE(freeform->points[2].lr, 3e-5);
        QCOMPARE(freeform->interpolation, Interpolation::MonotoneCubic);

        const Result<Schedule> ratio =
            scheduleFromKeyValues("cosine", {"floor_ratio=0.1", "warmup_shape=cosine"});
        QVERIFY(ratio.ok());
        QCOMPARE(*ratio->floorRatio, 0.1);
        QCOMPARE(ratio->warmupShape, WarmupShape::Cosine);
    }

    void keyValueErrors() {
        const auto errorFor = [](const QString& family, const QStringList& keyValues) {
            return scheduleFromKeyValues(family, keyValues).error();
        };
        QCOMPARE(errorFor("wsd", {"steps=24000x"}),
                 QStringLiteral("steps: expected a whole number, got '24000x'"));
        QCOMPARE(errorFor("wsd", {"steps=2.5"}),
                 QStringLiteral("steps: expected a whole number, got '2.5'"));
        QCOMPARE(errorFor("wsd", {"peak=3e-4junk"}),
                 QStringLiteral("peak: expected a number, got '3e-4junk'"));
        QCOMPARE(errorFor("wsd", {"peak="}), QStringLiteral("peak: expected a number, got ''"));
        QCOMPARE(errorFor("wsd", {"peak= 3e-4"}),
                 QStringLiteral("peak: expected a number, got ' 3e-4'"));
        QCOMPARE(errorFor("wsd", {"peak=nan"}),
                 QStringLiteral("peak: must be a finite number, got nan"));
        QCOMPARE(errorFor("cosine", {"floor=-1"}), QStringLiteral("floor: must be >= 0, got -1"));
        QCOMPARE(errorFor("cosine", {"bogus=1"}), QStringLiteral("bogus: unknown key"));
        QVERIFY(errorFor("cosine", {"decay=0.2"})
                    .startsWith("decay: not a key of the cosine family (its keys: steps, peak, "));
        QCOMPARE(errorFor("cosine", {"steps"}), QStringLiteral("'steps': expected key=value"));
        QCOMPARE(errorFor("cosine", {"=5"}), QStringLiteral("'=5': expected key=value"));
        QCOMPARE(errorFor("cosine", {"steps=5", "steps=6"}), QStringLiteral("steps: given twice"));
        QCOMPARE(errorFor("cosine", {"floor=1e-5", "floor_ratio=0.1"}),
                 QStringLiteral("floor_ratio: give floor or floor_ratio, not both"));
        QCOMPARE(errorFor("wsd", {"decay_steps=100", "decay=0.1"}),
                 QStringLiteral("decay: give decay or decay_steps, not both"));
        QVERIFY(errorFor("wsd", {"shape=sqrt"}).startsWith("shape: unknown decay shape 'sqrt' ("));
        QVERIFY(errorFor("cosine", {"warmup_shape=quadratic"})
                    .startsWith("warmup_shape: unknown warmup shape 'quadratic' (none, linear, "));
        QCOMPARE(errorFor("multistep", {"milestones=8000,x"}),
                 QStringLiteral("milestones[1]: expected a whole number, got 'x'"));
        QCOMPARE(errorFor("freeform", {"points=0:0,100"}),
                 QStringLiteral("points[1]: expected step:lr, got '100'"));
        QCOMPARE(errorFor("freeform", {"points=0:0,100:x"}),
                 QStringLiteral("points[1]: lr: expected a number, got 'x'"));
        QCOMPARE(errorFor("wsd", {"steps=24000", "warmup=30000"}),
                 QStringLiteral("warmup: 30000 steps is longer than the run (24000 steps)"));
        QVERIFY(errorFor("foo", {}).startsWith("unknown family 'foo' (constant, linear, "));
        QVERIFY(errorFor("chain", {}).startsWith("chain: not available as key=value"));
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
