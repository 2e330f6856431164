// The families of the papers (REX, the power scheduler, one-cycle) in the designer as a user
// meets them: chosen in the parameter panel's family list, their keys in the panel, and one
// handle of each dragged on the LR chart with the mouse, changing its parameter, the curve and
// the panel, as one undoable edit.
#include "DemoWindow.h"

#include "LivePrediction.h"
#include "LrChartView.h"
#include "MainWindow.h"
#include "ParameterPanel.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "SchedulePresets.h"

#include <QComboBox>
#include <QLineEdit>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace annealer;

namespace {

constexpr int kTimeout = 60000;
const QString kCosine = QStringLiteral("Cosine to 10%");  // a demo schedule

}  // namespace

class DesignerFamiliesTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;

    const Project& project() { return window_->document()->project(); }
    ItemId scheduleNamed(const QString& name) {
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.schedule.name == name) return entry.id;
        return 0;
    }
    const Schedule& scheduleOf(ItemId id) { return project().findSchedule(id)->schedule; }

    std::optional<ScheduleHandle> handleOf(ScheduleHandle::Kind kind) {
        for (const ScheduleHandle& handle : window_->lrChart()->handles())
            if (handle.kind == kind) return handle;
        return std::nullopt;
    }

    // The demo's cosine, switched to `family` in the panel's family list as a user does.
    ItemId scheduleOfFamily(const QString& family) {
        const ItemId id = scheduleNamed(kCosine);
        window_->scheduleList()->setCurrentSchedule(id);
        auto* combo = qobject_cast<QComboBox*>(window_->parameterPanel()->field("family"));
        if (!combo) return 0;
        const int index = combo->findData(family);
        if (index < 0) return 0;
        combo->setCurrentIndex(index);
        emit combo->activated(index);
        return scheduleOf(id).family == familyFromName(family) ? id : 0;
    }

    // Drags `handle` by `offset` in six moves, as a hand does.
    void drag(const ScheduleHandle& handle, QPoint offset) {
        LrChartView* chart = window_->lrChart();
        const QPoint from = chart->handlePosition(handle);
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, from);
        for (int i = 1; i <= 6; ++i) {
            QTest::mouseMove(chart->viewport(), from + offset * i / 6);
            QCoreApplication::processEvents();
        }
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, from + offset);
    }

    QString fieldText(const QString& key) {
        auto* line = qobject_cast<QLineEdit*>(window_->parameterPanel()->field(key));
        return line ? line->text() : QString();
    }

