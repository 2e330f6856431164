// The designer window driven like a user would: real mouse drags on the LR chart, typing in
// the parameter panel, undo, files saved and opened, files dropped, and a corrupt project.
#include "DemoWindow.h"

#include "ChartStyle.h"
#include "FinalLossTable.h"
#include "ImportDialog.h"
#include "LivePrediction.h"
#include "LossChartView.h"
#include "LrChartView.h"
#include "MainWindow.h"
#include "NumberText.h"
#include "ParameterPanel.h"
#include "PredictionEngine.h"
#include "ProjectDocument.h"
#include "RecentFiles.h"
#include "ScheduleListPanel.h"
#include "TickLabelAxis.h"
#include "project/ProjectJson.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

using namespace annealer;

namespace {

constexpr int kTimeout = 60000;

// The demo's designed schedules (resources/demo/schedules, written by tools/make_demo_project.sh):
// the length, warmup and peak LR of the runs they are compared with.
constexpr std::int64_t kSteps = 2400;
constexpr std::int64_t kWarmup = 120;
constexpr double kPeak = 5e-3;
const QString kCosine = QStringLiteral("Cosine to 10%");
const QString kWsd = QStringLiteral("WSD, last 30% to zero");
const QString kLinear = QStringLiteral("Linear to zero");
constexpr std::int64_t kWsdDecaySteps = 3 * kSteps / 10;

std::vector<QPointF> pointsOf(const QXYSeries* series) {
    if (!series) return {};
    const QList<QPointF> points = series->points();
    return {points.begin(), points.end()};
}

}  // namespace

class DesignerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;
    QTemporaryDir dir_;

    ProjectDocument* document() { return window_->document(); }
    const Project& project() { return window_->document()->project(); }

    ItemId scheduleNamed(const QString& name) {
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.schedule.name == name) return entry.id;
        return 0;
    }
    const Schedule& scheduleOf(ItemId id) { return project().findSchedule(id)->schedule; }

    bool waitSettled() {
        return QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout);
    }

    std::vector<QPointF> lossCurve(ItemId id) {
        return pointsOf(window_->lossChart()->curveSeries(id));
    }

    std::optional<ScheduleHandle> handleOf(ScheduleHandle::Kind kind) {
        for (const ScheduleHandle& handle : window_->lrChart()->handles())
            if (handle.kind == kind) return handle;
        return std::nullopt;
    }

    void select(ItemId id) {
        window_->scheduleList()->setCurrentSchedule(id);
        QCOMPARE(window_->lrChart()->currentSchedule(), std::optional<ItemId>(id));
        QCOMPARE(window_->parameterPanel()->schedule(), id);
    }

    void typeInto(QWidget* field, const QString& text) {
        auto* line = qobject_cast<QLineEdit*>(field);
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
    }

