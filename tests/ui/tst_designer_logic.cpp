// The designer's logic without a window: handles and what moving them does, the parameter
// texts, free-form conversion and strokes, decimation, and the prediction engine and worker
// (previews close to exact, newer requests superseding older ones).
#include "ChartStyle.h"
#include "CurveDecimation.h"
#include "FreeFormConversion.h"
#include "PredictionEngine.h"
#include "PredictionWorker.h"
#include "ScheduleHandles.h"
#include "ScheduleKeyTexts.h"
#include "SchedulePresets.h"
#include "TickLabelAxis.h"
#include "XAxisScale.h"
#include "fit/FitJson.h"
#include "law/MultiPowerLaw.h"
#include "NumberText.h"
#include "schedule/PolylineSimplifier.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace annealer;

namespace {

Schedule wsd() {
    Schedule schedule;
    schedule.name = QStringLiteral("wsd");
    schedule.family = ScheduleFamily::Wsd;
    schedule.steps = 24000;
    schedule.peak = 3e-4;
    schedule.warmupSteps = 2160;
    schedule.floor = 3e-5;
    schedule.decaySteps = 4000;
    return schedule;
}

Schedule cosine(std::int64_t steps) {
    Schedule schedule;
    schedule.family = ScheduleFamily::Cosine;
    schedule.steps = steps;
    schedule.peak = 3e-4;
    schedule.warmupSteps = steps / 10;
    schedule.floorRatio = 0.1;
    return schedule;
}

ScheduleHandle handleOf(const Schedule& schedule, ScheduleHandle::Kind kind, int index = 0) {
    for (const ScheduleHandle& handle : scheduleHandles(schedule))
        if (handle.kind == kind && handle.index == index) return handle;
    return {};
}

// Multi-power parameters of the order the demo's fit finds.
std::vector<double> multipowerParameters() {
    return {3.15, 0.52, 0.5, 450.0, 0.05, 0.37, 0.9};
}

}  // namespace

class DesignerLogicTest : public QObject {
    Q_OBJECT

private slots:
    // The status bar reads a handle's LR to four digits in short form: a floor computed as
    // peak * ratio holds a double like 0.00020999999999999998, shown as 2.1e-4; one of 1.58e-4
    // typed in but held as 0.0001580000000073 as 1.58e-4.
    void handleDescriptionsReadShort() {
        Schedule schedule;
        schedule.family = ScheduleFamily::Cosine;
        schedule.steps = 24000;
        schedule.peak = 3e-4;
        schedule.floorRatio = 0.7;
        const double floor = schedule.floorLr();
        QVERIFY(!std::isnan(floor));
        for (const ScheduleHandle& handle : scheduleHandles(schedule)) {
            const QString text = handle.description();
            QVERIFY2(text.size() < 64, qPrintable(text));
            if (handle.kind == ScheduleHandle::Kind::Floor)
                QCOMPARE(text, QStringLiteral("Floor LR: 2.1e-4"));
        }
        schedule.floorRatio.reset();
        schedule.floor = 0.0001580000000073455247;
        bool floorSeen = false;
        for (const ScheduleHandle& handle : scheduleHandles(schedule)) {
            if (handle.kind != ScheduleHandle::Kind::Floor) continue;
            QCOMPARE(handle.description(), QStringLiteral("Floor LR: 1.58e-4"));
            floorSeen = true;
        }
        QVERIFY(floorSeen);
    }

    // A name the parameters gave follows them; a name the user gave stays (the presets are
    // named as their parameters say).
    void presetNamesAreTheirParameters() {
        for (const SchedulePreset& preset : schedulePresets(ScheduleBasics{}))
            QCOMPARE(describedName(preset.schedule), preset.title);
        Schedule cosine;
        cosine.family = ScheduleFamily::Cosine;
        cosine.floor = 0.0001580000000073455247;
        QCOMPARE(describedName(cosine), QStringLiteral("Cosine to 1.58e-4"));
        cosine.floorRatio = 0.05;
        QCOMPARE(describedName(cosine), QStringLiteral("Cosine to 5%"));
    }

    void handlesSitOnTheCurve() {
        const Schedule schedule = wsd();
        const auto handles = scheduleHandles(schedule);
        QCOMPARE(handles.size(), std::size_t(3));
        const ScheduleHandle decay = handleOf(schedule, ScheduleHandle::Kind::DecayStart);
        QCOMPARE(decay.step, std::int64_t(20000));
        QCOMPARE(decay.lr, 3e-4);
        const ScheduleHandle floor = handleOf(schedule, ScheduleHandle::Kind::Floor);
        QCOMPARE(floor.step, std::int64_t(23999));
        QCOMPARE(floor.lr, schedule.lrAt(23999));
        QVERIFY(!floor.movesStep && floor.movesLr);
    }

