// Schedule recognition from sparse LR samples (core/run/ScheduleRecognizer): every family,
// sampled every 10, 100 or 128 steps and printed with 6 significant digits, with and without its
// warmup in the log, is recognised with the parameters it was designed with; noisy and custom
// LRs are not. The logs are made here from the program's own Schedule formulas.
#include "run/LogImport.h"
#include "run/recognition/ScheduleRecognizer.h"

#include <QFileInfo>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <random>

using namespace annealer;

Q_DECLARE_METATYPE(annealer::Schedule)

namespace {

// A value as a log prints it with "%.6g".
double printed(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return std::strtod(text, nullptr);
}

enum class Logged { FromZero, FromEvery, AfterWarmup };

struct Log {
    std::vector<std::int64_t> steps;
    std::vector<double> lr;
};

// The schedule's LR every `every` steps, over steps 0..T-1: from step 0, from step `every` on
// (as Hugging Face logs), or from the first multiple of `every` at or after the warmup's end.
Log sampled(const Schedule& schedule, std::int64_t every, Logged logged) {
    Log log;
    std::int64_t first = 0;
    if (logged == Logged::FromEvery) first = every;
    if (logged == Logged::AfterWarmup) first = (schedule.warmupSteps + every - 1) / every * every;
    for (std::int64_t s = first; s < schedule.steps; s += every) {
        log.steps.push_back(s);
        log.lr.push_back(printed(schedule.lrAt(s)));
    }
    return log;
}

Schedule design(ScheduleFamily family, std::int64_t steps, double peak, std::int64_t warmup) {
    Schedule s;
    s.family = family;
    s.steps = steps;
    s.peak = peak;
    s.warmupSteps = warmup;
    s.warmupShape = warmup > 0 ? WarmupShape::Linear : WarmupShape::None;
    s.warmupInit = 0.0;
    s.floor = 0.0;
    return s;
}

// Schedules as users design them, one per family and decay shape.
std::vector<std::pair<QByteArray, Schedule>> designs() {
    std::vector<std::pair<QByteArray, Schedule>> list;
    list.emplace_back("constant", design(ScheduleFamily::Constant, 20000, 3e-4, 1000));
    Schedule linear = design(ScheduleFamily::Linear, 10000, 1e-3, 500);
    list.emplace_back("linear to 0", linear);
    Schedule cosine = design(ScheduleFamily::Cosine, 24000, 3e-4, 2000);
    cosine.floor = 3e-5;
    list.emplace_back("cosine to 10%", cosine);
    Schedule cosineWarm = design(ScheduleFamily::Cosine, 30000, 6e-4, 1000);
    cosineWarm.warmupShape = WarmupShape::Cosine;
    list.emplace_back("cosine to 0, cosine warmup", cosineWarm);
    Schedule fromInit = design(ScheduleFamily::Cosine, 20000, 1e-3, 1500);
    fromInit.warmupInit = 1e-4;
    fromInit.floor = 1e-4;
    list.emplace_back("cosine, warmup from 1e-4", fromInit);
    const std::pair<const char*, DecayShape> wsdShapes[] = {
        {"wsd linear", DecayShape::Linear},         {"wsd cosine", DecayShape::Cosine},
        {"wsd 1-sqrt", DecayShape::OneMinusSqrt},   {"wsd exponential", DecayShape::Exponential},
        {"wsd polynomial", DecayShape::Polynomial},
    };
    for (const auto& [name, shape] : wsdShapes) {
        Schedule wsd = design(ScheduleFamily::Wsd, 24000, 3e-4, 1000);
        wsd.decayShape = shape;
        wsd.decaySteps = 4000;
        wsd.floor = shape == DecayShape::Exponential || shape == DecayShape::Cosine ? 3e-5 : 0.0;
        wsd.power = 2.0;
        list.emplace_back(name, wsd);
    }
    Schedule step = design(ScheduleFamily::Step, 20000, 1e-3, 1000);
    step.gamma = 0.5;
    step.stepSize = 3000;
    list.emplace_back("step", step);
    Schedule multi = design(ScheduleFamily::MultiStep, 20000, 1e-3, 1000);
    multi.gamma = 0.1;
    multi.milestones = {10000, 15000};
    list.emplace_back("multistep", multi);
    Schedule exponential = design(ScheduleFamily::Exponential, 20000, 1e-3, 500);
    exponential.floor = 1e-5;
    list.emplace_back("exponential", exponential);
    Schedule noam = design(ScheduleFamily::InverseSqrt, 40000, 1e-3, 4000);
    noam.timescale = 4000;
    list.emplace_back("inverse sqrt", noam);
    Schedule poly = design(ScheduleFamily::Polynomial, 20000, 1e-3, 500);
    poly.floor = 1e-5;
    poly.power = 2.0;
    list.emplace_back("polynomial", poly);
    Schedule expWarm = design(ScheduleFamily::Constant, 10000, 1e-3, 1000);
    expWarm.warmupShape = WarmupShape::Exponential;
    expWarm.warmupInit = 1e-6;
    list.emplace_back("exponential warmup", expWarm);
    return list;
}

// Parameters a log's samples determine, compared with the design.
void compareParameters(const Schedule& got, const Schedule& want, bool warmupLogged) {
    QCOMPARE(familyName(got.family), familyName(want.family));
    QCOMPARE(got.peak, want.peak);
    if (warmupLogged) {
        QCOMPARE(got.warmupSteps, want.warmupSteps);
        QCOMPARE(warmupShapeName(got.warmupShape), warmupShapeName(want.warmupShape));
        QCOMPARE(got.warmupInit, want.warmupInit);
    }
    switch (want.family) {
        case ScheduleFamily::Linear:
        case ScheduleFamily::Cosine:
        case ScheduleFamily::Polynomial:
            QCOMPARE(got.floorLr(), want.floorLr());
            QCOMPARE(got.steps, want.steps);
            if (want.family == ScheduleFamily::Polynomial) QCOMPARE(got.power, want.power);
            break;
        case ScheduleFamily::Wsd:
            QCOMPARE(decayShapeName(got.decayShape), decayShapeName(want.decayShape));
            QCOMPARE(got.floorLr(), want.floorLr());
            QCOMPARE(got.steps, want.steps);
            QCOMPARE(got.decaySteps.value_or(-1), want.decaySteps.value_or(-2));
            if (want.decayShape == DecayShape::Polynomial) QCOMPARE(got.power, want.power);
            break;
        case ScheduleFamily::Exponential:
            QCOMPARE(got.floorLr(), want.floorLr());
            QCOMPARE(got.steps, want.steps);
            break;
        case ScheduleFamily::Step:
            QCOMPARE(got.gamma, want.gamma);
            QCOMPARE(got.stepSize, want.stepSize);
            QCOMPARE(got.warmupSteps, want.warmupSteps);
            break;
        case ScheduleFamily::MultiStep:
            QCOMPARE(got.gamma, want.gamma);
            QCOMPARE(got.milestones, want.milestones);
            break;
        case ScheduleFamily::InverseSqrt:
            if (warmupLogged) QCOMPARE(got.timescale.value_or(-1), want.timescale.value_or(-2));
            break;
        default:
            break;
    }
}

}  // namespace