private slots:
    void initTestCase() {
        useTestSettings(QStringLiteral("tst_designer"));
        QVERIFY(dir_.isValid());
    }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
    }

    void cleanup() { window_.reset(); }

    void demoOpensWithItsCurves() {
        QCOMPARE(project().schedules.size(), std::size_t(3));
        QCOMPARE(project().runs.size(), std::size_t(8));
        QCOMPARE(project().fits.size(), std::size_t(1));
        QCOMPARE(project().law.lawId, QStringLiteral("multipower"));
        QVERIFY(project().law.fitIndex.has_value());
        QVERIFY(dialogs_.errors.isEmpty());
        QVERIFY(window_->prediction()->problem().isEmpty());
        for (const ProjectSchedule& entry : project().schedules) {
            const std::vector<QPointF> curve = lossCurve(entry.id);
            QVERIFY2(curve.size() > 100, qPrintable(entry.schedule.name));
            const PredictedCurve* predicted = window_->prediction()->curve(entry.id);
            QVERIFY(predicted && predicted->exact && predicted->error.isEmpty());
            // The demo's tiny model at the end of 2400 steps: losses around 1.6 (see the runs).
            QVERIFY2(predicted->finalLoss > 1.5 && predicted->finalLoss < 1.7,
                     qPrintable(QString::number(predicted->finalLoss)));
            QVERIFY(window_->lrChart()->seriesOf(entry.id) != nullptr);
        }
        int shownRuns = 0;
        for (const ProjectRun& run : project().runs) {
            QScatterSeries* series = window_->lossChart()->runSeries(run.id);
            QCOMPARE(series != nullptr, run.visible);
            if (series) {
                QCOMPARE(series->count(), static_cast<int>(run.run.loss.size()));
                ++shownRuns;
            }
        }
        QVERIFY(shownRuns >= 2);
        // The cosine prediction follows the cosine run it was fitted on.
        const ItemId cosine = project().schedules.front().id;
        QCOMPARE(project().schedules.front().schedule.name, kCosine);
        const PredictedCurve* cosineCurve = window_->prediction()->curve(cosine);
        const Run& cosineRun = project().runs[1].run;
        QCOMPARE(cosineRun.name, QStringLiteral("cosine10"));
        QVERIFY(std::abs(cosineCurve->finalLoss - cosineRun.loss.back()) < 0.02);

        QTableWidget* table = window_->finalLossTable()->table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("baseline"));
        for (int row = 0; row < 3; ++row) QVERIFY(table->item(row, 1)->text().startsWith('1'));
    }

    void draggingAHandleChangesTheParameterAndTheCurve() {
        const ItemId wsd = scheduleNamed(kWsd);
        QVERIFY(wsd != 0);
        select(wsd);
        const auto handle = handleOf(ScheduleHandle::Kind::DecayStart);
        QVERIFY(handle.has_value());
        QCOMPARE(handle->step, kSteps - kWsdDecaySteps);
        const std::vector<QPointF> before = lossCurve(wsd);
        const double finalBefore = window_->prediction()->curve(wsd)->finalLoss;
        const int commandsBefore = document()->undoStack()->count();

        LrChartView* chart = window_->lrChart();
        const QPoint from = chart->handlePosition(*handle);
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, from);
        for (int i = 1; i <= 6; ++i) {
            QTest::mouseMove(chart->viewport(), from - QPoint(15 * i, 0));
            QCoreApplication::processEvents();
        }
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, from - QPoint(90, 0));

        // Earlier decay start: a longer decay; the peak stays where it was.
        const Schedule& dragged = scheduleOf(wsd);
        QVERIFY(dragged.decaySteps.has_value());
        QVERIFY2(*dragged.decaySteps > kWsdDecaySteps + kSteps / 20,
                 qPrintable(QString::number(*dragged.decaySteps)));
        QCOMPARE(dragged.peak, kPeak);
        // The whole drag is one undoable command.
        QCOMPARE(document()->undoStack()->count(), commandsBefore + 1);

        QVERIFY(waitSettled());
        const PredictedCurve* after = window_->prediction()->curve(wsd);
        QVERIFY(after->exact);
        QVERIFY(lossCurve(wsd) != before);
        QVERIFY2(std::abs(after->finalLoss - finalBefore) > 1e-4,
                 qPrintable(QStringLiteral("%1 -> %2").arg(finalBefore).arg(after->finalLoss)));
        // The handle follows the parameter.
        QCOMPARE(handleOf(ScheduleHandle::Kind::DecayStart)->step, kSteps - *dragged.decaySteps);

        // Undo restores both the parameter and the curve.
        document()->undoStack()->undo();
        QCOMPARE(*scheduleOf(wsd).decaySteps, kWsdDecaySteps);
        QVERIFY(waitSettled());
        QCOMPARE(lossCurve(wsd), before);
        QCOMPARE(window_->prediction()->curve(wsd)->finalLoss, finalBefore);
        QCOMPARE(handleOf(ScheduleHandle::Kind::DecayStart)->step, kSteps - kWsdDecaySteps);
    }

    void draggingShowsPreviewsThenTheExactCurve() {
        const ItemId cosine = scheduleNamed(kCosine);
        select(cosine);
        // A million-step schedule: while the mouse is down only previews are made.
        typeInto(window_->parameterPanel()->field(QStringLiteral("steps")),
                 QStringLiteral("1000000"));
        QCOMPARE(scheduleOf(cosine).steps, std::int64_t(1000000));
        QVERIFY(waitSettled());
        QVERIFY(window_->prediction()->curve(cosine)->exact);

        LrChartView* chart = window_->lrChart();
        const auto handle = handleOf(ScheduleHandle::Kind::Floor);
        QVERIFY(handle.has_value());
        const QPoint from = chart->handlePosition(*handle);
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(chart->viewport(), from - QPoint(0, 40));
        QVERIFY(
            QTest::qWaitFor([&] { return window_->prediction()->isCurrent(cosine); }, kTimeout));
        QVERIFY(!window_->prediction()->curve(cosine)->exact);
        QVERIFY(scheduleOf(cosine).floor > 0.1 * kPeak);
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, from - QPoint(0, 40));
        QVERIFY(waitSettled());
        QVERIFY(window_->prediction()->curve(cosine)->exact);
    }

    void typingInThePanelMovesTheHandle() {
        const ItemId cosine = scheduleNamed(kCosine);
        select(cosine);
        const auto before = handleOf(ScheduleHandle::Kind::WarmupEnd);
        QVERIFY(before.has_value());
        QCOMPARE(before->step, kWarmup);
        const QPoint beforeAt = window_->lrChart()->handlePosition(*before);

        typeInto(window_->parameterPanel()->field(QStringLiteral("warmup")),
                 QStringLiteral("600"));
        QCOMPARE(scheduleOf(cosine).warmupSteps, std::int64_t(600));
        const auto after = handleOf(ScheduleHandle::Kind::WarmupEnd);
        QCOMPARE(after->step, std::int64_t(600));
        const QPoint afterAt = window_->lrChart()->handlePosition(*after);
        QVERIFY2(afterAt.x() > beforeAt.x() + 20,
                 qPrintable(QStringLiteral("%1 -> %2").arg(beforeAt.x()).arg(afterAt.x())));
        QCOMPARE(afterAt.y(), beforeAt.y());
        QCOMPARE(afterAt, window_->lrChart()->positionOf(600, kPeak).toPoint());

        typeInto(window_->parameterPanel()->field(QStringLiteral("peak")), QStringLiteral("1e-2"));
        QCOMPARE(scheduleOf(cosine).peak, 1e-2);
        QCOMPARE(handleOf(ScheduleHandle::Kind::WarmupEnd)->lr, 1e-2);

        // A value the schedule refuses: a message naming the key, and nothing changes.
        const int commands = document()->undoStack()->count();
        typeInto(window_->parameterPanel()->field(QStringLiteral("warmup")),
                 QStringLiteral("3000"));
        QVERIFY2(window_->parameterPanel()->errorText().contains(QStringLiteral("warmup")),
                 qPrintable(window_->parameterPanel()->errorText()));
        QCOMPARE(scheduleOf(cosine).warmupSteps, std::int64_t(600));
        QCOMPARE(document()->undoStack()->count(), commands);

        // And the handles keep the panel in step the other way.
        document()->undoStack()->undo();
        QCOMPARE(qobject_cast<QLineEdit*>(window_->parameterPanel()->field(QStringLiteral("peak")))
                     ->text(),
                 shortestText(kPeak));
    }

    void drawModeTurnsAStrokeIntoControlPoints() {
        const ItemId linear = scheduleNamed(kLinear);
        select(linear);
        LrChartView* chart = window_->lrChart();
        chart->setDrawMode(true);
        // A stroke from the end of warmup: flat, then a straight fall to near zero.
        const QPoint start = chart->positionOf(400, 0.8 * kPeak).toPoint();
        const QPoint knee = chart->positionOf(1400, 0.8 * kPeak).toPoint();
        const QPoint end = chart->positionOf(2300, 0.06 * kPeak).toPoint();
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, start);
        for (int i = 1; i <= 10; ++i)
            QTest::mouseMove(chart->viewport(), start + (knee - start) * i / 10);
        for (int i = 1; i <= 10; ++i)
            QTest::mouseMove(chart->viewport(), knee + (end - knee) * i / 10);
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, end);

        const Schedule& drawn = scheduleOf(linear);
        QCOMPARE(drawn.family, ScheduleFamily::FreeForm);
        QCOMPARE(drawn.warmupSteps, kWarmup);
        // Simplified: a handful of points, not one per mouse event.
        QVERIFY2(drawn.points.size() >= 3 && drawn.points.size() <= 8,
                 qPrintable(QString::number(drawn.points.size())));
        QVERIFY(std::abs(drawn.lrAt(900) - 0.8 * kPeak) < 0.03 * kPeak);
        QVERIFY(drawn.lrAt(2200) < 0.2 * kPeak);
        // Editable afterwards: each point is a handle.
        chart->setDrawMode(false);
        QCOMPARE(chart->handles().size(), drawn.points.size());
        QVERIFY(waitSettled());
        // A double click adds a point where it is; undo takes it away again.
        const std::size_t before = drawn.points.size();
        const QPoint extra = chart->positionOf(1900, 0.3 * kPeak).toPoint();
        QTest::mouseDClick(chart->viewport(), Qt::LeftButton, {}, extra);
        QCOMPARE(scheduleOf(linear).points.size(), before + 1);
        QVERIFY(std::abs(scheduleOf(linear).lrAt(1900) - 0.3 * kPeak) < 0.015 * kPeak);
        document()->undoStack()->undo();
        QCOMPARE(scheduleOf(linear).points.size(), before);
        document()->undoStack()->undo();
        QCOMPARE(scheduleOf(linear).family, ScheduleFamily::Linear);
    }

    // Duplicates of a schedule differ only at the end of their names ("(copy 2)", "(copy 3)"):
    // at the smallest window the final-loss table elides the name in the middle, so the two
    // rows still read differently, and the tooltip gives the whole name.
    void finalLossTableTellsDuplicatesApart() {
        window_->resize(1024, 700);
        ScheduleListPanel* list = window_->scheduleList();
        select(scheduleNamed(kCosine));
        for (int copy = 0; copy < 3; ++copy) {
            select(scheduleNamed(kCosine));
            list->duplicateCurrent();
        }
        QVERIFY(waitSettled());
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::processEvents();
            QTest::qWait(20);
        }
        QTableWidget* table = window_->finalLossTable()->table();
        const QString second = kCosine + QStringLiteral(" (copy 2)");
        const QString third = kCosine + QStringLiteral(" (copy 3)");
        const auto shown = [&](const QString& name) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (QTableWidgetItem* item = table->item(row, 0); item && item->text() == name) {
                    if (item->toolTip() != name) return QStringLiteral("tooltip ") + item->toolTip();
                    // As the view draws it: the column less the item's margins and swatch.
                    const QRect cell = table->visualItemRect(item);
                    QStyleOptionViewItem option;
                    option.initFrom(table);
                    option.rect = cell;
                    option.font = table->font();
                    option.textElideMode = table->textElideMode();
                    option.features |= QStyleOptionViewItem::HasDisplay;
                    option.text = name;
                    if (!item->icon().isNull()) {
                        option.features |= QStyleOptionViewItem::HasDecoration;
                        option.icon = item->icon();
                        option.decorationSize = table->iconSize();
                    }
                    const QRect text = table->style()->subElementRect(
                        QStyle::SE_ItemViewItemText, &option, table);
                    const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
                    return table->fontMetrics().elidedText(name, table->textElideMode(),
                                                           text.width() - 2 * margin);
                }
            return QStringLiteral("no row");
        };
        const QString secondShown = shown(second), thirdShown = shown(third);
        QVERIFY2(secondShown != QStringLiteral("no row") && !secondShown.startsWith(QStringLiteral("tooltip")),
                 qPrintable(secondShown));
        QVERIFY2(thirdShown != QStringLiteral("no row") && !thirdShown.startsWith(QStringLiteral("tooltip")),
                 qPrintable(thirdShown));
        QVERIFY2(secondShown != thirdShown,
                 qPrintable(QStringLiteral("both read \"%1\" in a column %2 px wide")
                                .arg(secondShown).arg(table->columnWidth(0))));
        // The text as computed above is what the view draws only unwrapped: a wrapped name was
        // cut line by line ("WSD, l…% to …").
        QVERIFY(!table->wordWrap());
    }

    void scheduleListEditsAreUndoable() {
        ScheduleListPanel* list = window_->scheduleList();
        const ItemId cosine = scheduleNamed(kCosine);
        select(cosine);
        list->addPreset(1);  // WSD
        QCOMPARE(project().schedules.size(), std::size_t(4));
        QCOMPARE(project().schedules[1].schedule.family, ScheduleFamily::Wsd);
        QCOMPARE(list->currentSchedule(), project().schedules[1].id);
        list->duplicateCurrent();
        QCOMPARE(project().schedules.size(), std::size_t(5));
        QVERIFY(project().schedules[2].schedule.name.endsWith(QStringLiteral("(copy)")));
        QVERIFY(project().schedules[2].colour != project().schedules[1].colour);
        QVERIFY(waitSettled());
        QVERIFY(window_->lossChart()->curveSeries(project().schedules[2].id)->count() > 100);

        // Hide through the list's check box, rename through its editor role.
        QAbstractItemModel* model = list->listView()->model();
        QVERIFY(model->setData(model->index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!project().schedules[0].visible);
        QVERIFY(window_->lossChart()->curveSeries(cosine) == nullptr);
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("Cosine renamed"), Qt::EditRole));
        QCOMPARE(project().schedules[0].schedule.name, QStringLiteral("Cosine renamed"));

        list->setCurrentSchedule(project().schedules[2].id);
        list->deleteCurrent();
        QCOMPARE(project().schedules.size(), std::size_t(4));

        QUndoStack* stack = document()->undoStack();
        for (int i = 0; i < 5; ++i) stack->undo();
        QCOMPARE(project().schedules.size(), std::size_t(3));
        QCOMPARE(project().schedules[0].schedule.name, kCosine);
        QVERIFY(project().schedules[0].visible);
        QVERIFY(!document()->isModified());
        QVERIFY(waitSettled());
        QVERIFY(window_->lossChart()->curveSeries(cosine)->count() > 100);
    }

    void saveAndOpenRoundTrip() {
        // Change a bit of everything the file holds.
        const ItemId wsd = scheduleNamed(kWsd);
        select(wsd);
        typeInto(window_->parameterPanel()->field(QStringLiteral("name")),
                 QStringLiteral("My WSD"));
        typeInto(window_->parameterPanel()->field(QStringLiteral("floor")), QStringLiteral("1e-4"));
        window_->scheduleList()->baselineAction()->trigger();
        QVERIFY(document()->isModified());

        const QString path = dir_.filePath(QStringLiteral("round.annealer"));
        QSignalSpy saved(window_.get(), &MainWindow::projectSaved);
        window_->saveProjectAs(path);
        QVERIFY(saved.wait(kTimeout));
        QVERIFY(dialogs_.errors.isEmpty());
        QVERIFY(!document()->isModified());
        QCOMPARE(document()->filePath(), path);
        QCOMPARE(window_->recentFiles()->files().value(0), path);
        QVERIFY(window_->windowTitle().startsWith(QStringLiteral("round.annealer")));

        MainWindow second;
        FakeUserDialogs secondDialogs;
        second.setUserDialogs(&secondDialogs);
        QSignalSpy opened(&second, &MainWindow::projectOpened);
        second.openProject(path);
        QVERIFY(opened.wait(kTimeout));
        QVERIFY(secondDialogs.errors.isEmpty());
        const Project& loaded = second.document()->project();
        QCOMPARE(projectToJson(loaded), projectToJson(project()));
        QCOMPARE(loaded.schedules[1].schedule.name, QStringLiteral("My WSD"));
        QCOMPARE(loaded.schedules[1].schedule.floor, 1e-4);
        QCOMPARE(loaded.baseline, std::optional<ItemId>(loaded.schedules[1].id));
        // Runs come back with their data, bit for bit.
        QCOMPARE(loaded.runs.size(), project().runs.size());
        for (std::size_t i = 0; i < loaded.runs.size(); ++i) {
            QCOMPARE(loaded.runs[i].run.schedule.lr, project().runs[i].run.schedule.lr);
            QCOMPARE(loaded.runs[i].run.loss, project().runs[i].run.loss);
            QCOMPARE(loaded.runs[i].run.lossSteps, project().runs[i].run.lossSteps);
            QCOMPARE(loaded.runs[i].visible, project().runs[i].visible);
        }
        QVERIFY(QTest::qWaitFor([&] { return second.isSettled(); }, kTimeout));
        QCOMPARE(second.prediction()->curve(loaded.schedules[1].id)->finalLoss,
                 window_->prediction()->curve(wsd)->finalLoss);
    }

    void aCorruptProjectGivesAClearMessageAndTheWindowSurvives() {
        // The user has made a change they do not want to lose.
        const ItemId cosine = scheduleNamed(kCosine);
        select(cosine);
        typeInto(window_->parameterPanel()->field(QStringLiteral("warmup")),
                 QStringLiteral("1000"));
        const QJsonObject had = projectToJson(project());

        QJsonObject json = projectToJson(project());
        QJsonArray runs = json.value(QStringLiteral("runs")).toArray();
        QJsonObject run = runs.at(1).toObject();
        QJsonObject loss = run.value(QStringLiteral("loss")).toObject();
        QJsonArray values = loss.value(QStringLiteral("values")).toArray();
        values.replace(3, QStringLiteral("oops"));
        loss.insert(QStringLiteral("values"), values);
        run.insert(QStringLiteral("loss"), loss);
        runs.replace(1, run);
        json.insert(QStringLiteral("runs"), runs);
        const QString corrupt = dir_.filePath(QStringLiteral("corrupt.annealer"));
        QVERIFY(writeFile(corrupt, QJsonDocument(json).toJson()));
        const QString newer = dir_.filePath(QStringLiteral("newer.annealer"));
        json = projectToJson(project());
        json.insert(QStringLiteral("version"), 7);
        QVERIFY(writeFile(newer, QJsonDocument(json).toJson()));
        const QString garbage = dir_.filePath(QStringLiteral("garbage.annealer"));
        QVERIFY(writeFile(garbage, "{\"format\": \"annealer.project\", \"schedules\": [ }"));
        // A schedule at peak LR 1e308 (it made the log LR axis recurse in Qt Charts until the
        // stack overflowed), with the log axis on and off: refused where the file is read.
        QString extreme[2];
        for (int logLr = 0; logLr < 2; ++logLr) {
            json = projectToJson(project());
            QJsonArray schedules = json.value(QStringLiteral("schedules")).toArray();
            QJsonObject entry = schedules.at(0).toObject();
            QJsonObject schedule = entry.value(QStringLiteral("schedule")).toObject();
            schedule.insert(QStringLiteral("peak"), 1e308);
            entry.insert(QStringLiteral("schedule"), schedule);
            schedules.replace(0, entry);
            json.insert(QStringLiteral("schedules"), schedules);
            QJsonObject view = json.value(QStringLiteral("view")).toObject();
            view.insert(QStringLiteral("log_lr"), logLr == 1);
            json.insert(QStringLiteral("view"), view);
            extreme[logLr] = dir_.filePath(QStringLiteral("extreme%1.annealer").arg(logLr));
            QVERIFY(writeFile(extreme[logLr], QJsonDocument(json).toJson()));
        }

        struct Case {
            QString path;
            QString expected;
        };
        for (const Case& bad :
             {Case{corrupt, QStringLiteral("runs[1].loss.values[3]: expected a number")},
              Case{newer, QStringLiteral("version: 7 is newer")},
              Case{garbage, QStringLiteral("not valid JSON")},
              Case{extreme[0], QStringLiteral("schedules[0].schedule: peak: must be below 1000")},
              Case{extreme[1], QStringLiteral("schedules[0].schedule: peak: must be below 1000")}}) {
            dialogs_.errors.clear();
            QSignalSpy shown(window_.get(), &MainWindow::errorShown);
            window_->openProject(bad.path);
            QVERIFY(shown.wait(kTimeout));
            QCOMPARE(dialogs_.errors.size(), 1);
            const QString message = dialogs_.errors.first();
            QVERIFY2(message.contains(bad.path) && message.contains(bad.expected),
                     qPrintable(message));
            // Still the project the user had, change included.
            QCOMPARE(projectToJson(project()), had);
            QVERIFY(document()->isModified());
            QCOMPARE(scheduleOf(cosine).warmupSteps, std::int64_t(1000));
            QVERIFY(window_->isVisible());
        }
        QVERIFY(waitSettled());
        QVERIFY(window_->lossChart()->curveSeries(cosine)->count() > 100);
    }

    // Closing the window while a 50M-step schedule is being predicted exactly (sampled and
    // prepared on the worker thread, seconds of work) stops that work instead of waiting for it:
    // the work asks whether it is still wanted every few million steps. Asserted on the work
    // done, not on wall time (a loaded machine stretches both): the request is given up and its
    // exact curve is never computed. (The time it takes: bench_designer.)
    void closingDuringALongPredictionStopsIt() {
        const ItemId cosine = scheduleNamed(QStringLiteral("Cosine to 10%"));
        select(cosine);
        typeInto(window_->parameterPanel()->field(QStringLiteral("steps")),
                 QStringLiteral("50000000"));
        QCOMPARE(scheduleOf(cosine).steps, std::int64_t(50'000'000));
        // The preview comes first; then the exact curve's long work begins.
        QVERIFY(QTest::qWaitFor([&] {
            const PredictedCurve* curve = window_->prediction()->curve(cosine);
            return curve && curve->finalStep == 50'000'000 - 1;
        }, kTimeout));
        const PredictionEngine::WorkDone before = PredictionEngine::workDone();
        QVERIFY2(!window_->isSettled(), "the exact 50M-step prediction was already done");
        QVERIFY(!window_->prediction()->curve(cosine)->exact);
        window_.reset();  // returns once the worker thread has ended
        const PredictionEngine::WorkDone after = PredictionEngine::workDone();
        QCOMPARE(after.requestsGivenUp - before.requestsGivenUp, std::int64_t{1});
        QCOMPARE(after.exactCurves, before.exactCurves);
    }

    void droppedLogsBecomeRuns() {
        // A copy of one of the demo's curves, under a name of its own.
        const QString log = dir_.filePath(QStringLiteral("cooldown_run.csv"));
        QFile::remove(log);
        QVERIFY(QFile::copy(QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/wsd10.csv"), log));
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(log)});
        const QPoint at(400, 400);
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window_.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window_.get(), &drop);
        // The import dialog shows what the log holds; Add takes its run.
        QVERIFY(QTest::qWaitFor([&] { return window_->importDialog() != nullptr; }, kTimeout));
        ImportDialog* dialog = window_->importDialog();
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isAssembling(); }, kTimeout));
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return project().runs.size() == 9; }, kTimeout));
        const ProjectRun& added = project().runs.back();
        QCOMPARE(added.run.name, QStringLiteral("cooldown_run"));
        QVERIFY(added.run.source.endsWith(QStringLiteral("/cooldown_run.csv")));
        QVERIFY(window_->lossChart()->runSeries(added.id)->count() > 50);
        document()->undoStack()->undo();
        QCOMPARE(project().runs.size(), std::size_t(8));
        delete mime;

        // A file that is not a log: a message, nothing added.
        const QString junk = dir_.filePath(QStringLiteral("junk.csv"));
        QVERIFY(writeFile(junk, "this is not a log\n"));
        QSignalSpy shown(window_.get(), &MainWindow::errorShown);
        window_->importFiles({junk});
        QVERIFY(shown.wait(kTimeout));
        QVERIFY(dialogs_.errors.first().contains(junk));
        QCOMPARE(project().runs.size(), std::size_t(8));
    }

    // Reading large logs shows its progress in the status bar and can be stopped there; a
    // cancelled import adds nothing and says so.
    void importProgressAndCancel() {
        const QString log = dir_.filePath(QStringLiteral("long.csv"));
        QByteArray text = "step,lr,loss\n";
        for (int s = 1; text.size() < (8 << 20); ++s)
            text += QByteArray::number(s) + ",0.0003," + QByteArray::number(3.0 + 1.0 / s) + "\n";
        QVERIFY(writeFile(log, text));
        const QStringList paths(40, log);  // 320 MB to read
        auto* progress = window_->findChild<QProgressBar*>(QStringLiteral("importProgress"));
        auto* cancel = window_->findChild<QToolButton*>(QStringLiteral("importCancel"));
        QVERIFY(progress && cancel);
        QVERIFY(!progress->isVisible() && !cancel->isVisible());
        const std::size_t runs = project().runs.size();
        const qsizetype errors = dialogs_.errors.size();

        window_->importFiles(paths);
        QVERIFY(progress->isVisible() && cancel->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return progress->value() > 0; }, kTimeout));
        QVERIFY(progress->text().startsWith(QStringLiteral("long.csv")));
        QVERIFY(progress->value() < progress->maximum());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !progress->isVisible(); }, kTimeout));
        QVERIFY(!cancel->isVisible());
        QCOMPARE(window_->statusBar()->currentMessage(),
                 QStringLiteral("Import cancelled; nothing was added"));
        QVERIFY(window_->importDialog() == nullptr);
        QCOMPARE(project().runs.size(), runs);
        QCOMPARE(dialogs_.errors.size(), errors);
    }

    void typedInLawParametersPredict() {
        const ItemId cosine = scheduleNamed(kCosine);
        const double before = window_->prediction()->curve(cosine)->finalLoss;
        QLineEdit* l0 = window_->findChild<QLineEdit*>(QStringLiteral("law_L0"));
        QVERIFY(l0);
        const double oldL0 = project().law.parameters[0];
        typeInto(l0, QString::number(oldL0 + 0.1, 'g', 17));
        QVERIFY(!project().law.fitIndex.has_value());
        QVERIFY(waitSettled());
        QVERIFY(std::abs(window_->prediction()->curve(cosine)->finalLoss - (before + 0.1)) < 1e-9);
        document()->undoStack()->undo();
        QVERIFY(project().law.fitIndex.has_value());
        QVERIFY(waitSettled());
        QCOMPARE(window_->prediction()->curve(cosine)->finalLoss, before);
    }

    void viewSettingsShortcutsAndPalette() {
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        const ItemId cosine = scheduleNamed(kCosine);
        select(cosine);
        LrChartView* chart = window_->lrChart();
        chart->setFocus();
        QTRY_VERIFY(chart->hasFocus());
        const auto verticalAxisType = [&] {
            return chart->chart()->axes(Qt::Vertical).first()->type();
        };
        QCOMPARE(verticalAxisType(), QAbstractAxis::AxisTypeValue);

        const int undoSteps = document()->undoStack()->count();
        QTest::keyClick(window_->windowHandle(), Qt::Key_L, Qt::ControlModifier);  // log LR axis
        QVERIFY(project().view.logLr);
        QCOMPARE(verticalAxisType(), QAbstractAxis::AxisTypeLogValue);
        for (const ScheduleHandle& handle : chart->handles())
            QVERIFY(
                chart->plotRect().adjusted(-1, -1, 1, 1).contains(chart->handlePosition(handle)));
        const QPoint warmupEnd = chart->handlePosition(*handleOf(ScheduleHandle::Kind::WarmupEnd));

        QTest::keyClick(window_->windowHandle(), Qt::Key_T, Qt::ControlModifier);  // tokens on x
        QCOMPARE(project().view.xUnit, XUnit::Tokens);
        QVERIFY(chart->xScale().title.contains(QStringLiteral("tokens")));
        // 2400 steps of 1024 tokens: 2.5 million tokens, on the same pixels as before.
        QCOMPARE(chart->xLabels()->tickLabels().front(), QStringLiteral("0"));
        QVERIFY2(chart->xLabels()->tickLabels().back().endsWith(QLatin1Char('M')),
                 qPrintable(chart->xLabels()->tickLabels().join(QLatin1Char(' '))));
        QVERIFY(std::abs(chart->handlePosition(*handleOf(ScheduleHandle::Kind::WarmupEnd)).x() -
                         warmupEnd.x()) <= 30);

        // View toggles are not edits: no undo step, the project not modified.
        QCOMPARE(document()->undoStack()->count(), undoSteps);
        QVERIFY(!document()->isModified());
        QTest::keyClick(window_->windowHandle(), Qt::Key_L, Qt::ControlModifier);
        QTest::keyClick(window_->windowHandle(), Qt::Key_T, Qt::ControlModifier);
        QVERIFY(!project().view.logLr);
        QCOMPARE(project().view.xUnit, XUnit::Steps);
        QCOMPARE(verticalAxisType(), QAbstractAxis::AxisTypeValue);
        QCOMPARE(document()->undoStack()->count(), undoSteps);

        // A dark system palette: the charts follow it.
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(QStringLiteral("#202124")));
        dark.setColor(QPalette::Base, QColor(QStringLiteral("#17181a")));
        dark.setColor(QPalette::WindowText, QColor(QStringLiteral("#e8eaed")));
        dark.setColor(QPalette::Text, QColor(QStringLiteral("#e8eaed")));
        QApplication::setPalette(dark);
        QCoreApplication::processEvents();
        QCOMPARE(chart->chart()->backgroundBrush().color(), QColor(QStringLiteral("#202124")));
        QCOMPARE(plotBackgroundBrush(window_->lossChart()->chart()).color(),
                 QColor(QStringLiteral("#17181a")));
        QCOMPARE(plotBackgroundBrush(chart->chart()).color(), QColor(QStringLiteral("#17181a")));
        QApplication::setPalette(light);
    }

private:
    static bool writeFile(const QString& path, const QByteArray& bytes) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }
};

QTEST_MAIN(DesignerTest)
#include "tst_designer.moc"