    void movingAHandleKeepsTheScheduleValid() {
        const Schedule schedule = wsd();
        // The warmup cannot run into the decay.
        Schedule moved =
            moveHandle(schedule, handleOf(schedule, ScheduleHandle::Kind::WarmupEnd), 23000, 3e-4);
        QVERIFY(moved.validate());
        QCOMPARE(moved.warmupSteps, std::int64_t(20000));
        // The decay start moves the decay length (in steps, as given).
        moved =
            moveHandle(schedule, handleOf(schedule, ScheduleHandle::Kind::DecayStart), 18000, 2e-4);
        QCOMPARE(*moved.decaySteps, std::int64_t(6000));
        QCOMPARE(moved.peak, 2e-4);
        // Floor: between 0 and the peak.
        moved = moveHandle(schedule, handleOf(schedule, ScheduleHandle::Kind::Floor), 0, 5e-4);
        QCOMPARE(moved.floor, 3e-4);
        moved = moveHandle(schedule, handleOf(schedule, ScheduleHandle::Kind::Floor), 0, -1.0);
        QCOMPARE(moved.floor, 0.0);

        Schedule steps;
        steps.family = ScheduleFamily::MultiStep;
        steps.steps = 1000;
        steps.milestones = {300, 600};
        moved = moveHandle(steps, handleOf(steps, ScheduleHandle::Kind::Milestone, 0), 900, 0);
        QCOMPARE(moved.milestones, (std::vector<std::int64_t>{599, 600}));

        Schedule free;
        free.family = ScheduleFamily::FreeForm;
        free.steps = 1000;
        free.points = {{0, 1e-3}, {500, 5e-4}, {999, 0.0}};
        moved = moveHandle(free, handleOf(free, ScheduleHandle::Kind::ControlPoint, 1), 2000, 7e-4);
        QCOMPARE(moved.points[1].step, std::int64_t(998));
        QCOMPARE(moved.points[1].lr, 7e-4);
    }

    void keyTextsEditLikeTheCommandLine() {
        const Schedule schedule = wsd();
        const auto texts = scheduleKeyTexts(schedule);
        QCOMPARE(texts.value(QStringLiteral("steps")), QStringLiteral("24000"));
        QCOMPARE(texts.value(QStringLiteral("decay_steps")), QStringLiteral("4000"));
        QVERIFY(!texts.contains(QStringLiteral("decay")));
        QVERIFY(!texts.contains(QStringLiteral("floor_ratio")));

        auto edited = withKeyText(schedule, QStringLiteral("floor_ratio"), QStringLiteral("0.2"));
        QVERIFY2(edited, qPrintable(edited.error()));
        QCOMPARE(*edited->floorRatio, 0.2);
        QCOMPARE(edited->floor, 0.0);
        QCOMPARE(edited->name, QStringLiteral("wsd"));
        edited = withKeyText(schedule, QStringLiteral("decay"), QStringLiteral("0.25"));
        QVERIFY(edited && !edited->decaySteps && edited->decayFraction == 0.25);

        edited = withKeyText(schedule, QStringLiteral("peak"), QStringLiteral("fast"));
        QVERIFY(!edited);
        QVERIFY2(edited.error().startsWith(QStringLiteral("peak:")), qPrintable(edited.error()));
        edited = withKeyText(schedule, QStringLiteral("warmup"), QStringLiteral("23000"));
        QVERIFY(!edited);

        const Schedule switched = withFamily(schedule, ScheduleFamily::Cosine);
        QCOMPARE(switched.family, ScheduleFamily::Cosine);
        QCOMPARE(switched.steps, schedule.steps);
        QCOMPARE(switched.peak, schedule.peak);
        QCOMPARE(switched.warmupSteps, schedule.warmupSteps);
        QCOMPARE(switched.floorLr(), schedule.floorLr());
    }

