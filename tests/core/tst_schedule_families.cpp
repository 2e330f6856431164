// The families of the papers the product builds on: REX (Chen et al. 2021), the power scheduler
// (Shen et al. 2024) and one-cycle (PyTorch's OneCycleLR). Values at hand-picked steps from the
// formulas written out here, validation messages naming the field, the JSON format's version and
// keys, and the end of warmup they report. The generic checks (lrAt equals sample, streaming,
// lossless JSON round trip) run over them in tst_schedule.
#include "project/ProjectJson.h"
#include "ScheduleChecks.h"
#include "schedule/Schedule.h"
#include "schedule/ScheduleJson.h"
#include "schedule/WarmupEnd.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <tuple>

using namespace annealer;
using namespace schedule_checks;

namespace {

// The power scheduler of the hand values: LR = min(0.01, 0.5 * (100 s)^-0.5) = min(0.01,
// 0.05 / sqrt(s)), which meets the cap at step 25.
Schedule handPower() {
    Schedule s = makeSchedule(ScheduleFamily::PowerScheduler, 1000, 0.01, 10);
    s.powerA = 0.5;
    s.powerB = -0.5;
    s.tokensPerStep = 100.0;
    s.decaySteps = 100;
    s.decayShape = DecayShape::Linear;
    return s;
}

}  // namespace

class TestScheduleFamilies : public QObject {
    Q_OBJECT

private slots:
    // REX: F + (P - F)(1 - z)/(1 - z/2), z the progress after warmup.
    void rexValues() {
        Schedule s = makeSchedule(ScheduleFamily::Rex, 110, 1e-3, 10);
        s.floor = 1e-4;
        QVERIFY(s.validate().ok());
        CHECK_LR(s, 5, 1e-3 * 5.0 / 10.0, 1e-3);
        CHECK_LR(s, 10, 1e-3, 1e-3);
        CHECK_LR(s, 60, 1e-4 + 9e-4 * (0.5 / 0.75), 1e-3);     // z = 1/2: 2/3 of the way up
        CHECK_LR(s, 35, 1e-4 + 9e-4 * (0.75 / 0.875), 1e-3);   // z = 1/4
        CHECK_LR(s, 109, 1e-4 + 9e-4 * (0.01 / 0.505), 1e-3);  // z = 0.99
        // Above the straight line from peak to floor everywhere in between.
        for (std::int64_t step = 11; step < 110; ++step)
            QVERIFY(s.lrAt(step) > 1e-3 + (1e-4 - 1e-3) * double(step - 10) / 100.0);
    }

    void rexIsAWsdDecayShape() {
        Schedule s = makeSchedule(ScheduleFamily::Wsd, 1000, 2e-3, 0);
        s.decaySteps = 200;
        s.decayShape = DecayShape::Rex;
        QVERIFY(s.validate().ok());
        CHECK_LR(s, 799, 2e-3, 2e-3);
        CHECK_LR(s, 800, 2e-3, 2e-3);
        CHECK_LR(s, 900, 2e-3 * (0.5 / 0.75), 2e-3);
        CHECK_LR(s, 950, 2e-3 * (0.25 / 0.625), 2e-3);
        QCOMPARE(decayShapeName(DecayShape::Rex), QStringLiteral("rex"));
    }

