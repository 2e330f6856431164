// The designer's charts at every size: after each resize of the real window, the axes' grid
// lines and tick labels sit where the chart maps their values (the curves' own mapping), the
// plot area follows the view, and Qt Charts prints no warning. And chart axes stay finite for
// values no valid input holds (an LR of 1e308 on a log axis).
#include "DemoWindow.h"

#include "LossChartView.h"
#include "LossLegend.h"
#include "ScheduleListPanel.h"
#include "LrChartView.h"
#include "ProjectDocument.h"
#include "TickLabelChecks.h"
#include "XAxisScale.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QApplication>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QLabel>
#include <QScreen>
#include <QSettings>
#include <QAreaSeries>
#include <QLogValueAxis>
#include <QSignalSpy>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <set>

using namespace annealer;
using tick_label_checks::checkTickLabels;

namespace {

// Warnings from Qt Charts ("Axis already attached to series.", "Can not find axis on the
// chart.", ...) collected for the test to fail on; everything goes on to the default handler.
QStringList chartWarnings;
QtMessageHandler previousHandler = nullptr;

void collectChartWarnings(QtMsgType type, const QMessageLogContext& context, const QString& text) {
    const bool fromCharts = QByteArray(context.category ? context.category : "").startsWith("qt.charts") ||
                            text.contains(QStringLiteral("xis")) ||
                            text.contains(QStringLiteral("eries"));
    if (type != QtDebugMsg && type != QtInfoMsg && fromCharts) chartWarnings.append(text);
    if (previousHandler) previousHandler(type, context, text);
}

// The x (vertical lines) or y (horizontal lines) positions, in chart coordinates, of the grid
// lines the axes drew inside the plot area.
QList<double> gridPositions(QChart* chart, Qt::Orientation along) {
    QList<double> positions;
    const QRectF plot = chart->plotArea();
    for (QGraphicsItem* item : chart->scene()->items()) {
        auto* line = qgraphicsitem_cast<QGraphicsLineItem*>(item);
        if (!line || !line->isVisible()) continue;
        const QLineF inChart(chart->mapFromScene(line->mapToScene(line->line().p1())),
                             chart->mapFromScene(line->mapToScene(line->line().p2())));
        const bool vertical = std::abs(inChart.dx()) < 0.5 && std::abs(inChart.dy()) > 0.9 * plot.height();
        const bool horizontal = std::abs(inChart.dy()) < 0.5 && std::abs(inChart.dx()) > 0.9 * plot.width();
        if (along == Qt::Horizontal && vertical) positions.append(inChart.x1());
        if (along == Qt::Vertical && horizontal) positions.append(inChart.y1());
    }
    std::sort(positions.begin(), positions.end());
    return positions;
}

// Every tick of the axis (their values from its range and tick count) has a grid line where the
// chart maps the value, and the plot area fills the chart's size but for the label margins.
void checkAxesAgree(QChart* chart, const QString& where) {
    const QRectF plot = chart->plotArea();
    QVERIFY2(plot.width() > 100 && plot.height() > 50, qPrintable(where));
    QVERIFY2(plot.right() <= chart->size().width() && plot.right() > chart->size().width() - 120,
             qPrintable(where + QStringLiteral(": plot area right %1, chart width %2")
                                    .arg(plot.right())
                                    .arg(chart->size().width())));
    // The plot area's background (an opaque rectangle of the Base colour) is drawn over the
    // plot area exactly: not beside the axes, not at a size the chart had before.
    const QColor base = QApplication::palette().color(QPalette::Base);
    const QRectF plotInScene = chart->mapRectToScene(plot);
    int backgrounds = 0;
    for (QGraphicsItem* item : chart->scene()->items()) {
        auto* rect = qgraphicsitem_cast<QGraphicsRectItem*>(item);
        if (!rect || !rect->isVisibleTo(nullptr) || rect->brush().style() == Qt::NoBrush ||
            rect->brush().color() != base)
            continue;
        ++backgrounds;
        const QRectF drawn = rect->mapRectToScene(rect->rect());
        QVERIFY2(std::abs(drawn.left() - plotInScene.left()) <= 1.0 &&
                     std::abs(drawn.top() - plotInScene.top()) <= 1.0 &&
                     std::abs(drawn.right() - plotInScene.right()) <= 1.0 &&
                     std::abs(drawn.bottom() - plotInScene.bottom()) <= 1.0,
                 qPrintable(where + QStringLiteral(": plot background at %1,%2 %3x%4, plot area at %5,%6 %7x%8")
                                        .arg(drawn.left()).arg(drawn.top()).arg(drawn.width()).arg(drawn.height())
                                        .arg(plotInScene.left()).arg(plotInScene.top())
                                        .arg(plotInScene.width()).arg(plotInScene.height())));
    }
    QVERIFY2(backgrounds >= 1, qPrintable(where + QStringLiteral(": no plot background")));
    QAbstractSeries* anySeries = chart->series().isEmpty() ? nullptr : chart->series().first();
    QVERIFY2(anySeries, qPrintable(where));
    const auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).value(0));
    QVERIFY2(x, qPrintable(where));
    const QList<double> xs = gridPositions(chart, Qt::Horizontal);
    for (int tick = 0; tick < x->tickCount(); ++tick) {
        const double value = x->min() + (x->max() - x->min()) * tick / (x->tickCount() - 1);
        const double pixel = chart->mapToPosition(QPointF(value, 0.0), anySeries).x();
        const bool found = std::any_of(xs.begin(), xs.end(),
                                       [&](double at) { return std::abs(at - pixel) <= 1.5; });
        QVERIFY2(found, qPrintable(where + QStringLiteral(": no grid line at x tick %1 (pixel %2); lines at %3")
                                               .arg(value)
                                               .arg(pixel)
                                               .arg(QStringList([&] {
                                                        QStringList texts;
                                                        for (double at : xs) texts << QString::number(at);
                                                        return texts;
                                                    }()).join(QLatin1Char(' ')))));
    }
    if (const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0))) {
        const QList<double> ys = gridPositions(chart, Qt::Vertical);
        for (int tick = 0; tick < y->tickCount(); ++tick) {
            const double value = y->min() + (y->max() - y->min()) * tick / (y->tickCount() - 1);
            const double pixel = chart->mapToPosition(QPointF(x->min(), value), anySeries).y();
            const bool found = std::any_of(ys.begin(), ys.end(),
                                           [&](double at) { return std::abs(at - pixel) <= 1.5; });
            QVERIFY2(found, qPrintable(where + QStringLiteral(": no grid line at y tick %1 (pixel %2)")
                                                   .arg(value)
                                                   .arg(pixel)));
        }
    }
}

}  // namespace