class TstScheduleRecognizer : public QObject {
    Q_OBJECT

private slots:
    void everyFamily_data() {
        QTest::addColumn<Schedule>("schedule");
        QTest::addColumn<qlonglong>("every");
        QTest::addColumn<int>("logged");
        for (const auto& [name, schedule] : designs()) {
            for (qlonglong every : {10, 100, 128}) {
                const std::pair<const char*, Logged> modes[] = {
                    {"from 0", Logged::FromZero},
                    {"from every", Logged::FromEvery},
                    {"no warmup logged", Logged::AfterWarmup},
                };
                for (const auto& [mode, logged] : modes) {
                    QTest::addRow("%s, every %lld, %s", name.constData(), every, mode)
                        << schedule << every << static_cast<int>(logged);
                }
            }
        }
    }

    void everyFamily() {
        QFETCH(Schedule, schedule);
        QFETCH(qlonglong, every);
        QFETCH(int, logged);
        QVERIFY2(schedule.validate(), qPrintable(schedule.validate().error()));
        const Log log = sampled(schedule, every, static_cast<Logged>(logged));
        ScheduleRecognitionOptions options;
        options.lastStep = schedule.steps - 1;
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr, options);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        const RecognizedSchedule& got = *result.recognized;
        const bool warmupInLog = static_cast<Logged>(logged) != Logged::AfterWarmup;
        QCOMPARE(got.warmupLogged, warmupInLog);
        QCOMPARE(got.samples, static_cast<std::int64_t>(log.steps.size()));
        QVERIFY(got.worstMismatch <= 1.0 + 1e-9);
        // Without the warmup, a log that starts after the warmup's end does not tell where a
        // linear or exponential decay started, nor an inverse square root's timescale: only the
        // LR from the first sample on is determined, to the log's rounding.
        const bool startLogged = warmupInLog || log.steps.front() == schedule.warmupSteps;
        const bool determined = startLogged || (schedule.family != ScheduleFamily::Linear &&
                                                schedule.family != ScheduleFamily::Exponential &&
                                                schedule.family != ScheduleFamily::InverseSqrt);
        if (determined) compareParameters(got.schedule, schedule, warmupInLog);
        QCOMPARE(familyName(got.schedule.family), familyName(schedule.family));
        // The per-step LR is the design's: exactly when the parameters are, else within the
        // rounding of 6 printed digits.
        const std::int64_t from = warmupInLog ? 0 : log.steps.front();
        const double tolerance = determined ? 1e-12 : 1e-6;
        for (std::int64_t s = from; s < schedule.steps; ++s) {
            const double want = schedule.lrAt(s);
            if (std::abs(got.lrAt(s) - want) > tolerance * want + 1e-300) {
                QFAIL(qPrintable(QStringLiteral("step %1: %2, designed %3 (%4)")
                                     .arg(s)
                                     .arg(got.lrAt(s), 0, 'g', 17)
                                     .arg(want, 0, 'g', 17)
                                     .arg(got.description)));
            }
        }
    }

    void noisyLrIsNotRecognised() {
        // A cosine with noise of 1e-4 relative, far above the rounding of 6 digits.
        Schedule cosine = design(ScheduleFamily::Cosine, 10000, 1e-3, 500);
        Log log = sampled(cosine, 100, Logged::FromZero);
        std::mt19937 random(7);
        std::normal_distribution<double> noise(0.0, 1e-4);
        for (double& lr : log.lr) lr = printed(lr * (1.0 + noise(random)));
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr);
        QVERIFY2(!result.recognized,
                 qPrintable(result.recognized ? result.recognized->description : QString()));
        QVERIFY2(result.reason.startsWith("no schedule family matches every LR sample within "
                                          "rounding (closest: "),
                 qPrintable(result.reason));
    }

    void customLrIsNotRecognised_data() {
        QTest::addColumn<Schedule>("schedule");
        QTest::addColumn<QString>("reason");
        // Straight pieces that bend between samples (at 3333 and 7777): no family's shape.
        Schedule drawn = design(ScheduleFamily::FreeForm, 10000, 1e-3, 0);
        drawn.points = {{0, 0.0}, {1000, 1e-3}, {3333, 7e-4}, {7777, 2e-4}, {9999, 0.0}};
        QTest::newRow("free-form") << drawn << "no schedule family matches";
        // Cosine with restarts rises again at each cycle's start (warmup 500 + cycle 3000).
        Schedule cyclic = design(ScheduleFamily::Cyclic, 10000, 1e-3, 500);
        cyclic.cycleSteps = 3000;
        QTest::newRow("cyclic") << cyclic << "the LR rises again at step 3500";
        // Only the warmup is logged: nothing tells the schedule after it.
        Schedule ramp = design(ScheduleFamily::Constant, 1000, 1e-3, 999);
        QTest::newRow("warmup only") << ramp << "from the peak (step 900) on: too few";
    }

    void customLrIsNotRecognised() {
        QFETCH(Schedule, schedule);
        QFETCH(QString, reason);
        QVERIFY2(schedule.validate(), qPrintable(schedule.validate().error()));
        const Log log = sampled(schedule, 100, Logged::FromZero);
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr);
        QVERIFY2(!result.recognized,
                 qPrintable(result.recognized ? result.recognized->description : QString()));
        QVERIFY2(result.reason.contains(reason), qPrintable(result.reason));
    }

    void tooFewSamples() {
        // Two points fit a line and every other family: nothing is recognised from them.
        ScheduleRecognition result = recognizeSchedule({0, 100}, {1e-3, 5e-4});
        QVERIFY(!result.recognized);
        QCOMPARE(result.reason, QString("2 LR samples are too few to tell a schedule"));
        // Five samples of a linear warmup and decay: as many as the parameters and two more are
        // needed.
        result = recognizeSchedule({0, 100, 200, 300, 400}, {0, 1e-3, 7.5e-4, 5e-4, 2.5e-4});
        QVERIFY(!result.recognized);
        QVERIFY2(result.reason.contains("too few samples to be sure"), qPrintable(result.reason));
    }

    void float32LrIsRecognised() {
        // TensorBoard keeps scalars as 32-bit floats: within 1e-6 of the formula.
        Schedule cosine = design(ScheduleFamily::Cosine, 24000, 3e-4, 2000);
        cosine.floor = 3e-5;
        Log log;
        for (std::int64_t s = 0; s < cosine.steps; s += 100) {
            log.steps.push_back(s);
            log.lr.push_back(static_cast<double>(static_cast<float>(cosine.lrAt(s))));
        }
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        compareParameters(result.recognized->schedule, cosine, true);
    }

    void tensorBoardFixture() {
        // Written by an independent writer (values in shared/data/tensorboard/README.md): float32
        // LRs every 10 steps from step 10 of lr(s) = 3e-4 s / 100 for s < 100, else 3e-5 + (3e-4 -
        // 3e-5) (1 + cos(pi (s - 100) / 1900)) / 2.
        const QString path = ANNEALER_TEST_DATA_DIR "/tensorboard/simple";
        if (!QFileInfo::exists(path)) QSKIP("no TensorBoard fixture");
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* lr = log->runs.front().metric("lr");
        QVERIFY(lr);
        const ScheduleRecognition result = recognizeSchedule(lr->steps, lr->values);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        const RecognizedSchedule& got = *result.recognized;
        QCOMPARE(familyName(got.schedule.family), QString("cosine"));
        QCOMPARE(got.schedule.peak, 3e-4);
        QCOMPARE(got.schedule.floorLr(), 3e-5);
        QCOMPARE(got.schedule.warmupSteps, std::int64_t(100));
        QCOMPARE(got.schedule.steps, std::int64_t(2000));
        QVERIFY(got.warmupLogged);
        for (std::int64_t s = 0; s <= 2000; ++s) {
            const double x = static_cast<double>(s);
            const double want =
                s < 100 ? 3e-4 * x / 100.0
                        : 3e-5 + 0.5 * (3e-4 - 3e-5) *
                                     (1.0 + std::cos(std::numbers::pi * (x - 100.0) / 1900.0));
            QVERIFY2(std::abs(got.lrAt(s) - want) <= 1e-12 * want, qPrintable(QString::number(s)));
        }
    }

    void fromTheBranchStep() {
        // A cooldown branched off a constant run at step 20000: its samples before the branch
        // (the parent's) are not looked at; from it, a linear decay to 0 at step 24000.
        Log log;
        for (std::int64_t s = 0; s <= 24000; s += 100) {
            log.steps.push_back(s);
            log.lr.push_back(
                s < 20000 ? 9e-4 : printed(3e-4 * (24000.0 - static_cast<double>(s)) / 4000.0));
        }
        ScheduleRecognitionOptions options;
        options.origin = 20000;
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr, options);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        const RecognizedSchedule& got = *result.recognized;
        QCOMPARE(got.origin, std::int64_t(20000));
        QCOMPARE(got.firstSample, std::int64_t(20000));
        QCOMPARE(got.samples, std::int64_t(41));
        QVERIFY(got.warmupLogged);
        QCOMPARE(familyName(got.schedule.family), QString("linear"));
        QCOMPARE(got.schedule.peak, 3e-4);
        QCOMPARE(got.schedule.floorLr(), 0.0);
        QCOMPARE(got.schedule.warmupSteps, std::int64_t(0));
        QCOMPARE(got.schedule.steps, std::int64_t(4000));
        for (std::int64_t s = 20000; s <= 24000; s += 7) {
            const double want = 3e-4 * (24000.0 - static_cast<double>(s)) / 4000.0;
            QVERIFY2(std::abs(got.lrAt(s) - want) <= 1e-15, qPrintable(QString::number(s)));
        }
        QCOMPARE(got.description, QString("linear decay from 3e-4 at step 20000 to 0 at step "
                                          "24000"));
    }

    void heldFloorAfterTheDecay() {
        // Megatron holds the minimum LR once the decay is over: cosine to 1e-5 at step 8000,
        // logged to step 10000.
        Schedule cosine = design(ScheduleFamily::Cosine, 8000, 1e-3, 400);
        cosine.floor = 1e-5;
        Log log;
        for (std::int64_t s = 0; s <= 10000; s += 50) {
            log.steps.push_back(s);
            log.lr.push_back(printed(s < 8000 ? cosine.lrAt(s) : 1e-5));
        }
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        compareParameters(result.recognized->schedule, cosine, true);
        QCOMPARE(result.recognized->lrAt(9000), 1e-5);
        QVERIFY2(result.recognized->description.endsWith("; held at 1e-5 from step 8000"),
                 qPrintable(result.recognized->description));
    }

    void manySamples() {
        // An LR logged at every step of a long run: recognised, checked against every sample.
        Schedule wsd = design(ScheduleFamily::Wsd, 200000, 2e-4, 2000);
        wsd.decayShape = DecayShape::OneMinusSqrt;
        wsd.decaySteps = 40000;
        Log log = sampled(wsd, 1, Logged::FromZero);
        QCOMPARE(log.steps.size(), std::size_t(200000));
        const ScheduleRecognition result = recognizeSchedule(log.steps, log.lr);
        QVERIFY2(result.recognized, qPrintable(result.reason));
        QCOMPARE(result.recognized->samples, std::int64_t(200000));
        compareParameters(result.recognized->schedule, wsd, true);
    }
};

QTEST_GUILESS_MAIN(TstScheduleRecognizer)
#include "tst_schedule_recognizer.moc"