    void freeFormFollowsTheCurve() {
        const Schedule original = cosine(24000);
        const Schedule free = toFreeForm(original);
        QCOMPARE(free.family, ScheduleFamily::FreeForm);
        QCOMPARE(free.warmupSteps, original.warmupSteps);
        QVERIFY2(free.points.size() >= 5 && free.points.size() <= 40,
                 qPrintable(QString::number(free.points.size())));
        double worst = 0.0;
        for (std::int64_t step = 0; step < 24000; step += 37)
            worst = std::max(worst, std::abs(free.lrAt(step) - original.lrAt(step)));
        QVERIFY2(worst < 0.01 * original.peak, qPrintable(QString::number(worst)));

        // A stroke replaces the stretch it covers, and the rest stays.
        const Schedule drawn = withStroke(original, {{10000, 2e-4}, {15000, 1e-4}});
        QCOMPARE(drawn.lrAt(10000), 2e-4);
        QCOMPARE(drawn.lrAt(15000), 1e-4);
        QVERIFY(std::abs(drawn.lrAt(22000) - original.lrAt(22000)) < 0.01 * original.peak);
        // Inside the warmup a stroke has no say.
        const Schedule early = withStroke(original, {{100, 1e-3}, {200, 1e-3}});
        QCOMPARE(early.lrAt(100), original.lrAt(100));
    }

    void simplifyAndDecimate() {
        std::vector<double> xs, ys;
        for (int i = 0; i <= 100; ++i) {
            xs.push_back(i);
            ys.push_back((i % 2) * 0.5);  // jitter under 1
        }
        QCOMPARE(simplifyPolyline(xs, ys, 1.0, SimplifyDistance::Perpendicular).size(), std::size_t(2));
        QCOMPARE(simplifyPolyline(xs, ys, 1.0).size(), std::size_t(2));
        // A corner drawn down then right (x not increasing): the stroke keeps its corner.
        xs.clear();
        ys.clear();
        for (int i = 0; i <= 50; ++i) {
            xs.push_back(i);
            ys.push_back(0);
        }
        for (int i = 1; i <= 50; ++i) {
            xs.push_back(50);
            ys.push_back(i);
        }
        const auto simplified = simplifyPolyline(xs, ys, 1.0, SimplifyDistance::Perpendicular);
        QCOMPARE(simplified.size(), std::size_t(3));
        QCOMPARE(simplified[1], std::size_t(50));
        // Vertical distance on a curve y(x): a kink of height 2 is kept, one of 0.5 is not.
        const std::vector<double> x3 = {0, 1, 2}, kinked = {0, 2, 0}, flat = {0, 0.5, 0};
        QCOMPARE(simplifyPolyline(x3, kinked, 1.0).size(), std::size_t(3));
        QCOMPARE(simplifyPolyline(x3, flat, 1.0).size(), std::size_t(2));

        std::vector<QPointF> noisy;
        for (int i = 0; i < 100000; ++i)
            noisy.emplace_back(i, std::sin(i * 0.37) + (i == 777 ? 10 : 0));
        const auto decimated = decimateMinMax(noisy, 0, 99999, 500);
        QVERIFY(decimated.size() <= 1002);
        QCOMPARE(decimated.front(), noisy.front());
        QCOMPARE(decimated.back(), noisy.back());
        double highest = -10;
        for (const QPointF& point : decimated) highest = std::max(highest, point.y());
        QVERIFY(highest > 8.0);  // the spike survives
    }

    void previewIsCloseToExact() {
        PredictionEngine engine;
        PredictionRequest request;
        request.lawId = QStringLiteral("multipower");
        request.parameters = multipowerParameters();
        request.lawKey = lawIdentity(request.lawId, request.parameters);
        request.columns = 600;
        request.liveIds = {1};
        const Schedule schedule = cosine(1'000'000);
        request.jobs = {PredictionJob{1, schedule, scheduleIdentity(schedule), false}};
        std::vector<PredictedCurve> curves;
        engine.run(
            request, [&](PredictedCurve curve) { curves.push_back(std::move(curve)); },
            [] { return false; });
        QCOMPARE(curves.size(), std::size_t(2));
        QVERIFY(!curves[0].exact && curves[1].exact);
        QVERIFY(curves[0].error.isEmpty() && curves[1].error.isEmpty());
        const double relative =
            std::abs(curves[0].finalLoss - curves[1].finalLoss) / curves[1].finalLoss;
        QVERIFY2(relative < 2e-3, qPrintable(QString::number(relative)));
        QVERIFY(curves[0].points.size() <= 600);
        QVERIFY(curves[1].points.size() <= 1202);

        // The exact figure is the law's own, at the last step.
        auto law = makeLaw(request.lawId);
        const auto evaluator = (*law)->prepare(schedule.sample());
        const std::int64_t last = schedule.steps - 1;
        double value = 0.0;
        evaluator->evaluate(request.parameters, std::span<const std::int64_t>(&last, 1),
                            std::span<double>(&value, 1), nullptr);
        QCOMPARE(curves[1].finalLoss, value);

        // Asked again, nothing is computed: the exact curve comes from the cache at once.
        curves.clear();
        engine.run(
            request, [&](PredictedCurve curve) { curves.push_back(std::move(curve)); },
            [] { return false; });
        QCOMPARE(curves.size(), std::size_t(1));
        QVERIFY(curves[0].exact);
    }