    // min(P, a n^b) with n = s * tokens_per_step; warmup to its value at the end of warmup;
    // the decay from its value where the decay starts.
    void powerSchedulerValues() {
        Schedule s = handPower();
        QVERIFY2(s.validate().ok(), qPrintable(s.validate().error()));
        CHECK_LR(s, 5, 0.01 * 5.0 / 10.0, 0.01);  // warmup to min(0.01, 0.05/sqrt(10)) = 0.01
        CHECK_LR(s, 10, 0.01, 0.01);
        CHECK_LR(s, 25, 0.01, 0.01);  // 0.05 / 5
        CHECK_LR(s, 100, 0.005, 0.01);
        CHECK_LR(s, 400, 0.0025, 0.01);
        CHECK_LR(s, 899, 0.05 / std::sqrt(899.0), 0.01);
        // Linear decay over the last 100 steps from 0.05 / sqrt(900) = 1/600 to 0.
        CHECK_LR(s, 900, 1.0 / 600.0, 0.01);
        CHECK_LR(s, 950, 0.5 / 600.0, 0.01);
        CHECK_LR(s, 999, 0.01 / 600.0, 0.01);

        // The paper's exponential decay: eta_start * (F / eta_start)^u.
        s.decayShape = DecayShape::Exponential;
        s.floor = 1e-5;
        QVERIFY(s.validate().ok());
        CHECK_LR(s, 950, (1.0 / 600.0) * std::pow(1e-5 * 600.0, 0.5), 0.01);

        // Without warmup, step 0 (no tokens seen) runs at the peak.
        s.warmupSteps = 0;
        QVERIFY(s.validate().ok());
        QCOMPARE(s.lrAt(0), 0.01);
        CHECK_LR(s, 1, 0.01, 0.01);  // 0.05 / 1 capped
        // The warmup of a warmup that ends where the law is below the cap ramps to the law.
        s.warmupSteps = 100;
        CHECK_LR(s, 50, 0.005 * 0.5, 0.01);
        CHECK_LR(s, 100, 0.005, 0.01);
    }

    // PyTorch's OneCycleLR: phase ends pct_start * T - 1 (and 2 pct_start T - 2), T - 1.
    void oneCycleValues() {
        Schedule s = makeSchedule(ScheduleFamily::OneCycle, 100, 1e-3);
        QVERIFY(s.validate().ok());  // PyTorch's defaults: pct_start 0.3, div 25, final div 1e4
        const double initial = 1e-3 / 25.0;
        const double last = initial / 1e4;
        const double riseEnd = 0.3 * 100.0 - 1.0;  // 29
        const auto cosAnneal = [](double start, double end, double pct) {
            return end + (start - end) / 2.0 * (std::cos(kPi * pct) + 1.0);
        };
        QCOMPARE(s.lrAt(0), initial);
        CHECK_LR(s, 10, cosAnneal(initial, 1e-3, 10.0 / riseEnd), 1e-3);
        CHECK_LR(s, 29, 1e-3, 1e-3);
        CHECK_LR(s, 60, cosAnneal(1e-3, last, (60.0 - riseEnd) / (99.0 - riseEnd)), 1e-3);
        CHECK_LR(s, 99, last, 1e-3);
        QCOMPARE(s.totalWarmupSteps(), 29);

        // Linear, three phases: up to 29, down to the initial LR at 58, then to the last LR.
        s.threePhase = true;
        s.annealStrategy = AnnealStrategy::Linear;
        QVERIFY(s.validate().ok());
        CHECK_LR(s, 10, initial + (1e-3 - initial) * 10.0 / 29.0, 1e-3);
        CHECK_LR(s, 36, 1e-3 + (initial - 1e-3) * 7.0 / 29.0, 1e-3);
        CHECK_LR(s, 58, initial, 1e-3);
        CHECK_LR(s, 70, initial + (last - initial) * 12.0 / 41.0, 1e-3);
        CHECK_LR(s, 99, last, 1e-3);
    }

    // The end of warmup of a one-cycle schedule, found by bisection, is warmupEndStep() of its
    // sampled LR (the one definition for every run and law), where the rise ends on a step,
    // between steps, and where its top is flat to within the 1e-6 tolerance for many steps.
    void oneCycleWarmupEndIsTheSampledOne() {
        for (const auto& [steps, pct, linear] :
             {std::tuple{100, 0.3, false}, std::tuple{1000, 0.3337, false},
              std::tuple{1000, 0.3337, true}, std::tuple{1000000, 0.25, false},
              std::tuple{999983, 0.41, false}}) {
            Schedule s = makeSchedule(ScheduleFamily::OneCycle, steps, 3e-4);
            s.pctStart = pct;
            s.annealStrategy = linear ? AnnealStrategy::Linear : AnnealStrategy::Cosine;
            QVERIFY(s.validate().ok());
            const SampledSchedule sampled = s.sample();
            QCOMPARE(s.totalWarmupSteps(), warmupEndStep(sampled.lr));
            QCOMPARE(sampled.warmupSteps, s.totalWarmupSteps());
        }
        // A flat top: at a million steps the cosine's top is within 1e-6 for hundreds of steps.
        Schedule s = makeSchedule(ScheduleFamily::OneCycle, 1000000, 3e-4);
        QVERIFY(s.totalWarmupSteps() < 299999 - 100);
    }