private slots:
    void initTestCase() { useTestSettings(QStringLiteral("tst_designer_families")); }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
    }

    void cleanup() { window_.reset(); }

    // Each handle of the new families sets what its description says, to the dragged value.
    void handlesSetTheirParameters() {
        Schedule oneCycle;
        oneCycle.family = ScheduleFamily::OneCycle;
        oneCycle.steps = 1000;
        oneCycle.peak = 1e-3;
        oneCycle.warmupSteps = 0;
        const auto handle = [](const Schedule& s, ScheduleHandle::Kind kind) {
            for (const ScheduleHandle& h : scheduleHandles(s))
                if (h.kind == kind) return h;
            return ScheduleHandle{kind};
        };
        const ScheduleHandle start = handle(oneCycle, ScheduleHandle::Kind::CycleStart);
        QCOMPARE(start.step, std::int64_t(0));
        QCOMPARE(start.lr, 1e-3 / 25.0);
        QCOMPARE(moveHandle(oneCycle, start, 0, 1e-4).divFactor, 10.0);  // 1e-3 / 1e-4
        const ScheduleHandle last = handle(oneCycle, ScheduleHandle::Kind::CycleLast);
        QCOMPARE(last.step, std::int64_t(999));
        QCOMPARE(moveHandle(oneCycle, last, 999, 4e-7).finalDivFactor, 100.0);  // 4e-5 / 4e-7
        const ScheduleHandle top = handle(oneCycle, ScheduleHandle::Kind::CycleTop);
        QCOMPARE(top.step, std::int64_t(299));
        const Schedule moved = moveHandle(oneCycle, top, 199, 2e-3);
        QCOMPARE(moved.pctStart, 0.2);  // the rise ends at 0.2 * 1000 - 1 = 199
        QCOMPARE(moved.peak, 2e-3);
        QCOMPARE(moved.totalWarmupSteps(), std::int64_t(199));

        Schedule power = defaultScheduleOf(ScheduleFamily::PowerScheduler, {});
        QVERIFY2(power.validate().ok(), qPrintable(power.validate().error()));
        const ScheduleHandle level = handle(power, ScheduleHandle::Kind::DecayStart);
        const std::int64_t decayStart = power.steps - power.wsdDecaySteps();
        QCOMPARE(level.step, decayStart);
        const Schedule raised = moveHandle(power, level, decayStart, level.lr * 1.5);
        QVERIFY(std::abs(raised.lrAt(decayStart) / (level.lr * 1.5) - 1.0) < 1e-5);
        QCOMPARE(raised.peak, power.peak);
        // The warmup handle sets the peak (the law's cap) where the law is capped at the end
        // of warmup, and the warmup only where the law is below the cap there.
        const ScheduleHandle warmupEnd = handle(power, ScheduleHandle::Kind::WarmupEnd);
        QCOMPARE(warmupEnd.lr, power.peak);  // the preset's law meets the cap a quarter in
        QVERIFY(warmupEnd.movesStep && warmupEnd.movesLr);
        QCOMPARE(moveHandle(power, warmupEnd, power.warmupSteps, 2e-4).peak, 2e-4);
        Schedule late = power;
        late.warmupSteps = power.steps / 2;  // past where the law falls below the cap
        const ScheduleHandle lateEnd = handle(late, ScheduleHandle::Kind::WarmupEnd);
        QVERIFY(lateEnd.lr < late.peak);
        QVERIFY(lateEnd.movesStep && !lateEnd.movesLr);
    }

    void familyListHasTheNewFamilies() {
        auto* combo = qobject_cast<QComboBox*>(window_->parameterPanel()->field("family"));
        QVERIFY(combo);
        for (const char* name : {"rex", "power", "onecycle"})
            QVERIFY2(combo->findData(QString::fromLatin1(name)) >= 0, name);
    }

    // REX: the floor handle up raises the floor, the curve follows.
    void draggingTheRexFloor() {
        const ItemId id = scheduleOfFamily(QStringLiteral("rex"));
        QVERIFY(id != 0);
        QVERIFY(window_->parameterPanel()->field("floor"));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        const Schedule before = scheduleOf(id);
        const double finalBefore = window_->prediction()->curve(id)->finalLoss;
        const int commands = window_->document()->undoStack()->count();
        const auto floorHandle = handleOf(ScheduleHandle::Kind::Floor);
        QVERIFY(floorHandle.has_value());

        drag(*floorHandle, QPoint(0, -60));
        const Schedule& after = scheduleOf(id);
        QCOMPARE(after.family, ScheduleFamily::Rex);
        QVERIFY2(after.floorLr() > before.floorLr() * 1.5,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before.floorLr()).arg(after.floorLr())));
        QCOMPARE(after.peak, before.peak);
        QCOMPARE(window_->document()->undoStack()->count(), commands + 1);
        QCOMPARE(handleOf(ScheduleHandle::Kind::Floor)->lr, after.lrAt(after.steps - 1));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(window_->prediction()->curve(id)->finalLoss != finalBefore);

        window_->document()->undoStack()->undo();
        QCOMPARE(scheduleOf(id).floorLr(), before.floorLr());
    }

    // Power scheduler: the decay-start handle up sets a so that the power law there is higher;
    // the panel shows the new a.
    void draggingThePowerSchedulersLevel() {
        const ItemId id = scheduleOfFamily(QStringLiteral("power"));
        QVERIFY(id != 0);
        for (const char* key : {"power_a", "power_b", "tokens_per_step", "decay", "shape"})
            QVERIFY2(window_->parameterPanel()->field(QString::fromLatin1(key)), key);
        const Schedule before = scheduleOf(id);
        QVERIFY2(before.validate().ok(), qPrintable(before.validate().error()));
        const auto level = handleOf(ScheduleHandle::Kind::DecayStart);
        QVERIFY(level.has_value());
        const std::int64_t decayStart = before.steps - before.wsdDecaySteps();
        QCOMPARE(level->step, decayStart);
        QCOMPARE(level->lr, before.lrAt(decayStart));
        QVERIFY(level->lr < before.peak);  // below the cap: the law, not the peak
        const int commands = window_->document()->undoStack()->count();

        drag(*level, QPoint(0, -30));
        const Schedule& after = scheduleOf(id);
        QVERIFY2(after.powerA > before.powerA,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before.powerA).arg(after.powerA)));
        QCOMPARE(after.peak, before.peak);
        QCOMPARE(after.powerB, before.powerB);
        QVERIFY(after.lrAt(decayStart) > before.lrAt(decayStart));
        QCOMPARE(window_->document()->undoStack()->count(), commands + 1);
        QCOMPARE(fieldText("power_a").toDouble(), after.powerA);
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(window_->prediction()->curve(id)->exact);
    }

    // One-cycle: the top of the cycle dragged left ends the rise earlier (pct_start falls); the
    // end of warmup the laws see follows.
    void draggingTheOneCycleTop() {
        const ItemId id = scheduleOfFamily(QStringLiteral("onecycle"));
        QVERIFY(id != 0);
        QVERIFY(!window_->parameterPanel()->field("warmup"));
        QVERIFY(window_->parameterPanel()->field("pct_start"));
        const Schedule before = scheduleOf(id);
        const auto top = handleOf(ScheduleHandle::Kind::CycleTop);
        QVERIFY(top.has_value());
        QCOMPARE(top->step, before.totalWarmupSteps());
        QVERIFY(handleOf(ScheduleHandle::Kind::CycleStart).has_value());
        QVERIFY(handleOf(ScheduleHandle::Kind::CycleLast).has_value());
        const int commands = window_->document()->undoStack()->count();

        drag(*top, QPoint(-80, 0));
        const Schedule& after = scheduleOf(id);
        QVERIFY2(after.pctStart < before.pctStart - 0.05,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before.pctStart).arg(after.pctStart)));
        QVERIFY(after.totalWarmupSteps() < before.totalWarmupSteps());
        QCOMPARE(handleOf(ScheduleHandle::Kind::CycleTop)->step, after.totalWarmupSteps());
        QCOMPARE(fieldText("pct_start").toDouble(), after.pctStart);
        QCOMPARE(window_->document()->undoStack()->count(), commands + 1);
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(window_->prediction()->curve(id)->exact);

        window_->document()->undoStack()->undo();
        QCOMPARE(scheduleOf(id).pctStart, before.pctStart);
    }
};

QTEST_MAIN(DesignerFamiliesTest)
#include "tst_designer_families.moc"