    void aNewerRequestSupersedesOlderOnes() {
        PredictionWorker worker;
        std::vector<PredictedCurve> delivered;
        connect(&worker, &PredictionWorker::curveReady, this,
                [&](const PredictedCurve& curve) { delivered.push_back(curve); });
        QSignalSpy idle(&worker, &PredictionWorker::idle);
        QByteArray lastKey;
        for (int i = 0; i < 20; ++i) {
            Schedule schedule = cosine(1'000'000);
            schedule.warmupSteps = 10000 + 1000 * i;
            PredictionRequest request;
            request.lawId = QStringLiteral("multipower");
            request.parameters = multipowerParameters();
            request.lawKey = lawIdentity(request.lawId, request.parameters);
            request.liveIds = {1};
            lastKey = scheduleIdentity(schedule);
            request.jobs = {PredictionJob{1, schedule, lastKey, false}};
            worker.submit(std::move(request));
            QVERIFY(!worker.isIdle());
        }
        QVERIFY(idle.wait(60000));
        QTRY_VERIFY(worker.isIdle());
        QCOMPARE(idle.count(), 1);  // only the newest request finishes
        QVERIFY(!delivered.empty());
        // Twenty requests of a preview and an exact curve each, but the stale ones were dropped.
        QVERIFY2(delivered.size() < 10, qPrintable(QString::number(delivered.size())));
        QCOMPARE(delivered.back().scheduleKey, lastKey);
        QVERIFY(delivered.back().exact);
    }

    // Tick labels as people write the numbers: steps and tokens with the suffix of their
    // thousands ("0", "250", "5k", "1.5M", "2B"), LRs with a short exponent ("3e-4").
    void tickLabelsReadShort() {
        const std::pair<double, const char*> counts[] = {
            {0.0, "0"},      {250.0, "250"},    {500.0, "500"},     {1000.0, "1k"},
            {1500.0, "1.5k"}, {5000.0, "5k"},   {12500.0, "12.5k"}, {250000.0, "250k"},
            {1.5e6, "1.5M"}, {1.25e6, "1.25M"}, {2e9, "2B"},        {1e12, "1T"},
            {0.5, "0.5"},    {-5000.0, "-5k"},  {999999.7, "1M"},   {0.1 * 3 * 1e4, "3k"}};
        for (const auto& [value, text] : counts)
            QCOMPARE(compactNumber(value), QString::fromLatin1(text));
        const std::pair<double, const char*> lrs[] = {
            {1e-4, "1e-4"}, {3e-4, "3e-4"},   {1.5e-4, "1.5e-4"}, {0.0001580000000073, "1.58e-4"},
            {1e-2, "1e-2"}, {20.0, "2e+1"},   {0.0, "0"},         {2.9999999999e-5, "3e-5"}};
        for (const auto& [value, text] : lrs) QCOMPARE(exponentText(value), QString::fromLatin1(text));

        // The step axis of a schedule: display units times the scale's unit.
        const XAxisScale steps = XAxisScale::ofSteps(24000);
        QCOMPARE(steps.tickLabel(0.0), QStringLiteral("0"));
        QCOMPARE(steps.tickLabel(steps.toDisplay(5000.0)), QStringLiteral("5k"));
        QCOMPARE(steps.tickLabel(steps.maximum), QStringLiteral("25k"));
        const XAxisScale shortRun = XAxisScale::ofSteps(500);
        QCOMPARE(shortRun.tickLabel(shortRun.toDisplay(250.0)), QStringLiteral("250"));
        Project project;
        Schedule schedule = cosine(24000);
        project.schedules.push_back({});
        project.schedules.back().schedule = schedule;
        project.view.xUnit = XUnit::Tokens;
        project.view.tokensPerStep = 1e5;  // 2.4B tokens
        const XAxisScale tokens = XAxisScale::of(project);
        QCOMPARE(tokens.tickLabel(tokens.toDisplay(10000.0)), QStringLiteral("1B"));
        QCOMPARE(tokens.tickLabel(tokens.toDisplay(5000.0)), QStringLiteral("500M"));
    }

