// The smaller things a user of the designer meets (issue 15, item 7): Ctrl+Z in a parameter
// field undoes the edit in the chart too, numbers in the status bar read short, Tab follows the
// panels and a focused chart shows it, names derived from parameters follow them, and the
// toolbars keep every button whole at 1024x700.
#include "DemoWindow.h"

#include "ExportDialog.h"
#include "LossChartView.h"
#include "LrChartView.h"
#include "ParameterPanel.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "TickLabelChecks.h"
#include "XAxisScale.h"

#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>

#include <memory>

using namespace annealer;

namespace {

constexpr int kTimeout = 120000;

}  // namespace

class DesignerDetailsTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;

    ProjectDocument* document() { return window_->document(); }
    const Project& project() { return window_->document()->project(); }

    ItemId select(const QString& name) {
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.schedule.name == name) {
                window_->scheduleList()->setCurrentSchedule(entry.id);
                return entry.id;
            }
        return 0;
    }
    const Schedule& scheduleOf(ItemId id) { return project().findSchedule(id)->schedule; }

    QLineEdit* field(const QString& key) {
        return qobject_cast<QLineEdit*>(window_->parameterPanel()->field(key));
    }

    void typeInto(QLineEdit* line, const QString& text, bool enter) {
        line->setFocus();
        QVERIFY(QTest::qWaitFor([&] { return line->hasFocus(); }, 2000));
        line->selectAll();
        QTest::keyClicks(line, text);
        if (enter) QTest::keyClick(line, Qt::Key_Return);
    }

    // The column (index of MainWindow::panelColumns) a widget sits in; -1 outside them.
    int columnOf(QWidget* widget) {
        const QList<QWidget*> columns = window_->panelColumns();
        for (int i = 0; i < columns.size(); ++i)
            if (columns[i]->isAncestorOf(widget)) return i;
        return -1;
    }