class ChartLayoutTest : public QObject {
    Q_OBJECT

    FakeUserDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;

    void settle() {
        // Layout requests and the charts' deferred updates run from the event loop.
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::processEvents();
            QTest::qWait(20);
        }
    }

    // The step labels of both charts: "0", then "500", "1k", "1.5k"-style (tokens "1M", "2B"),
    // each drawn at its tick's pixel.
    void checkStepLabels(const QString& where) {
        for (QChartView* view : {static_cast<QChartView*>(window_->lrChart()),
                                 static_cast<QChartView*>(window_->lossChart())}) {
            QChart* chart = view->chart();
            const double unit = view == window_->lrChart() ? window_->lrChart()->xScale().unit
                                                           : window_->lossChart()->xScale().unit;
            TickLabelAxis* labels = tick_label_checks::labelAxis(chart, Qt::Horizontal);
            const QString what = view->objectName() + where;
            QVERIFY2(labels, qPrintable(what));
            checkTickLabels(chart, labels, chart->series().first(), unit, what);
            if (QTest::currentTestFailed()) return;
            const QStringList& texts = labels->tickLabels();
            if (labels->tickValues().front() == 0.0) QCOMPARE(texts.front(), QStringLiteral("0"));
            for (qsizetype i = texts.front() == QStringLiteral("0") ? 1 : 0; i < texts.size(); ++i)
                QVERIFY2(tick_label_checks::isCompactCount(texts[i]), qPrintable(what + QStringLiteral(": ") + texts[i]));
        }
    }

    // The log LR axis's labels: "1e-4", "3e-4", "1.5e-4" style, each at its tick's pixel.
    void checkLogLrLabels(const QString& where) {
        LrChartView* lr = window_->lrChart();
        TickLabelAxis* labels = lr->yLabels();
        QVERIFY2(labels && labels == tick_label_checks::labelAxis(lr->chart(), Qt::Vertical),
                 qPrintable(where));
        checkTickLabels(lr->chart(), labels, lr->chart()->series().first(), 1.0, where);
        if (QTest::currentTestFailed()) return;
        for (const QString& text : labels->tickLabels())
            QVERIFY2(tick_label_checks::isShortExponent(text), qPrintable(where + QStringLiteral(": ") + text));
    }