    // Log-axis ticks: the densest of 1-9, 1-2-5, 1-3 or decades that fits, never more than
    // asked, every one inside the range; a range within one step gets even round values.
    void logTicksFitTheRoom() {
        const auto check = [](double low, double high, int room, const std::vector<double>& expected) {
            const std::vector<double> ticks = logTickValues(low, high, room);
            QCOMPARE(ticks.size(), expected.size());
            for (std::size_t i = 0; i < ticks.size(); ++i) QCOMPARE(ticks[i], expected[i]);
        };
        check(1e-5, 1e-2, 4, {1e-5, 1e-4, 1e-3, 1e-2});
        check(1e-5, 1e-2, 7, {1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2});
        check(1e-4, 1e-3, 5, {1e-4, 2e-4, 5e-4, 1e-3});
        check(1e-4, 1e-3, 10, {1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 7e-4, 8e-4, 9e-4, 1e-3});
        check(1e-12, 1e0, 5, {1e-12, 1e-9, 1e-6, 1e-3, 1e0});
        // Inside 2e-4..3e-4: no 1-9 multiple but the ends; round steps of 2e-5.
        const std::vector<double> fine = logTickValues(2.05e-4, 2.95e-4, 6);
        QVERIFY(fine.size() >= 2 && fine.size() <= 6);
        for (std::size_t i = 0; i < fine.size(); ++i) {
            QVERIFY(fine[i] >= 2.05e-4 && fine[i] <= 2.95e-4);
            if (i > 0) QCOMPARE(exponentText(fine[i] - fine[i - 1], 2), exponentText(fine[1] - fine[0], 2));
        }
        for (int room = 2; room <= 12; ++room)
            for (const auto& [low, high] : {std::pair{3.3e-6, 7.7e-2}, std::pair{1e-300, 1e300}}) {
                const std::vector<double> ticks = logTickValues(low, high, room);
                const QString what = QStringLiteral("%1..%2 in %3: %4 ticks, %5..%6")
                                         .arg(low).arg(high).arg(room).arg(ticks.size())
                                         .arg(ticks.empty() ? 0.0 : ticks.front())
                                         .arg(ticks.empty() ? 0.0 : ticks.back());
                QVERIFY2(ticks.size() >= 2 && static_cast<int>(ticks.size()) <= room, qPrintable(what));
                QVERIFY2(std::is_sorted(ticks.begin(), ticks.end()), qPrintable(what));
                QVERIFY2(ticks.front() >= low * (1 - 1e-9) && ticks.back() <= high * (1 + 1e-9),
                         qPrintable(what));
            }
        QVERIFY(logTickValues(0.0, 1.0, 5).empty());
    }

    // A nice range's ticks are written exactly, with no decimal more than that needs: 2.75 is
    // never "2.8".
    void niceRangeLabelsAreExact() {
        for (const auto& [low, high] : {std::pair{2.2, 3.0}, std::pair{1.31, 2.96}, std::pair{-12.0, 12.0},
                                        std::pair{3.201, 3.2504}, std::pair{0.0, 4800.0}}) {
            const NiceRange range = niceRange(low, high);
            const QString format = range.labelFormat();
            const int decimals = format.mid(2, format.size() - 3).toInt();
            bool fewerSuffice = decimals > 0;
            for (int tick = 0; tick < range.tickCount; ++tick) {
                const double value = range.low + (range.high - range.low) * tick / (range.tickCount - 1);
                const QString label = QString::asprintf(qPrintable(format), value);
                QVERIFY2(std::abs(label.toDouble() - value) <= 1e-9 * std::max(1.0, std::abs(value)),
                         qPrintable(label + QStringLiteral(" for ") + QString::number(value, 'g', 17)));
                const QString shorter = QString::number(value, 'f', std::max(decimals - 1, 0));
                if (std::abs(shorter.toDouble() - value) > 1e-9 * std::max(1.0, std::abs(value)))
                    fewerSuffice = false;
            }
            QVERIFY2(!fewerSuffice, qPrintable(format));
        }
        QCOMPARE(niceRange(2.2, 3.0).labelFormat(), QStringLiteral("%.1f"));
    }
};

QTEST_GUILESS_MAIN(DesignerLogicTest)
#include "tst_designer_logic.moc"