private slots:
    void initTestCase() { useTestSettings(QStringLiteral("tst_designer_details")); }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowActive(window_.get()) || true);
    }

    void cleanup() { window_.reset(); }

    // One undo system: Ctrl+Z in the field takes the applied value back in the schedule (and so
    // in the chart), Ctrl+Shift+Z brings it again; typing not yet applied is only dropped.
    void ctrlZInAFieldUndoesTheEditInTheChart() {
        const ItemId id = select(QStringLiteral("Cosine to 10%"));
        QVERIFY(id != 0);
        QLineEdit* peak = field(QStringLiteral("peak"));
        QVERIFY(peak);
        const double before = scheduleOf(id).peak;
        const QString beforeText = peak->text();
        const int index = document()->undoStack()->index();

        typeInto(peak, QStringLiteral("0.004"), true);
        QCOMPARE(scheduleOf(id).peak, 0.004);
        QCOMPARE(document()->undoStack()->index(), index + 1);
        QVERIFY(peak->hasFocus());
        QTest::keyClick(peak, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(scheduleOf(id).peak, before);  // the chart draws the schedule: it is back too
        QCOMPARE(peak->text(), beforeText);
        QCOMPARE(document()->undoStack()->index(), index);
        QTest::keyClick(peak, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(scheduleOf(id).peak, 0.004);
        QCOMPARE(peak->text(), QStringLiteral("0.004"));

        // Typing not applied yet: Ctrl+Z drops it and nothing else.
        typeInto(peak, QStringLiteral("0.009"), false);
        QTest::keyClick(peak, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(peak->text(), QStringLiteral("0.004"));
        QCOMPARE(scheduleOf(id).peak, 0.004);
        QCOMPARE(document()->undoStack()->index(), index + 1);
    }

    // The LR under the mouse reads short ("LR 2.5e-3"), never 0.0025000000000000001.
    void statusBarNumbersReadShort() {
        LrChartView* chart = window_->lrChart();
        const QRectF plot = chart->plotRect();
        QTest::mouseMove(chart->viewport(),
                         plot.center().toPoint() + QPoint(static_cast<int>(plot.width() / 5), 0));
        const QString text = window_->statusBar()->currentMessage();
        const QRegularExpression lr(QStringLiteral("LR (-?[0-9.]+(e[-+][0-9]+)?)$"));
        const QRegularExpressionMatch match = lr.match(text);
        QVERIFY2(match.hasMatch(), qPrintable(text));
        QString digits = match.captured(1).section(QLatin1Char('e'), 0, 0);
        digits.remove(QLatin1Char('.')).remove(QLatin1Char('-'));
        while (digits.startsWith(QLatin1Char('0'))) digits.remove(0, 1);
        QVERIFY2(digits.size() <= 3, qPrintable(text));
    }

    // Tab goes through the left column, then the charts, then the parameters and the law, and
    // never back; after a family change the new fields follow the family box.
    void tabOrderFollowsThePanels() {
        for (int round = 0; round < 2; ++round) {
            if (round == 1) {
                QComboBox* family = qobject_cast<QComboBox*>(
                    window_->parameterPanel()->field(QStringLiteral("family")));
                QVERIFY(family);
                family->setCurrentIndex(family->findData(QStringLiteral("wsd")));
                emit family->activated(family->currentIndex());
                QCOMPARE(scheduleOf(window_->scheduleList()->currentSchedule()).family,
                         ScheduleFamily::Wsd);
            }
            // The stops in chain order, from the first of the left column (the chain is a
            // ring: it wraps once, from the last panel back to the first).
            const auto isStop = [&](QWidget* widget) {
                return (widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy() &&
                       widget->isVisibleTo(window_.get()) && widget->isEnabled() &&
                       columnOf(widget) >= 0;
            };
            QWidget* first = window_->scheduleList();
            while (!isStop(first) || columnOf(first) != 0) first = first->nextInFocusChain();
            QWidget* widget = first;
            QList<int> columns{0};
            for (int i = 0; i < 400; ++i) {
                widget = widget->nextInFocusChain();
                if (widget == first) break;
                if (isStop(widget)) columns << columnOf(widget);
            }
            QVERIFY(columns.contains(0) && columns.contains(1) && columns.contains(2));
            for (int i = 1; i < columns.size(); ++i)
                QVERIFY2(columns[i] >= columns[i - 1],
                         qPrintable(QStringLiteral("round %1, stop %2").arg(round).arg(i)));
            // The family's new fields come right after it.
            QWidget* family = window_->parameterPanel()->field(QStringLiteral("family"));
            QWidget* next = family->nextInFocusChain();
            while (!(next->focusPolicy() & Qt::TabFocus)) next = next->nextInFocusChain();
            QVERIFY(window_->parameterPanel()->isAncestorOf(next));
        }
    }

    // The charts take focus by Tab like any field, and show it.
    void aFocusedChartShowsIt() {
        for (QAbstractScrollArea* chart : std::initializer_list<QAbstractScrollArea*>{
                 window_->lrChart(), window_->lossChart()}) {
            QVERIFY(chart->focusPolicy() & Qt::TabFocus);
            window_->parameterPanel()->setFocus();
            QTest::qWait(50);
            const QImage unfocused = chart->viewport()->grab().toImage();
            chart->setFocus(Qt::TabFocusReason);
            QVERIFY(QTest::qWaitFor([&] { return chart->hasFocus(); }, 2000));
            QTest::qWait(50);
            const QImage focused = chart->viewport()->grab().toImage();
            const QColor highlight = chart->palette().color(QPalette::Highlight);
            int highlighted = 0, before = 0;
            for (int y = 0; y < focused.height(); ++y)
                for (int x = 0; x < focused.width(); ++x) {
                    if (focused.pixelColor(x, y) == highlight) ++highlighted;
                    if (unfocused.pixelColor(x, y) == highlight) ++before;
                }
            QVERIFY2(highlighted > before + 200,
                     qPrintable(QStringLiteral("%1 vs %2").arg(highlighted).arg(before)));
        }
    }

    // "Linear to zero" drawn free-form is a free-form curve; "Cosine to 10%" with an absolute
    // floor is called by it; a name the user gave stays.
    void namesFollowTheirParameters() {
        const ItemId linear = select(QStringLiteral("Linear to zero"));
        QVERIFY(linear != 0);
        LrChartView* chart = window_->lrChart();
        chart->setDrawMode(true);
        const QRectF plot = chart->plotRect();
        const int y0 = static_cast<int>(plot.top() + plot.height() * 0.2);
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {},
                          QPoint(static_cast<int>(plot.left() + plot.width() * 0.15), y0));
        for (int i = 1; i <= 20; ++i)
            QTest::mouseMove(
                chart->viewport(),
                QPoint(static_cast<int>(plot.left() + plot.width() * (0.15 + 0.04 * i)),
                       y0 + static_cast<int>(plot.height() * 0.03 * i)));
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {},
                            QPoint(static_cast<int>(plot.left() + plot.width() * 0.95),
                                   y0 + static_cast<int>(plot.height() * 0.6)));
        chart->setDrawMode(false);
        QCOMPARE(scheduleOf(linear).family, ScheduleFamily::FreeForm);
        QCOMPARE(scheduleOf(linear).name, QStringLiteral("Free-form curve"));
        document()->undoStack()->undo();
        QCOMPARE(scheduleOf(linear).name, QStringLiteral("Linear to zero"));

        const ItemId cosine = select(QStringLiteral("Cosine to 10%"));
        QVERIFY(cosine != 0);
        QLineEdit* floor = field(QStringLiteral("floor"));
        QVERIFY(floor);
        Schedule changed = scheduleOf(cosine);
        const bool ratio = changed.floorRatio.has_value();
        if (ratio) {
            QLineEdit* floorRatio = field(QStringLiteral("floor_ratio"));
            QVERIFY(floorRatio);
            typeInto(floorRatio, QStringLiteral("0.05"), true);
            QCOMPARE(scheduleOf(cosine).name, QStringLiteral("Cosine to 5%"));
        } else {
            typeInto(floor, QStringLiteral("1.58e-4"), true);
            QCOMPARE(scheduleOf(cosine).name, QStringLiteral("Cosine to 1.58e-4"));
        }
        // Renamed by the user: the name stays whatever the parameters do.
        QLineEdit* name = field(QStringLiteral("name"));
        typeInto(name, QStringLiteral("my cosine"), true);
        QCOMPARE(scheduleOf(cosine).name, QStringLiteral("my cosine"));
        typeInto(field(QStringLiteral("peak")), QStringLiteral("0.004"), true);
        QCOMPARE(scheduleOf(cosine).peak, 0.004);
        QCOMPARE(scheduleOf(cosine).name, QStringLiteral("my cosine"));
    }

    // Copies keep names of their own: a copy of a copy counts on ("X (copy 2)"), not
    // "X (copy) (copy)", and a second copy of X is not a second "X (copy)".
    void duplicatesHaveNamesOfTheirOwn() {
        const ItemId cosine = select(QStringLiteral("Cosine to 10%"));
        QVERIFY(cosine != 0);
        ScheduleListPanel* list = window_->scheduleList();
        list->duplicateAction()->trigger();  // the copy is selected
        list->duplicateAction()->trigger();  // a copy of the copy
        QCOMPARE(select(QStringLiteral("Cosine to 10%")), cosine);
        list->duplicateAction()->trigger();
        QStringList names;
        for (const ProjectSchedule& entry : document()->project().schedules)
            names << entry.schedule.name;
        for (const QString& name : {QStringLiteral("Cosine to 10% (copy)"),
                                    QStringLiteral("Cosine to 10% (copy 2)"),
                                    QStringLiteral("Cosine to 10% (copy 3)")})
            QVERIFY2(names.contains(name), qPrintable(names.join(QStringLiteral(" | "))));
        QCOMPARE(names.removeDuplicates(), 0);
    }

    // Both charts zoom with the wheel and pan with Shift+drag; Fit Charts to View hands both
    // axes back to the ranges that fit the curves.
    void zoomPanAndFitToViewOnBothCharts() {
        const auto verticalRange = [](QChartView* view) {
            const auto* axis = view->chart()->axes(Qt::Vertical).front();
            if (const auto* value = qobject_cast<const QValueAxis*>(axis))
                return std::make_pair(value->min(), value->max());
            return std::make_pair(0.0, 0.0);
        };
        std::vector<std::pair<double, double>> fittedRanges;
        for (QChartView* view :
             std::initializer_list<QChartView*>{window_->lrChart(), window_->lossChart()}) {
            const auto fitted = verticalRange(view);
            fittedRanges.push_back(fitted);
            const QRectF plot = view->chart()->mapRectToScene(view->chart()->plotArea());
            const QPoint at = view->mapFromScene(plot.center());
            for (int notch = 0; notch < 4; ++notch) {
                QWheelEvent wheel(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                                  Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
                QCoreApplication::sendEvent(view->viewport(), &wheel);
            }
            const auto zoomed = verticalRange(view);
            QVERIFY2(zoomed.second - zoomed.first < 0.7 * (fitted.second - fitted.first),
                     qPrintable(view->objectName()));
            // Shift+drag down by a quarter of the plot: the range moves up by a quarter of it.
            const int drag = static_cast<int>(plot.height() / 4);
            QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, at);
            QTest::mouseMove(view->viewport(), at + QPoint(0, drag));
            QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                                at + QPoint(0, drag));
            const auto panned = verticalRange(view);
            const double expected = drag / plot.height() * (zoomed.second - zoomed.first);
            QVERIFY2(std::abs((panned.first - zoomed.first) - expected) < 0.05 * expected,
                     qPrintable(QStringLiteral("%1: moved %2, expected %3")
                                    .arg(view->objectName())
                                    .arg(panned.first - zoomed.first)
                                    .arg(expected)));
            QCOMPARE(document()->undoStack()->index(), document()->undoStack()->count());
        }
        QVERIFY(window_->lrChart()->isZoomed() && window_->lossChart()->isZoomed());
        window_->fitViewAction()->trigger();
        QVERIFY(!window_->lrChart()->isZoomed() && !window_->lossChart()->isZoomed());
        QCOMPARE(verticalRange(window_->lrChart()), fittedRanges[0]);
        QCOMPARE(verticalRange(window_->lossChart()), fittedRanges[1]);
    }

    // The export preview's axes read as the designer's: steps as "0", "500", "1k", each label at
    // its tick, and the LR in a power of ten given in the title, never labels like "6000.0" or
    // "0.000079".
    void exportPreviewAxesReadShort() {
        const ItemId id = select(QStringLiteral("Cosine to 10%"));
        ExportDialog* dialog = window_->showExportDialog();
        QVERIFY(dialog);
        QChartView* view = dialog->findChild<QChartView*>();
        QVERIFY(view);
        QTRY_VERIFY(view->isVisible() && view->chart()->plotArea().width() > 100);
        const auto* x =
            qobject_cast<const QValueAxis*>(view->chart()->axes(Qt::Horizontal).front());
        const auto* y = qobject_cast<const QValueAxis*>(view->chart()->axes(Qt::Vertical).front());
        QVERIFY(x && y);
        TickLabelAxis* steps = tick_label_checks::labelAxis(view->chart(), Qt::Horizontal);
        QVERIFY(steps);
        QCOMPARE(steps->titleText(), QStringLiteral("step"));
        QVERIFY2(y->titleText().startsWith(QStringLiteral("LR (×10")), qPrintable(y->titleText()));
        QCOMPARE(steps->tickLabels().front(), QStringLiteral("0"));
        for (const QString& label : steps->tickLabels()) QVERIFY2(label.size() <= 5, qPrintable(label));
        tick_label_checks::checkTickLabels(view->chart(), steps, view->chart()->series().first(),
                                           XAxisScale::ofSteps(scheduleOf(id).steps).unit,
                                           QStringLiteral("export preview"));
        if (QTest::currentTestFailed()) return;
        for (int tick = 0; tick < y->tickCount(); ++tick) {
            const double value = y->min() + (y->max() - y->min()) * tick / (y->tickCount() - 1);
            const QString label = QString::asprintf(qPrintable(y->labelFormat()), value);
            QVERIFY2(label.size() <= 5, qPrintable(label));
        }
        dialog->close();
    }

    // At 1024x700 every toolbar button shows its whole text (no "okens on X Axis").
    void toolbarsDoNotClipAt1024x700() {
        window_->resize(1024, 700);
        QVERIFY(QTest::qWaitFor([&] { return window_->width() == 1024; }, 5000));
        QTest::qWait(100);
        QList<QToolButton*> buttons;
        for (QToolBar* toolbar : window_->findChildren<QToolBar*>())
            for (QToolButton* button : toolbar->findChildren<QToolButton*>())
                if (button->objectName() == QLatin1String("qt_toolbar_ext_button"))
                    QVERIFY2(!button->isVisible(), "the toolbar overflows");
                else if (button->defaultAction() && button->isVisible())
                    buttons << button;
        for (QToolButton* button : window_->panelColumns()[1]->findChildren<QToolButton*>())
            if (button->defaultAction()) buttons << button;
        QVERIFY(buttons.size() >= 10);
        for (QToolButton* button : buttons) {
            QVERIFY2(button->isVisible(), qPrintable(button->text()));
            QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(button->text()));
            const QRect inWindow(button->mapTo(window_.get(), QPoint(0, 0)), button->size());
            QVERIFY2(window_->rect().contains(inWindow), qPrintable(button->text()));
        }
    }
};

QTEST_MAIN(DesignerDetailsTest)
#include "tst_designer_details.moc"