private slots:
    void initTestCase() {
        useTestSettings(QStringLiteral("tst_chart_layout"));
        previousHandler = qInstallMessageHandler(collectChartWarnings);
    }

    void init() {
        chartWarnings.clear();
        window_ = showDemoWindow(&dialogs_, 60000);
        QVERIFY(window_);
    }

    void cleanup() {
        window_.reset();
        QVERIFY2(chartWarnings.isEmpty(), qPrintable(chartWarnings.join(QLatin1Char('\n'))));
    }

    void axesAndCurvesAgreeAfterEveryResize() {
        const QList<QSize> sizes{{1024, 700}, {1600, 1000}, {1920, 1080}, {1024, 700}, {1280, 800}};
        for (const QSize& size : sizes) {
            window_->resize(size);
            settle();
            const QString where = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
            // The window can be that small: no panel's minimum holds it wider.
            QCOMPARE(window_->size(), size);
            checkAxesAgree(window_->lrChart()->chart(), QStringLiteral("LR chart at ") + where);
            checkAxesAgree(window_->lossChart()->chart(), QStringLiteral("loss chart at ") + where);
            checkStepLabels(QStringLiteral(" at ") + where);
            if (QTest::currentTestFailed()) return;
            // The handles are placed by the LR chart's own mapping: it agrees with Qt's.
            LrChartView* lr = window_->lrChart();
            for (const ScheduleHandle& handle : lr->handles()) {
                QChart* chart = lr->chart();
                const QPointF inChart = chart->mapToPosition(
                    QPointF(lr->xScale().toDisplay(static_cast<double>(handle.step)),
                            handle.lr * lr->yFactor()),
                    chart->series().first());
                const QPointF expected = lr->viewportTransform().map(chart->mapToScene(inChart));
                const QPointF actual = lr->positionOf(static_cast<double>(handle.step), handle.lr);
                QVERIFY2(QLineF(expected, actual).length() < 1.5,
                         qPrintable(QStringLiteral("handle %1 at %2: drawn at (%3, %4), axis says (%5, %6)")
                                        .arg(handle.description(), where)
                                        .arg(actual.x()).arg(actual.y())
                                        .arg(expected.x()).arg(expected.y())));
            }
        }
    }

    // The step axes read "0, 500, 1k, ..." and the log LR axis "1e-4, 3e-4, ...", every label
    // drawn at the pixel its value maps to: at the default size, after zooming the LR axis,
    // after resizing, and in tokens.
    void tickLabelsReadAsNumbersAreWritten() {
        checkStepLabels(QStringLiteral(" at the default size"));
        if (QTest::currentTestFailed()) return;
        QCOMPARE(window_->lrChart()->xLabels()->tickLabels().back(),
                 window_->lrChart()->xScale().tickLabel(window_->lrChart()->xScale().maximum));
        QVERIFY(!window_->lrChart()->yLabels());  // the linear LR axis labels itself (×10⁻ⁿ title)

        QTest::keyClick(window_->windowHandle(), Qt::Key_L, Qt::ControlModifier);  // log LR axis
        settle();
        QVERIFY(window_->document()->project().view.logLr);
        checkLogLrLabels(QStringLiteral("log LR axis at the default size"));
        if (QTest::currentTestFailed()) return;
        const QStringList unzoomed = window_->lrChart()->yLabels()->tickLabels();

        // Zoomed in about the middle of the plot: finer ticks, still where they map.
        LrChartView* lr = window_->lrChart();
        const QPointF middle = lr->plotRect().center();
        for (int notch = 0; notch < 6; ++notch) {
            QWheelEvent wheel(middle, lr->viewport()->mapToGlobal(middle), QPoint(), QPoint(0, 120),
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(lr->viewport(), &wheel);
        }
        settle();
        QVERIFY(lr->isZoomed());
        checkLogLrLabels(QStringLiteral("log LR axis zoomed"));
        if (QTest::currentTestFailed()) return;
        QVERIFY(lr->yLabels()->tickLabels() != unzoomed);

        for (const QSize& size : {QSize(1024, 700), QSize(1920, 1080)}) {
            window_->resize(size);
            settle();
            const QString where = QStringLiteral(" at %1x%2").arg(size.width()).arg(size.height());
            checkLogLrLabels(QStringLiteral("zoomed log LR axis") + where);
            if (QTest::currentTestFailed()) return;
            checkStepLabels(where);
            if (QTest::currentTestFailed()) return;
        }
        window_->fitViewAction()->trigger();
        settle();
        checkLogLrLabels(QStringLiteral("log LR axis fitted to view at 1920x1080"));
        if (QTest::currentTestFailed()) return;

        QTest::keyClick(window_->windowHandle(), Qt::Key_T, Qt::ControlModifier);  // tokens on x
        settle();
        QCOMPARE(window_->document()->project().view.xUnit, XUnit::Tokens);
        checkStepLabels(QStringLiteral(" in tokens"));
        if (QTest::currentTestFailed()) return;
        // 2400 steps of the demo's tokens per step: a unit suffix on every label but the first.
        const QStringList tokens = window_->lrChart()->xLabels()->tickLabels();
        QVERIFY2(tokens.back().back().isLetter(), qPrintable(tokens.join(QLatin1Char(' '))));
        window_->resize(1024, 700);
        settle();
        checkStepLabels(QStringLiteral(" in tokens at 1024x700"));
        if (QTest::currentTestFailed()) return;
        checkLogLrLabels(QStringLiteral("log LR axis in tokens at 1024x700"));
        if (QTest::currentTestFailed()) return;

        // A million steps at the smallest size: "0, 200k, ..., 1M", none hidden by its neighbour.
        Project longer = window_->document()->project();
        longer.view.xUnit = XUnit::Steps;
        longer.schedules.front().schedule.steps = 1'000'000;
        longer.schedules.front().schedule.warmupSteps = 10'000;
        window_->document()->resetProject(std::move(longer), QString(), QStringLiteral("long"));
        settle();
        checkStepLabels(QStringLiteral(" of 1M steps at 1024x700"));
        if (QTest::currentTestFailed()) return;
        QCOMPARE(window_->lrChart()->xLabels()->tickLabels().back(), QStringLiteral("1M"));

        QTest::keyClick(window_->windowHandle(), Qt::Key_L, Qt::ControlModifier);  // linear again
        settle();
        QVERIFY(!window_->lrChart()->yLabels());
        checkAxesAgree(window_->lrChart()->chart(), QStringLiteral("linear LR chart of 1M steps"));
    }

    // Ctrl+J: the loss chart over the last quarter of the steps, its loss axis fitted to what is
    // drawn there, so that the final-loss gaps the table lists are gaps on the screen. A way of
    // looking: no undo step, the project not modified.
    void focusViewShowsTheFinalLossGaps() {
        LossChartView* loss = window_->lossChart();
        QChart* chart = loss->chart();
        // The final loss of each drawn schedule (the table's numbers) and their pixel rows.
        const auto finalPixels = [&] {
            std::vector<std::pair<double, double>> finals;  // (loss, pixel y)
            for (const ProjectSchedule& entry : window_->document()->project().schedules) {
                QLineSeries* series = loss->curveSeries(entry.id);
                if (!series || series->points().isEmpty()) continue;
                const QPointF last = series->points().back();
                finals.emplace_back(last.y(), chart->mapToPosition(last, series).y());
            }
            std::sort(finals.begin(), finals.end());
            return finals;
        };
        const auto full = finalPixels();
        QVERIFY(full.size() >= 2);
        const double gap = full.back().first - full.front().first;
        QVERIFY(gap > 0.0);
        const double fullPixels = std::abs(full.back().second - full.front().second);
        const double fullSpan = static_cast<QValueAxis*>(chart->axes(Qt::Vertical).first())->max() -
                                static_cast<QValueAxis*>(chart->axes(Qt::Vertical).first())->min();

        const int undoSteps = window_->document()->undoStack()->count();
        QTest::keyClick(window_->windowHandle(), Qt::Key_J, Qt::ControlModifier);
        settle();
        QVERIFY(loss->focusOnEnd());
        checkStepLabels(QStringLiteral(" in the focus view"));
        if (QTest::currentTestFailed()) return;
        QVERIFY(loss->xLabels()->tickValues().front() > 0.0);
        QCOMPARE(window_->document()->undoStack()->count(), undoSteps);
        QVERIFY(!window_->document()->isModified());

        const auto* x = static_cast<QValueAxis*>(chart->axes(Qt::Horizontal).first());
        const auto* y = static_cast<QValueAxis*>(chart->axes(Qt::Vertical).first());
        double end = 0.0;
        for (QAbstractSeries* series : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(series); line && !line->points().isEmpty())
                end = std::max(end, line->points().back().x());
        // The window starts near three quarters of the longest curve and ends at or after it.
        QVERIFY2(x->min() <= 0.75 * (end + 1) + 1e-9 && x->min() >= 0.5 * end && x->max() >= end,
                 qPrintable(QStringLiteral("%1..%2 for an end at %3").arg(x->min()).arg(x->max()).arg(end)));
        // Every final loss on the axis, the axis at most as tall as the full view's.
        for (const auto& [value, pixel] : finalPixels()) QVERIFY(value >= y->min() && value <= y->max());
        QVERIFY(y->max() - y->min() < fullSpan);
        // The gap between best and worst final loss takes the share of the plot that the ratio
        // of the axes says: the focus view magnifies it by fullSpan / focusSpan.
        const auto focus = finalPixels();
        const double focusPixels = std::abs(focus.back().second - focus.front().second);
        const double magnification = fullSpan / (y->max() - y->min());
        QVERIFY2(std::abs(focusPixels - fullPixels * magnification) <= 2.0 + 0.02 * focusPixels,
                 qPrintable(QStringLiteral("gap of %1 px, %2 px in the full view, axes %3x")
                                .arg(focusPixels).arg(fullPixels).arg(magnification)));
        QVERIFY2(focusPixels >= gap / (y->max() - y->min()) * chart->plotArea().height() - 2.0,
                 qPrintable(QString::number(focusPixels)));

        // The legend leaves the curve ends, where the schedules differ, in sight.
        const QRectF legend = loss->legend().frame();
        for (QAbstractSeries* series : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(series); line && !line->points().isEmpty())
                QVERIFY2(!legend.contains(chart->mapToPosition(line->points().back(), line)),
                         qPrintable(line->name()));

        QTest::keyClick(window_->windowHandle(), Qt::Key_J, Qt::ControlModifier);
        settle();
        QVERIFY(!loss->focusOnEnd());
        QCOMPARE(x->min(), 0.0);
    }

    // The step labels of the loss chart's End of Training view, in tokens and in steps, at the
    // smallest size and the default one: each drawn whole (not elided to "1...."), reading back
    // as its value with its unit suffix, and no two labels overlapping.
    void focusViewStepLabelsAreWholeAndApart() {
        LossChartView* loss = window_->lossChart();
        QTest::keyClick(window_->windowHandle(), Qt::Key_J, Qt::ControlModifier);
        settle();
        QVERIFY(loss->focusOnEnd());
        const QSize defaultSize = window_->size();
        for (const bool tokens : {true, false}) {
            if ((window_->document()->project().view.xUnit == XUnit::Tokens) != tokens) {
                QTest::keyClick(window_->windowHandle(), Qt::Key_T, Qt::ControlModifier);
                settle();
            }
            for (const QSize& size : {QSize(1024, 700), defaultSize}) {
                window_->resize(size);
                settle();
                const QString where = QStringLiteral(" in the focus view in %1 at %2x%3")
                                          .arg(tokens ? QStringLiteral("tokens") : QStringLiteral("steps"))
                                          .arg(size.width()).arg(size.height());
                checkStepLabels(where);
                if (QTest::currentTestFailed()) return;
                TickLabelAxis* labels = loss->xLabels();
                const QStringList& texts = labels->tickLabels();
                QVERIFY2(texts.size() >= 2, qPrintable(where));
                if (tokens)
                    for (const QString& text : texts)
                        QVERIFY2(text == QStringLiteral("0") || text.back().isLetter(),
                                 qPrintable(where + QStringLiteral(": ") + text));
                // The drawn labels, left to right, each ending before the next begins.
                // (Text under the plot area: the step axis's labels and title.)
                const QRectF plot = loss->chart()->mapRectToScene(loss->chart()->plotArea());
                std::vector<QRectF> drawn;
                for (QGraphicsItem* item : loss->chart()->scene()->items()) {
                    auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(item);
                    if (!text || !text->isVisibleTo(nullptr) ||
                        text->sceneBoundingRect().top() < plot.bottom() - 1.0 ||
                        !plot.adjusted(-60, 0, 60, 0).contains(text->sceneBoundingRect().center().x(), plot.center().y()))
                        continue;
                    QVERIFY2(!text->toPlainText().contains(QStringLiteral("...")) &&
                                 !text->toPlainText().contains(QChar(0x2026)),
                             qPrintable(where + QStringLiteral(": elided label ") + text->toPlainText()));
                    if (texts.contains(text->toPlainText())) drawn.push_back(text->sceneBoundingRect());
                }
                std::sort(drawn.begin(), drawn.end(),
                          [](const QRectF& a, const QRectF& b) { return a.left() < b.left(); });
                for (std::size_t i = 1; i < drawn.size(); ++i)
                    QVERIFY2(drawn[i - 1].right() <= drawn[i].left() ||
                                 std::abs(drawn[i - 1].center().y() - drawn[i].center().y()) > 1.0,
                             qPrintable(where + QStringLiteral(": labels overlap: ") + texts.join(QLatin1Char(' '))));
            }
        }
    }

    // With an observed run twice as long as the schedules shown (the demo's cosine10_long),
    // the focus view is still the end of the schedules, whose final losses the table compares:
    // every schedule's curve ends inside the window.
    void theFocusViewIsTheEndOfTheSchedulesNotOfALongerRun() {
        Project changed = window_->document()->project();
        std::int64_t longestRun = 0;
        for (ProjectRun& entry : changed.runs) {
            entry.visible = true;
            longestRun = std::max(longestRun, entry.run.lossSteps.back());
        }
        std::int64_t longestSchedule = 0;
        for (const ProjectSchedule& entry : changed.schedules)
            longestSchedule = std::max(longestSchedule, entry.schedule.totalSteps());
        QVERIFY2(static_cast<double>(longestRun) > 1.5 * static_cast<double>(longestSchedule),
                 "the demo has a run longer than its schedules");
        window_->document()->resetProject(std::move(changed), QString(), QStringLiteral("long"));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, 60000));
        LossChartView* loss = window_->lossChart();
        loss->setFocusOnEnd(true);
        settle();
        const auto* x = static_cast<QValueAxis*>(loss->chart()->axes(Qt::Horizontal).first());
        QVERIFY(x->min() > 0.0);
        for (const ProjectSchedule& entry : window_->document()->project().schedules) {
            QLineSeries* curve = loss->curveSeries(entry.id);
            QVERIFY(curve && !curve->points().isEmpty());
            const double end = curve->points().back().x();
            QVERIFY2(end > x->min() && end <= x->max(),
                     qPrintable(QStringLiteral("%1 ends at %2, the window is %3..%4")
                                    .arg(entry.schedule.name).arg(end).arg(x->min()).arg(x->max())));
        }
    }

    // A click on a legend entry hides that curve (and its band) and the loss axis fits the rest;
    // a second click shows it again.
    void legendClickHidesACurve() {
        LossChartView* loss = window_->lossChart();
        const ProjectSchedule& first = window_->document()->project().schedules.front();
        QLineSeries* series = loss->curveSeries(first.id);
        QVERIFY(series && series->isVisible());
        const auto clickEntryOf = [&](ItemId id) {
            for (const LossLegend::Entry& entry : loss->legend().entries())
                if (entry.kind == LossLegend::Kind::Schedule && entry.id == id) {
                    const QPoint at = loss->mapFromScene(loss->chart()->mapToScene(entry.rect.center()));
                    QTest::mouseClick(loss->viewport(), Qt::LeftButton, Qt::NoModifier, at);
                    return true;
                }
            return false;
        };
        QVERIFY(clickEntryOf(first.id));
        QVERIFY(!series->isVisible());
        if (QAreaSeries* band = loss->bandSeries(first.id)) QVERIFY(!band->isVisible());
        for (const auto& [id, value] : loss->curveValuesAt(1000.0)) QVERIFY(id != first.id);
        QVERIFY(clickEntryOf(first.id));  // the entry stays, faded, to be clicked back
        QVERIFY(series->isVisible());
    }

    // Ten schedules and every observed run shown (as a user gets by duplicating one schedule
    // seven times): at the default size and at 1024x700 the legend lists every schedule, its
    // entries inside the chart and apart, and no entry covers a curve's end.
    void theLegendListsEveryScheduleAndLeavesTheCurveEndsFree() {
        auto* list = window_->findChild<ScheduleListPanel*>();
        QVERIFY(list);
        for (int copy = 0; copy < 7; ++copy) list->duplicateAction()->trigger();
        Project changed = window_->document()->project();
        for (ProjectRun& entry : changed.runs) entry.visible = true;
        window_->document()->resetProject(std::move(changed), QString(), QStringLiteral("ten"));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, 60000));
        const Project& project = window_->document()->project();
        QCOMPARE(project.schedules.size(), std::size_t(10));
        QVERIFY(project.runs.size() >= 2);
        LossChartView* loss = window_->lossChart();
        QChart* chart = loss->chart();
        for (const QSize size : {QSize(1280, 800), QSize(1024, 700), QSize(1172, 666)}) {
            window_->resize(size);
            settle();
            const QString where = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
            const std::vector<LossLegend::Entry>& entries = loss->legend().entries();
            const QRectF sceneRect = chart->mapRectFromScene(loss->sceneRect());
            const QFontMetricsF metrics(loss->font());
            for (const ProjectSchedule& schedule : project.schedules) {
                const auto found = std::find_if(entries.begin(), entries.end(), [&](const LossLegend::Entry& e) {
                    return e.kind == LossLegend::Kind::Schedule && e.id == schedule.id;
                });
                QVERIFY2(found != entries.end(), qPrintable(where + QStringLiteral(": no entry for ") + schedule.schedule.name));
                QCOMPARE(found->label, schedule.schedule.name);  // whole, not elided
                QVERIFY2(found->rect.height() >= metrics.height() &&
                             found->rect.width() >= metrics.horizontalAdvance(found->label),
                         qPrintable(where + QStringLiteral(": ") + found->label));
                QVERIFY2(sceneRect.contains(found->rect) && chart->plotArea().contains(found->rect),
                         qPrintable(where + QStringLiteral(": ") + found->label));
            }
            for (std::size_t i = 0; i < entries.size(); ++i)
                for (std::size_t j = i + 1; j < entries.size(); ++j)
                    QVERIFY2(!entries[i].rect.intersects(entries[j].rect),
                             qPrintable(where + QStringLiteral(": ") + entries[i].label +
                                        QStringLiteral(" overlaps ") + entries[j].label));
            for (const ProjectSchedule& schedule : project.schedules) {
                QLineSeries* curve = loss->curveSeries(schedule.id);
                QVERIFY(curve && !curve->points().isEmpty());
                const QPointF end = chart->mapToPosition(curve->points().back(), curve);
                QVERIFY2(!loss->legend().frame().contains(end),
                         qPrintable(where + QStringLiteral(": the legend covers the end of ") +
                                    schedule.schedule.name));
                for (const LossLegend::Entry& entry : entries) QVERIFY(!entry.rect.contains(end));
            }
            window_->grab().save(QStringLiteral("/tmp/legend_%1.png").arg(where));
        }
        // Observed runs collapsed into one entry (at least at 1024x700): a click hides them all,
        // a second shows them again.
        const auto all = std::find_if(loss->legend().entries().begin(), loss->legend().entries().end(),
                                      [](const LossLegend::Entry& e) { return e.kind == LossLegend::Kind::AllRuns; });
        if (all != loss->legend().entries().end()) {
            QCOMPARE(all->label, QStringLiteral("observed runs (%1)").arg(project.runs.size()));
            const QPoint at = loss->mapFromScene(chart->mapToScene(all->rect.center()));
            QTest::mouseClick(loss->viewport(), Qt::LeftButton, Qt::NoModifier, at);
            for (const ProjectRun& run : project.runs) QVERIFY(!loss->runSeries(run.id)->isVisible());
            QTest::mouseClick(loss->viewport(), Qt::LeftButton, Qt::NoModifier, at);
            for (const ProjectRun& run : project.runs) QVERIFY(loss->runSeries(run.id)->isVisible());
        }
    }

    // More schedules than one column holds: the band's entry and the runs give way first, then
    // the schedules flow into columns, each whole, apart, inside the plot and off the curve ends.
    void theLegendFlowsIntoColumnsWhenSchedulesAloneDoNotFit() {
        std::vector<LossLegend::Entry> entries;
        for (int i = 0; i < 20; ++i)
            entries.push_back({LossLegend::Kind::Schedule, QStringLiteral("schedule %1").arg(i),
                               Qt::blue, true, i + 1, {}});
        entries.push_back({LossLegend::Kind::Band, QStringLiteral("band"), Qt::blue, true, 0, {}});
        for (int i = 0; i < 3; ++i)
            entries.push_back({LossLegend::Kind::Run, QStringLiteral("run %1").arg(i), Qt::red, true, 100 + i, {}});
        const QFont font = QApplication::font();
        const QRectF plot(50.0, 10.0, 700.0, 9.0 * QFontMetricsF(font).height());
        const std::vector<QPointF> ends = {{plot.right(), plot.center().y()},
                                           {plot.left() + 0.5 * plot.width(), plot.bottom() - 3.0}};
        LossLegend legend;
        legend.arrange(entries, font, plot, ends, {});
        const std::vector<LossLegend::Entry>& laid = legend.entries();
        for (int i = 0; i < 20; ++i)
            QVERIFY2(std::any_of(laid.begin(), laid.end(), [&](const LossLegend::Entry& e) {
                         return e.kind == LossLegend::Kind::Schedule && e.label == QStringLiteral("schedule %1").arg(i);
                     }), qPrintable(QString::number(i)));
        QVERIFY(std::none_of(laid.begin(), laid.end(), [](const LossLegend::Entry& e) {
            return e.kind == LossLegend::Kind::Band || e.kind == LossLegend::Kind::Run;
        }));
        QVERIFY(std::any_of(laid.begin(), laid.end(), [](const LossLegend::Entry& e) {
            return e.kind == LossLegend::Kind::AllRuns && e.label == QStringLiteral("observed runs (3)");
        }));
        QVERIFY(plot.contains(legend.frame()));
        std::set<double> columns;
        for (std::size_t i = 0; i < laid.size(); ++i) {
            columns.insert(laid[i].rect.left());
            QVERIFY(legend.frame().contains(laid[i].rect));
            for (std::size_t j = i + 1; j < laid.size(); ++j) QVERIFY(!laid[i].rect.intersects(laid[j].rect));
        }
        QVERIFY(columns.size() >= 3);
        for (const QPointF& end : ends) QVERIFY(!legend.frame().contains(end));
    }

    // Hovering the loss chart reads every drawn curve at the hovered step: on the status bar,
    // each schedule's name with its loss, which lies between the curve's points around the step.
    void crosshairReadsEveryCurve() {
        LossChartView* loss = window_->lossChart();
        QChart* chart = loss->chart();
        QSignalSpy messages(loss, &LossChartView::statusMessage);
        const QRectF plot = chart->plotArea();
        const QPointF inChart(plot.left() + 0.6 * plot.width(), plot.center().y());
        const QPoint at = loss->mapFromScene(chart->mapToScene(inChart));
        QTest::mouseMove(loss->viewport(), at);
        QTRY_VERIFY(loss->crosshairStep().has_value());
        QVERIFY(!messages.isEmpty());
        const QString message = messages.last().first().toString();
        const double step = *loss->crosshairStep();
        const auto values = loss->curveValuesAt(step);
        QVERIFY(!values.empty());
        for (const auto& [id, value] : values) {
            const ProjectSchedule* entry = window_->document()->project().findSchedule(id);
            QVERIFY(entry);
            QVERIFY2(message.contains(entry->schedule.name + QStringLiteral(" ") + QString::number(value, 'f', 4)),
                     qPrintable(message));
            const QList<QPointF> points = loss->curveSeries(id)->points();
            const double x = loss->xScale().toDisplay(step);
            const auto after = std::lower_bound(points.begin(), points.end(), x,
                                                [](const QPointF& p, double v) { return p.x() < v; });
            QVERIFY(after != points.end() && after != points.begin());
            const double a = (after - 1)->y(), b = after->y();
            QVERIFY(value >= std::min(a, b) - 1e-12 && value <= std::max(a, b) + 1e-12);
        }
    }

    // At 1024x700 the charts' title gives way to its buttons, but a user never reads a word cut
    // mid-letter ("Learnin"): the whole title, or a cut one ending in "…" that fits its room.
    void theChartTitleIsWholeOrElidedWhenNarrow() {
        for (const QSize& size : {QSize(1024, 700), QSize(1280, 800)}) {
            window_->resize(size);
            settle();
            auto* title = window_->findChild<QLabel*>(QStringLiteral("chartBarTitle"));
            QVERIFY(title);
            const QString shown = title->text();
            const QString where = QStringLiteral("%1x%2: '%3' in %4 px")
                                      .arg(size.width())
                                      .arg(size.height())
                                      .arg(shown)
                                      .arg(title->contentsRect().width());
            QVERIFY2(shown == QStringLiteral("Learning rate and predicted loss") ||
                         shown.endsWith(QChar(0x2026)) || shown.isEmpty(),
                     qPrintable(where));
            QVERIFY2(title->fontMetrics().horizontalAdvance(shown) <= title->contentsRect().width(),
                     qPrintable(where));
        }
    }

    // A window with no saved geometry opens at 1280x800 bounded by its screen (the panels'
    // minimum aside), so it never opens larger than the screen.
    void defaultSizeFitsTheScreen() {
        window_.reset();  // saves its geometry on closing
        QSettings().remove(QStringLiteral("window/geometry"));
        MainWindow window;
        const QSize available = window.screen()->availableGeometry().size();
        const QSize minimum = window.minimumSizeHint();
        QCOMPARE(window.size(), window.defaultSize());
        QVERIFY(window.width() <= std::max({available.width(), minimum.width(), 0}));
        QVERIFY(window.height() <= std::max(available.height(), minimum.height()));
        QVERIFY(window.width() <= 1280 && window.height() <= 800);
        window_ = showDemoWindow(&dialogs_, 60000);  // for cleanup's checks
        QVERIFY(window_);
    }

    void logAxisStaysFiniteAtExtremeLr() {
        ProjectDocument* document = window_->document();
        Project project = document->project();
        QVERIFY(!project.schedules.empty());
        for (bool logLr : {true, false}) {
            Project changed = project;
            changed.schedules.front().schedule.peak = 1e308;
            changed.view.logLr = logLr;
            document->resetProject(std::move(changed), QString(), QStringLiteral("extreme"));
            settle();
            QChart* chart = window_->lrChart()->chart();
            QAbstractAxis* axis = chart->axes(Qt::Vertical).value(0);
            QVERIFY(axis);
            double low = 0.0, high = 0.0;
            if (auto* log = qobject_cast<QLogValueAxis*>(axis)) {
                low = log->min();
                high = log->max();
            } else {
                low = static_cast<QValueAxis*>(axis)->min();
                high = static_cast<QValueAxis*>(axis)->max();
            }
            QVERIFY2(std::isfinite(low) && std::isfinite(high) && high > low,
                     qPrintable(QStringLiteral("log %1: range %2..%3").arg(logLr).arg(low).arg(high)));
        }
    }
};

QTEST_MAIN(ChartLayoutTest)
#include "tst_chart_layout.moc"