    void validationNamesTheField() {
        struct Case {
            ScheduleFamily family;
            std::function<void(Schedule&)> change;
            QString message;
        };
        const std::vector<Case> cases = {
            {ScheduleFamily::Rex, [](Schedule& s) { s.floor = -1e-5; },
             "floor: must be >= 0, got -1e-5"},
            {ScheduleFamily::Rex, [](Schedule& s) { s.floor = 1e-2; },
             "floor: 0.01 is above the peak 3e-4"},
            {ScheduleFamily::Rex, [](Schedule& s) { s.peak = std::nan(""); },
             "peak: must be a finite number, got nan"},
            {ScheduleFamily::PowerScheduler, [](Schedule& s) { s.powerA = 0.0; },
             "power_a: must be > 0, got 0"},
            {ScheduleFamily::PowerScheduler, [](Schedule& s) { s.powerA = std::nan(""); },
             "power_a: must be a finite number, got nan"},
            {ScheduleFamily::PowerScheduler, [](Schedule& s) { s.powerB = 0.5; },
             "power_b: must be < 0 (the LR falls as tokens grow), got 0.5"},
            {ScheduleFamily::PowerScheduler,
             [](Schedule& s) { s.powerB = std::numeric_limits<double>::infinity(); },
             "power_b: must be a finite number, got inf"},
            {ScheduleFamily::PowerScheduler, [](Schedule& s) { s.tokensPerStep = -4096.0; },
             "tokens_per_step: must be > 0, got -4096"},
            {ScheduleFamily::PowerScheduler, [](Schedule& s) { s.decayFraction = 1.5; },
             "decay: must be in (0, 1], got 1.5"},
            {ScheduleFamily::PowerScheduler,
             [](Schedule& s) {
                 s.decayShape = DecayShape::Exponential;
                 s.floor = 0.0;
             },
             "floor: must be > 0 for an exponential decay, got 0"},
            {ScheduleFamily::PowerScheduler,
             [](Schedule& s) {
                 s.tokensPerStep = 1e6;  // 0.5 / sqrt(800e6) = 1.7677...e-5 at step 800
                 s.floor = 1e-4;
             },
             "floor: the floor LR 1e-4 is above the LR 1.767766952966369e-5 at the start of "
             "the decay (step 800)"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.pctStart = 1.0; },
             "pct_start: must be between 0 and 1 (exclusive), got 1"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.pctStart = -0.1; },
             "pct_start: must be between 0 and 1 (exclusive), got -0.1"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.pctStart = std::nan(""); },
             "pct_start: must be between 0 and 1 (exclusive), got nan"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.pctStart = 0.001; },
             "pct_start: 0.001 of 1000 steps leaves no rise: it ends at step pct_start * steps "
             "- 1 = 0, which must be > 0"},
            {ScheduleFamily::OneCycle,
             [](Schedule& s) {
                 s.threePhase = true;
                 s.pctStart = 0.6;  // valid with two phases
             },
             "pct_start: 0.6 is too large for three_phase: the fall ends at step 2 * pct_start "
             "* steps - 2 = 1198, which must be before the last step 999"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.divFactor = 0.5; },
             "div_factor: must be >= 1, got 0.5"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.finalDivFactor = std::nan(""); },
             "final_div_factor: must be a finite number, got nan"},
            {ScheduleFamily::OneCycle, [](Schedule& s) { s.warmupSteps = 10; },
             "warmup: must be 0 for one-cycle, whose rise over pct_start is its warmup; got 10"},
        };
        for (const Case& c : cases) {
            Schedule s = makeSchedule(c.family, 1000, 3e-4);
            if (c.family == ScheduleFamily::PowerScheduler) {
                s.powerA = 0.5;
                s.powerB = -0.5;
                s.tokensPerStep = 100.0;
            }
            QVERIFY(s.validate().ok());
            c.change(s);
            QCOMPARE(s.validate().error(), c.message);
        }
    }

    void keysAndNames() {
        const auto keysOf = [](ScheduleFamily family) {
            QStringList keys;
            for (const ScheduleParameterInfo& info : parameterKeys(family)) keys << info.key;
            return keys;
        };
        QCOMPARE(keysOf(ScheduleFamily::Rex),
                 QStringList({"steps", "peak", "warmup", "warmup_shape", "warmup_init", "floor",
                              "floor_ratio"}));
        QCOMPARE(keysOf(ScheduleFamily::PowerScheduler),
                 QStringList({"steps", "peak", "warmup", "warmup_shape", "warmup_init", "floor",
                              "floor_ratio", "power_a", "power_b", "tokens_per_step", "decay",
                              "decay_steps", "shape", "power"}));
        // One-cycle's rise is its warmup: no warmup keys, no floor.
        QCOMPARE(keysOf(ScheduleFamily::OneCycle),
                 QStringList({"steps", "peak", "pct_start", "anneal_strategy", "div_factor",
                              "final_div_factor", "three_phase"}));
        QCOMPARE(*familyFromName("rex"), ScheduleFamily::Rex);
        QCOMPARE(*familyFromName("power"), ScheduleFamily::PowerScheduler);
        QCOMPARE(*familyFromName("onecycle"), ScheduleFamily::OneCycle);
        QCOMPARE(annealStrategyName(AnnealStrategy::Cosine), QStringLiteral("cos"));
        QVERIFY(!annealStrategyFromName("cosine"));
    }

    // Files of the new families say version 2; older families still write version 1, so that
    // a program that reads only version 1 keeps reading them.
    void jsonVersionAndKeys() {
        Schedule cosine = makeSchedule(ScheduleFamily::Cosine, 1000, 3e-4);
        QCOMPARE(scheduleToJson(cosine).value("version").toInt(), 1);
        Schedule wsd = makeSchedule(ScheduleFamily::Wsd, 1000, 3e-4);
        QCOMPARE(scheduleToJson(wsd).value("version").toInt(), 1);
        wsd.decayShape = DecayShape::Rex;
        QCOMPARE(scheduleToJson(wsd).value("version").toInt(), 2);
        Schedule chain;
        chain.family = ScheduleFamily::Chain;
        chain.phases = {cosine, makeSchedule(ScheduleFamily::Rex, 500, 1e-4)};
        QCOMPARE(scheduleToJson(chain).value("version").toInt(), 2);

        Schedule oneCycle = makeSchedule(ScheduleFamily::OneCycle, 1000, 3e-4);
        oneCycle.threePhase = true;
        oneCycle.annealStrategy = AnnealStrategy::Linear;
        oneCycle.pctStart = 0.2;
        const QJsonObject json = scheduleToJson(oneCycle);
        QCOMPARE(json.value("version").toInt(), 2);
        QCOMPARE(json.value("three_phase"), QJsonValue(true));
        QCOMPARE(json.value("anneal_strategy").toString(), QStringLiteral("linear"));
        QVERIFY(!json.contains("warmup"));
        QVERIFY(!json.contains("floor"));
        const Result<Schedule> back = scheduleFromJson(json, QString());
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->threePhase, true);
        QCOMPARE(back->annealStrategy, AnnealStrategy::Linear);
        QCOMPARE(back->pctStart, 0.2);

        Schedule power = handPower();
        const Result<Schedule> powerBack = scheduleFromJson(scheduleToJson(power), QString());
        QVERIFY(powerBack.ok());
        QCOMPARE(powerBack->powerA, 0.5);
        QCOMPARE(powerBack->powerB, -0.5);
        QCOMPARE(powerBack->tokensPerStep, 100.0);
        QCOMPARE(powerBack->lrAt(950), power.lrAt(950));
    }

    // A project holds each schedule as its schedule file: the new families round-trip in it
    // with every parameter (the LR of every step the same), the file saying version 2 where a
    // schedule needs it.
    void projectRoundTrip() {
        Project project;
        Schedule rex = makeSchedule(ScheduleFamily::Rex, 1000, 3e-4, 50);
        rex.floorRatio = 0.05;
        Schedule power = handPower();
        power.decayShape = DecayShape::Rex;
        Schedule oneCycle = makeSchedule(ScheduleFamily::OneCycle, 1000, 1e-3 / 3.0);
        oneCycle.pctStart = 0.123;
        oneCycle.threePhase = true;
        oneCycle.divFactor = 7.5;
        oneCycle.finalDivFactor = 333.0;
        const std::vector<Schedule> designed = {rex, power, oneCycle};
        for (const Schedule& schedule : designed)
            project.schedules.push_back(
                {project.takeId(), schedule, QStringLiteral("#1f77b4"), true});
        const QJsonObject json = projectToJson(project);
        const QJsonArray schedules = json.value("schedules").toArray();
        QCOMPARE(schedules.size(), 3);
        for (const QJsonValue& entry : schedules)
            QCOMPARE(entry.toObject().value("schedule").toObject().value("version").toInt(), 2);
        const QByteArray text = QJsonDocument(json).toJson();
        const Result<Project> loaded =
            projectFromJson(QJsonDocument::fromJson(text).object(), QStringLiteral("p.json"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QCOMPARE(loaded->schedules.size(), designed.size());
        for (std::size_t i = 0; i < designed.size(); ++i) {
            const Schedule& back = loaded->schedules[i].schedule;
            QCOMPARE(back.family, designed[i].family);
            QVERIFY(back.sample().lr == designed[i].sample().lr);
            QCOMPARE(scheduleToJson(back), scheduleToJson(designed[i]));
        }
    }

    void jsonAndKeyValueErrors() {
        QJsonObject json = scheduleToJson(makeSchedule(ScheduleFamily::OneCycle, 1000, 3e-4));
        json.insert("three_phase", 1);
        QCOMPARE(scheduleFromJson(json, "o.json").error(),
                 QStringLiteral("o.json: three_phase: expected true or false, got a number"));
        json.insert("three_phase", false);
        json.insert("anneal_strategy", "cosine");
        QCOMPARE(scheduleFromJson(json, "o.json").error(),
                 QStringLiteral("o.json: anneal_strategy: unknown anneal strategy 'cosine' (cos, "
                                "linear)"));
        json.insert("anneal_strategy", "cos");
        json.insert("warmup", 10);
        QVERIFY(scheduleFromJson(json, "o.json")
                    .error()
                    .startsWith("o.json: warmup: not a key of the onecycle family"));

        QCOMPARE(scheduleFromKeyValues("onecycle", {"steps=100", "three_phase=yes"}).error(),
                 QStringLiteral("three_phase: expected true or false, got 'yes'"));
        QCOMPARE(scheduleFromKeyValues("power", {"steps=100", "power_b=x"}).error(),
                 QStringLiteral("power_b: expected a number, got 'x'"));
        QCOMPARE(scheduleFromKeyValues("power", {"steps=100", "power_b=nan"}).error(),
                 QStringLiteral("power_b: must be a finite number, got nan"));
        const Result<Schedule> ok =
            scheduleFromKeyValues("onecycle", {"steps=100", "three_phase=true", "pct_start=0.2"});
        QVERIFY2(ok.ok(), qPrintable(ok.error()));
        QVERIFY(ok->threePhase);
        QVERIFY(scheduleFromKeyValues("wsd", {"shape=rex"}).ok());
    }
};

QTEST_GUILESS_MAIN(TestScheduleFamilies)
#include "tst_schedule_families.moc"
