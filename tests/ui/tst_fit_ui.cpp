// Fitting and importing from the window, driven as a user would: the import dialog's preview and
// metric choices, a fit started with the Fit button on the demo runs (the same parameters as the
// command line's fitter), Cancel, a fit that fails, the event loop kept turning during a fit,
// the uncertainty bands, the comparison of both laws, stale fits, and fits saved and reloaded.
#include "DemoWindow.h"

#include "FinalLossTable.h"
#include "FitCurvesChart.h"
#include "FitDialog.h"
#include "FitResultsView.h"
#include "FitTask.h"
#include "ImportDialog.h"
#include "LawComparisonView.h"
#include "LawPanel.h"
#include "LivePrediction.h"
#include "LossChartView.h"
#include "MainWindow.h"
#include "ProjectDocument.h"
#include "TickLabelChecks.h"
#include "RemoveRunCommand.h"
#include "ResidualChart.h"
#include "fit/FitEvaluation.h"
#include "fit/FitJson.h"
#include "fit/Fitter.h"
#include "law/LossLaw.h"
#include "project/ProjectJson.h"
#include "run/LogImport.h"

#include "DemoCurves.h"

#include <QAreaSeries>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <QWheelEvent>

#include <cmath>
#include <memory>
#include <set>

using namespace annealer;

namespace {

constexpr int kTimeout = 120000;

// The runs the demo's fit was made on (tools/make_demo_project.sh); the other five are held out.
const QStringList kFitted = {QStringLiteral("constant"), QStringLiteral("cosine10"),
                             QStringLiteral("wsd10")};


// Where the screenshots of the dialogs go when ANNEALER_SCREENSHOT_DIR is set (for a person to
// look at; nothing is checked).
void saveScreenshot(QWidget* widget, const QString& name) {
    const QString directory = qEnvironmentVariable("ANNEALER_SCREENSHOT_DIR");
    if (directory.isEmpty()) return;
    QTest::qWait(200);  // charts lay themselves out in posted events
    widget->grab().save(directory + QLatin1Char('/') + name);
}

}  // namespace

class FitUiTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;
    QTemporaryDir dir_;

    ProjectDocument* document() { return window_->document(); }
    const Project& project() { return window_->document()->project(); }

    ItemId runNamed(const QString& name) {
        for (const ProjectRun& entry : project().runs)
            if (entry.run.name == name) return entry.id;
        return 0;
    }

    bool waitSettled() {
        return QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout);
    }

    FitDialog* openFitDialog() {
        window_->showFitDialog();
        FitDialog* dialog = window_->fitDialog();
        if (!QTest::qWaitForWindowExposed(dialog)) return nullptr;
        return dialog;
    }

    // The demo's protocol: fit the three runs, hold the other five out.
    // A fit chart's step axis as drawn: "0", then "500", "1k"-style labels, each at its tick's pixel.
    static void checkStepLabels(QChartView* view, const QString& where) {
        QTRY_VERIFY(view->isVisible() && view->chart()->plotArea().width() > 100);
        QCoreApplication::processEvents();
        QChart* chart = view->chart();
        TickLabelAxis* steps = tick_label_checks::labelAxis(chart, Qt::Horizontal);
        QVERIFY2(steps, qPrintable(where));
        QCOMPARE(steps->tickLabels().front(), QStringLiteral("0"));
        for (const QString& label : steps->tickLabels())
            QVERIFY2(tick_label_checks::isCompactCount(label), qPrintable(where + QStringLiteral(": ") + label));
        tick_label_checks::checkTickLabels(chart, steps, chart->series().first(), 1.0, where);
    }

    void chooseProtocolRoles(FitDialog* dialog) {
        for (const ProjectRun& entry : project().runs) {
            QComboBox* box = dialog->roleBox(entry.id);
            QVERIFY(box);
            box->setCurrentIndex(kFitted.contains(entry.run.name) ? 0 : 1);
        }
    }

    // Presses Fit (or Fit Both Laws) and waits for the fit to be added.
    int fitAndWait(FitDialog* dialog, QPushButton* button) {
        QSignalSpy added(dialog, &FitDialog::fitAdded);
        QSignalSpy failed(dialog, &FitDialog::fitFailed);
        QTest::mouseClick(button, Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return !added.isEmpty() || !failed.isEmpty(); }, kTimeout))
            return -2;
        if (!failed.isEmpty())
            qWarning("fit failed: %s", qPrintable(failed.first().first().toString()));
        return added.isEmpty() ? -1 : added.first().first().toInt();
    }

private slots:
    void initTestCase() {
        useTestSettings(QStringLiteral("tst_fit_ui"));
        QVERIFY(dir_.isValid());
    }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
    }

    void cleanup() { window_.reset(); }

    // A fit made with runs held out and others left out opens with the same roles again.
    void leftOutRunsComeBackLeftOut() {
        Project changed = project();
        QVERIFY(changed.law.fitIndex);
        FitResult& fit = changed.fits[static_cast<std::size_t>(*changed.law.fitIndex)];
        fit.heldOut.clear();
        ItemId heldOut = 0;
        std::vector<ItemId> leftOut;
        for (const ProjectRun& entry : changed.runs) {
            if (kFitted.contains(entry.run.name)) continue;
            if (fit.heldOut.empty()) {
                FittedRun run;
                run.name = entry.run.name;
                fit.heldOut.push_back(run);
                heldOut = entry.id;
            } else {
                leftOut.push_back(entry.id);
            }
        }
        QVERIFY(!leftOut.empty());
        document()->resetProject(std::move(changed), QString(), QStringLiteral("roles"));
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->runRole(heldOut), FitDialog::RunRole::HoldOut);
        for (ItemId id : leftOut) QCOMPARE(dialog->runRole(id), FitDialog::RunRole::Ignore);
        for (const ProjectRun& entry : project().runs)
            if (kFitted.contains(entry.run.name))
                QCOMPARE(dialog->runRole(entry.id), FitDialog::RunRole::Fit);
        QCOMPARE(dialog->roleBox(leftOut.front())->currentText(), QStringLiteral("Leave out"));
    }

    void closeButtonClosesTheDialog() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->closeButton() && dialog->closeButton()->isVisible());
        QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
    }

    void aFitFromTheWindowGivesTheCommandLinesParameters() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        // The set-up starts from the fit in use: its three runs fitted, the rest held out.
        for (const ProjectRun& entry : project().runs)
            QCOMPARE(dialog->runRole(entry.id), kFitted.contains(entry.run.name)
                                                    ? FitDialog::RunRole::Fit
                                                    : FitDialog::RunRole::HoldOut);
        dialog->lawBox()->setCurrentIndex(dialog->lawBox()->findData(QStringLiteral("multipower")));
        const std::size_t fitsBefore = project().fits.size();
        const int commandsBefore = document()->undoStack()->count();
        const int index = fitAndWait(dialog, dialog->fitButton());
        QCOMPARE(index, static_cast<int>(fitsBefore));
        QCOMPARE(project().fits.size(), fitsBefore + 1);
        QCOMPARE(document()->undoStack()->count(), commandsBefore + 1);

        // What `annealer fit --law multipower constant.csv cosine10.csv wsd10.csv`
        // computes: the core fitter on the same files with the command's default options.
        std::vector<Run> runs;
        for (const QString& name : kFitted) runs.push_back(readDemoCurve(name));
        auto law = makeLaw(QStringLiteral("multipower"));
        auto cli = Fitter().fit(**law, runs, FitOptions{});
        QVERIFY2(cli, qPrintable(cli.error()));
        const FitResult& gui = project().fits.back();
        QCOMPARE(gui.parameters.size(), cli->parameters.size());
        for (std::size_t i = 0; i < cli->parameters.size(); ++i) {
            const double relative = std::abs(gui.parameters[i] - cli->parameters[i]) /
                                    std::max(1e-300, std::abs(cli->parameters[i]));
            QVERIFY2(relative <= 1e-9, qPrintable(QStringLiteral("%1: %2 vs %3")
                                                      .arg(gui.parameterNames[i])
                                                      .arg(gui.parameters[i], 0, 'g', 17)
                                                      .arg(cli->parameters[i], 0, 'g', 17)));
            QCOMPARE(gui.standardErrors[i] > 0.0, cli->standardErrors[i] > 0.0);
        }
        // The fitted runs' metrics are the fitter's; the held-out ones are the five others,
        // predicted with the fitted parameters.
        QCOMPARE(gui.runs.size(), std::size_t(3));
        for (std::size_t r = 0; r < 3; ++r)
            QCOMPARE(gui.runs[r].metrics.predE, cli->runs[r].metrics.predE);
        QCOMPARE(gui.heldOut.size(), std::size_t(5));
        const Run wsd = readDemoCurve(QStringLiteral("wsd30"));
        auto expected = evaluateHeldOutRun(**law, gui, wsd);
        QVERIFY(expected);
        bool found = false;
        for (const FittedRun& run : gui.heldOut)
            if (run.name == wsd.name) {
                QCOMPARE(run.metrics.predE, expected->metrics.predE);
                QCOMPARE(run.metrics.finalError, expected->metrics.finalError);
                found = true;
            }
        QVERIFY(found);

        // It predicts from now on, with its band around every curve and in the table.
        QCOMPARE(project().law.fitIndex, std::optional<int>(index));
        QCOMPARE(project().law.parameters, gui.parameters);
        QVERIFY(waitSettled());
        for (const ProjectSchedule& entry : project().schedules) {
            QAreaSeries* band = window_->lossChart()->bandSeries(entry.id);
            QVERIFY(band);
            const QList<QPointF> upper = band->upperSeries()->points();
            const QList<QPointF> lower = band->lowerSeries()->points();
            QVERIFY(upper.size() > 100);
            QCOMPARE(upper.size(), lower.size());
            for (qsizetype i = 0; i < upper.size(); ++i) QVERIFY(upper[i].y() >= lower[i].y());
            QVERIFY(upper.back().y() > lower.back().y());
            QVERIFY(window_->prediction()->curve(entry.id)->finalSigma > 0.0);
        }
        QTableWidget* finals = window_->finalLossTable()->table();
        for (int row = 0; row < finals->rowCount(); ++row)
            QVERIFY2(finals->item(row, 1)->text().contains(QStringLiteral("±")),
                     qPrintable(finals->item(row, 1)->text()));

        // The results: parameters with errors, runs fitted and held out apart, curves and
        // residuals of all eight runs.
        FitResultsView* results = dialog->results();
        QCOMPARE(results->fitIndex(), index);
        QCOMPARE(results->parameterTable()->rowCount(), 7);
        QCOMPARE(results->parameterTable()->item(0, 0)->text(), QStringLiteral("L0"));
        QCOMPARE(results->metricsTable()->rowCount(), 3 + 1 + 5 + 1);  // runs and a mean each
        QCOMPARE(results->metricsTable()->item(0, 1)->text(), QStringLiteral("fitted"));
        QCOMPARE(results->metricsTable()->item(4, 1)->text(), QStringLiteral("held out"));
        QVERIFY(QTest::qWaitFor(
            [&] { return !results->isPredicting() && !results->curves().empty(); }, kTimeout));
        QCOMPARE(results->curves().size(), std::size_t(8));
        results->setCurrentWidget(results->curvesChart());
        QCOMPARE(results->curvesChart()->predictionSeriesCount(), 8);
        checkStepLabels(results->curvesChart(), QStringLiteral("fitted curves"));
        if (QTest::currentTestFailed()) return;
        results->setCurrentWidget(results->residualChart());
        QVERIFY(results->residualChart()->pointCount() > 500);
        checkStepLabels(results->residualChart(), QStringLiteral("residuals"));
        if (QTest::currentTestFailed()) return;
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("Fitted")));
        QVERIFY(!dialog->staleLabel()->isVisible());
        for (int tab = 0; tab < results->count() - 1; ++tab) {
            results->setCurrentIndex(tab);
            saveScreenshot(dialog, QStringLiteral("fit-dialog-%1.png").arg(tab));
        }
        saveScreenshot(window_.get(), QStringLiteral("window-after-fit.png"));
        if (!qEnvironmentVariableIsEmpty("ANNEALER_SCREENSHOT_DIR")) {
            // The band is a few thousandths of the loss: zoomed in on the curves' ends.
            LossChartView* chart = window_->lossChart();
            const QPoint at(chart->viewport()->width() * 88 / 100,
                            chart->viewport()->height() * 80 / 100);
            for (int notch = 0; notch < 18; ++notch) {
                QWheelEvent wheel(at, chart->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                                  Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
                QCoreApplication::sendEvent(chart->viewport(), &wheel);
            }
            saveScreenshot(chart, QStringLiteral("loss-chart-zoomed.png"));
        }

        // One undo takes the fit away again, and the demo's fit predicts.
        document()->undoStack()->undo();
        QCOMPARE(project().fits.size(), fitsBefore);
        QCOMPARE(project().law.fitIndex, std::optional<int>(0));
    }

    void cancelStopsAFitMidwayAndKeepsThePreviousOne() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        // All eight runs: a fit long enough to be caught in the middle.
        for (const ProjectRun& entry : project().runs)
            dialog->setRunRole(entry.id, FitDialog::RunRole::Fit);
        const QJsonObject before = projectToJson(project());
        const int commands = document()->undoStack()->count();
        QSignalSpy cancelled(dialog, &FitDialog::fitCancelled);
        QSignalSpy added(dialog, &FitDialog::fitAdded);
        double progressAtCancel = -1.0;
        QMetaObject::Connection connection;
        connection = connect(dialog->findChild<FitTask*>(), &FitTask::progressChanged, this,
                             [&](double fraction) {
                                 if (fraction <= 0.0 || progressAtCancel >= 0.0) return;
                                 progressAtCancel = fraction;
                                 QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
                             });
        QTest::mouseClick(dialog->fitButton(), Qt::LeftButton);
        QVERIFY(dialog->isFitting());
        QVERIFY(dialog->cancelButton()->isEnabled());
        QVERIFY(!dialog->fitButton()->isEnabled());
        QVERIFY(
            QTest::qWaitFor([&] { return !cancelled.isEmpty() || !added.isEmpty(); }, kTimeout));
        disconnect(connection);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(added.size(), 0);
        qInfo("cancelled at %.1f%% of the fit", 100.0 * progressAtCancel);
        QVERIFY(progressAtCancel > 0.0 && progressAtCancel < 1.0);
        QVERIFY(!dialog->isFitting());
        QVERIFY(dialog->fitButton()->isEnabled());
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("Cancelled")),
                 qPrintable(dialog->statusLabel()->text()));
        // The project, its fit and the law in use as they were; nothing to undo.
        QCOMPARE(projectToJson(project()), before);
        QCOMPARE(document()->undoStack()->count(), commands);
        QVERIFY(!document()->isModified());
        // And the next fit runs normally.
        QVERIFY(fitAndWait(dialog, dialog->fitButton()) >= 0);
    }

    // Closing the dialog does not stop a fit: the status bar says a fit is running while it
    // does, and what became of it when it ends.
    void aFitRunsOnWithItsDialogClosedAndTheStatusBarSaysSo() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        auto* lawStatus = window_->findChild<QLabel*>(QStringLiteral("lawStatus"));
        QVERIFY(lawStatus);
        QVERIFY(!lawStatus->text().contains(QStringLiteral("fitting")));
        const int fits = static_cast<int>(project().fits.size());
        QSignalSpy added(dialog, &FitDialog::fitAdded);
        QTest::mouseClick(dialog->fitButton(), Qt::LeftButton);
        QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QVERIFY(dialog->isFitting());
        QVERIFY2(lawStatus->text().contains(QStringLiteral("fitting")),
                 qPrintable(lawStatus->text()));
        QVERIFY(added.wait(kTimeout));
        QCOMPARE(static_cast<int>(project().fits.size()), fits + 1);
        QVERIFY2(!lawStatus->text().contains(QStringLiteral("fitting")),
                 qPrintable(lawStatus->text()));
        QVERIFY2(window_->statusBar()->currentMessage().contains(
                     QStringLiteral("Fit %1 added").arg(fits + 1)),
                 qPrintable(window_->statusBar()->currentMessage()));
    }

    // The fit runs off the GUI thread: events keep being delivered while it is still running,
    // and it makes progress between them. Asserted on what happens, not on wall time (a loaded
    // machine stretches gaps between events); a fit run on the GUI thread delivers none of the
    // timer's events before it has ended.
    void theEventLoopKeepsTurningDuringAFit() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        for (const ProjectRun& entry : project().runs)
            dialog->setRunRole(entry.id, FitDialog::RunRole::Fit);
        // A timer every 5 ms: each tick is an event the loop delivered; those that come while
        // the fit is running, and the progress the fit had made by then, are recorded.
        int ticksDuringFit = 0;
        std::set<int> progressSeen;
        QTimer timer;
        timer.setInterval(5);
        connect(&timer, &QTimer::timeout, this, [&] {
            if (!dialog->isFitting()) return;
            ++ticksDuringFit;
            progressSeen.insert(dialog->progressBar()->value());
        });
        QSignalSpy added(dialog, &FitDialog::fitAdded);
        timer.start();
        QTest::mouseClick(dialog->fitButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !added.isEmpty(); }, kTimeout));
        timer.stop();
        qInfo("timer ticks during the fit: %d, at %d progress values", ticksDuringFit,
              static_cast<int>(progressSeen.size()));
        QVERIFY2(ticksDuringFit >= 3, qPrintable(QString::number(ticksDuringFit)));
        QVERIFY2(progressSeen.size() >= 2, "the fit made no progress between two events");
        QVERIFY(waitSettled());
    }

    void aFailingFitShowsItsReasonAndChangesNothing() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        // A window at the very end: a point or so per run cannot determine seven parameters.
        dialog->fromBox()->setValue(2390);
        const QJsonObject before = projectToJson(project());
        const int commands = document()->undoStack()->count();
        QSignalSpy failed(dialog, &FitDialog::fitFailed);
        QTest::mouseClick(dialog->fitButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, kTimeout));
        const QString reason = failed.first().first().toString();
        QVERIFY2(reason.contains(QStringLiteral("cannot determine 7 parameters")) ||
                     reason.contains(QStringLiteral("no loss points inside the fit window")),
                 qPrintable(reason));
        QVERIFY2(dialog->statusLabel()->text().contains(reason),
                 qPrintable(dialog->statusLabel()->text()));
        QCOMPARE(projectToJson(project()), before);
        QCOMPARE(document()->undoStack()->count(), commands);

        // No run to fit: said at once, nothing started.
        for (const ProjectRun& entry : project().runs)
            dialog->setRunRole(entry.id, FitDialog::RunRole::Ignore);
        QVERIFY(!dialog->startFit());
        QVERIFY(!dialog->isFitting());
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("Fit")));
        QCOMPARE(projectToJson(project()), before);
    }

    void removingAFittedRunMarksTheFitStaleAndUndoRestores() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        const int index = fitAndWait(dialog, dialog->fitButton());
        QVERIFY(index >= 0);
        QVERIFY(!document()->isFitStale(index));
        QComboBox* sources = window_->lawPanel()->sourceBox();
        const auto sourceText = [&] { return sources->itemText(sources->findData(index)); };
        QVERIFY(!sourceText().contains(QStringLiteral("stale")));

        // Delete a fitted run.
        document()->undoStack()->push(
            new RemoveRunCommand(document(), runNamed(QStringLiteral("constant"))));
        QVERIFY(document()->isFitStale(index));
        QVERIFY2(
            document()->fitStaleness(index).join(' ').contains(QStringLiteral("constant")),
            qPrintable(document()->fitStaleness(index).join(' ')));
        QVERIFY(sourceText().contains(QStringLiteral("stale")));
        QVERIFY(window_->statusBar()
                    ->findChild<QLabel*>(QStringLiteral("lawStatus"))
                    ->text()
                    .contains(QStringLiteral("stale")));
        QVERIFY(dialog->fitBox()->currentText().contains(QStringLiteral("stale")));
        QVERIFY(dialog->staleLabel()->isVisible());
        QVERIFY(dialog->staleLabel()->text().contains(QStringLiteral("constant")));
        // The demo's own fit (from a file without data keys) is matched by name: stale too.
        QVERIFY(document()->isFitStale(0));
        // A held-out run gone makes it stale as well.
        document()->undoStack()->undo();
        QVERIFY(!document()->isFitStale(index));
        QVERIFY(!sourceText().contains(QStringLiteral("stale")));
        QVERIFY(!dialog->staleLabel()->isVisible());
        document()->undoStack()->push(
            new RemoveRunCommand(document(), runNamed(QStringLiteral("step"))));
        QVERIFY(document()->isFitStale(index));
        QVERIFY(!document()->isFitStale(0));  // the demo's fit held nothing out
        document()->undoStack()->undo();
        QVERIFY(!document()->isFitStale(index));
        // Adding a run changes none of the fit's data.
        QVERIFY(QTest::qWaitFor([&] { return !dialog->results()->isPredicting(); }, kTimeout));
    }

    // Parameters typed in carry no covariance: no band, no ±; back to the fit, both return.
    void typedInParametersHaveNoBand() {
        const ItemId cosine = project().schedules.front().id;
        QVERIFY(window_->lossChart()->bandSeries(cosine)->upperSeries()->count() > 100);
        auto* l0 = window_->lawPanel()->parameterField(QStringLiteral("L0"));
        QVERIFY(l0);
        l0->setFocus();
        l0->selectAll();
        QTest::keyClicks(l0, QStringLiteral("3.2"));
        QTest::keyClick(l0, Qt::Key_Return);
        QVERIFY(!project().law.fitIndex.has_value());
        QVERIFY(waitSettled());
        QCOMPARE(window_->lossChart()->bandSeries(cosine)->upperSeries()->count(), 0);
        QCOMPARE(window_->prediction()->curve(cosine)->finalSigma, 0.0);
        QVERIFY(
            !window_->finalLossTable()->table()->item(0, 1)->text().contains(QStringLiteral("±")));
        document()->undoStack()->undo();
        QVERIFY(waitSettled());
        QVERIFY(window_->lossChart()->bandSeries(cosine)->upperSeries()->count() > 100);
        QVERIFY(
            window_->finalLossTable()->table()->item(0, 1)->text().contains(QStringLiteral("±")));
    }

    // Deleting the fit in use keeps its parameters predicting (without band); deleting another
    // renumbers the one in use; undo brings each back as it was.
    void deletingAFitIsUndoable() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        const int index = fitAndWait(dialog, dialog->fitButton());
        QCOMPARE(index, 1);  // after the demo's own fit
        const FitResult added = project().fits[1];
        const ItemId cosine = project().schedules.front().id;
        QVERIFY(waitSettled());
        QVERIFY(window_->prediction()->curve(cosine)->finalSigma > 0.0);

        QCOMPARE(dialog->fitBox()->currentData().toInt(), 1);
        QVERIFY(dialog->deleteFitButton()->isEnabled());
        QTest::mouseClick(dialog->deleteFitButton(), Qt::LeftButton);
        QCOMPARE(project().fits.size(), std::size_t(1));
        QVERIFY(!project().law.fitIndex.has_value());
        QCOMPARE(project().law.parameters, added.parameters);
        QVERIFY(waitSettled());
        QCOMPARE(window_->prediction()->curve(cosine)->finalSigma, 0.0);
        QCOMPARE(dialog->fitBox()->count(), 1);
        document()->undoStack()->undo();
        QCOMPARE(project().fits.size(), std::size_t(2));
        QCOMPARE(project().fits[1].parameters, added.parameters);
        QCOMPARE(project().law.fitIndex, std::optional<int>(1));
        QVERIFY(waitSettled());
        QVERIFY(window_->prediction()->curve(cosine)->finalSigma > 0.0);

        // The demo's fit, not in use: the one in use becomes number 0.
        dialog->fitBox()->setCurrentIndex(dialog->fitBox()->findData(0));
        QTest::mouseClick(dialog->deleteFitButton(), Qt::LeftButton);
        QCOMPARE(project().fits.size(), std::size_t(1));
        QCOMPARE(project().fits[0].parameters, added.parameters);
        QCOMPARE(project().law.fitIndex, std::optional<int>(0));
        document()->undoStack()->undo();
        QCOMPARE(project().fits.size(), std::size_t(2));
        QCOMPARE(project().law.fitIndex, std::optional<int>(1));
    }

    // The Huber δ of the set-up reaches the fitter: 0 fits least squares, as the core does.
    void theHuberDeltaIsTheFittersDelta() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        dialog->lawBox()->setCurrentIndex(dialog->lawBox()->findData(QStringLiteral("momentum")));
        QCOMPARE(dialog->huberBox()->value(), FitOptions{}.huberDelta);
        dialog->huberBox()->setValue(0.0);
        const int index = fitAndWait(dialog, dialog->fitButton());
        QVERIFY(index >= 0);
        const FitResult& gui = project().fits[static_cast<std::size_t>(index)];
        QCOMPARE(gui.huberDelta, 0.0);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("fitSummary"))
                    ->text()
                    .contains(QStringLiteral("Huber δ 0 ")));

        std::vector<Run> runs;
        for (const QString& name : kFitted) runs.push_back(readDemoCurve(name));
        FitOptions options;
        options.huberDelta = 0.0;
        auto core = Fitter().fit(**makeLaw(QStringLiteral("momentum")), runs, options);
        QVERIFY2(core, qPrintable(core.error()));
        FitOptions huber;
        auto withHuber = Fitter().fit(**makeLaw(QStringLiteral("momentum")), runs, huber);
        QVERIFY(withHuber);
        for (std::size_t i = 0; i < core->parameters.size(); ++i) {
            const double relative = std::abs(gui.parameters[i] - core->parameters[i]) /
                                    std::max(1e-300, std::abs(core->parameters[i]));
            QVERIFY2(relative <= 1e-9, qPrintable(gui.parameterNames[i]));
        }
        // And it is not the default fit's.
        QVERIFY(gui.parameters != withHuber->parameters);
    }

    void aFitIsSavedWithTheProjectAndReloaded() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        dialog->fromBox()->setValue(300);
        const int index = fitAndWait(dialog, dialog->fitButton());
        QVERIFY(index >= 0);
        const FitResult fit = project().fits[static_cast<std::size_t>(index)];
        QCOMPARE(fit.fromStep, std::optional<std::int64_t>(300));

        const QString path = dir_.filePath(QStringLiteral("fitted.annealer"));
        QSignalSpy saved(window_.get(), &MainWindow::projectSaved);
        window_->saveProjectAs(path);
        QVERIFY(saved.wait(kTimeout));
        MainWindow second;
        FakeUserDialogs secondDialogs;
        second.setUserDialogs(&secondDialogs);
        QSignalSpy opened(&second, &MainWindow::projectOpened);
        second.openProject(path);
        QVERIFY(opened.wait(kTimeout));
        const Project& loaded = second.document()->project();
        QCOMPARE(loaded.fits.size(), project().fits.size());
        const FitResult& back = loaded.fits[static_cast<std::size_t>(index)];
        QCOMPARE(fitToJson(back), fitToJson(fit));
        QCOMPARE(back.heldOut.size(), std::size_t(5));
        QVERIFY(!back.runs[0].dataKey.isEmpty());
        QCOMPARE(loaded.law.fitIndex, std::optional<int>(index));
        // Its runs came back bit for bit, so it is not stale, and its band is drawn again.
        QVERIFY(!second.document()->isFitStale(index));
        QVERIFY(QTest::qWaitFor([&] { return second.isSettled(); }, kTimeout));
        const ItemId schedule = loaded.schedules.front().id;
        QVERIFY(second.prediction()->curve(schedule)->finalSigma > 0.0);
        QCOMPARE(second.prediction()->curve(schedule)->finalSigma,
                 window_->prediction()->curve(project().schedules.front().id)->finalSigma);
        FitDialog* reloaded = second.fitDialog();
        QCOMPARE(reloaded->results()->fitIndex(), index);
        QCOMPARE(reloaded->results()->metricsTable()->rowCount(), 3 + 1 + 5 + 1);
    }

    void fittingBothLawsComparesThemSideBySide() {
        FitDialog* dialog = openFitDialog();
        QVERIFY(dialog);
        chooseProtocolRoles(dialog);
        const std::size_t fitsBefore = project().fits.size();
        const int commands = document()->undoStack()->count();
        const int chosen = fitAndWait(dialog, dialog->compareButton());
        QVERIFY(chosen >= 0);
        QCOMPARE(project().fits.size(), fitsBefore + 2);
        QCOMPARE(document()->undoStack()->count(), commands + 1);  // one command for both
        const FitResult& first = project().fits[fitsBefore];
        const FitResult& second = project().fits[fitsBefore + 1];
        QCOMPARE(first.lawId, QStringLiteral("multipower"));
        QCOMPARE(second.lawId, QStringLiteral("momentum-literal"));
        QCOMPARE(project().law.fitIndex, std::optional<int>(chosen));

        LawComparisonView* comparison = dialog->comparison();
        QCOMPARE(comparison->fits(),
                 std::make_pair(static_cast<int>(fitsBefore), static_cast<int>(fitsBefore + 1)));
        QCOMPARE(dialog->results()->currentWidget(), comparison);
        QTableWidget* runs = comparison->runTable();
        QCOMPARE(runs->rowCount(), 5 + 1);
        QVERIFY(runs->horizontalHeaderItem(1)->text().contains(QStringLiteral("multipower")));
        QVERIFY(runs->horizontalHeaderItem(2)->text().contains(QStringLiteral("momentum")));
        // The held-out PredE of each law, as each fit recorded it.
        QCOMPARE(runs->item(0, 0)->text(), first.heldOut[0].name);
        QCOMPARE(runs->item(0, 1)->text(), QString::number(first.heldOut[0].metrics.predE, 'f', 5));
        QCOMPARE(runs->item(0, 2)->text(),
                 QString::number(second.heldOut[0].metrics.predE, 'f', 5));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !comparison->isPredicting() && comparison->scheduleTable()->rowCount() == 3;
            },
            kTimeout));
        for (int row = 0; row < 3; ++row)
            for (int column = 1; column <= 2; ++column)
                QVERIFY2(comparison->scheduleTable()
                             ->item(row, column)
                             ->text()
                             .contains(QStringLiteral("±")),
                         qPrintable(comparison->scheduleTable()->item(row, column)->text()));
        QCOMPARE(comparison->chart()->predictionSeriesCount(), 2 * 5);
        saveScreenshot(dialog, QStringLiteral("fit-dialog-compare.png"));

        document()->undoStack()->undo();
        QCOMPARE(project().fits.size(), fitsBefore);
        QCOMPARE(project().law.fitIndex, std::optional<int>(0));
        QCOMPARE(comparison->fits(), std::make_pair(-1, -1));
    }

    void theImportDialogPreviewsAndAddsRuns() {
        const QString log = QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/jsonl/train_log.jsonl");
        QVERIFY(dropPaths(window_.get(), {log}));
        QVERIFY(QTest::qWaitFor([&] { return window_->importDialog() != nullptr; }, kTimeout));
        ImportDialog* dialog = window_->importDialog();
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isAssembling(); }, kTimeout));
        QCOMPARE(dialog->rowCount(), 1);
        // The importer's choice, with its reason: validation loss over training loss.
        QVERIFY2(dialog->lossBox(0)->currentData().toString().endsWith(QStringLiteral("val_loss")),
                 qPrintable(dialog->lossBox(0)->currentText()));
        QVERIFY(dialog->lrBox(0)->currentData().toString().endsWith(QStringLiteral(":lr")));
        const QString details = dialog->detailsLabel()->text();
        QVERIFY2(details.contains(QStringLiteral("validation loss")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("JSON")), qPrintable(details));
        QVERIFY(dialog->addButton()->isEnabled());
        const QString validation = dialog->runTable()->item(0, 3)->text();

        // Another loss: the preview follows.
        QSignalSpy assembled(dialog, &ImportDialog::assembled);
        dialog->lossBox(0)->setCurrentIndex(
            dialog->lossBox(0)->findData(QStringLiteral("metric:loss")));
        QVERIFY(assembled.wait(kTimeout));
        QVERIFY(dialog->runTable()->item(0, 3)->text() != validation);
        QVERIFY(dialog->detailsLabel()->text().contains(QStringLiteral("chosen here")));
        saveScreenshot(dialog, QStringLiteral("import-dialog.png"));

        const std::size_t runsBefore = project().runs.size();
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QCOMPARE(project().runs.size(), runsBefore + 1);
        const Run& added = project().runs.back().run;
        QCOMPARE(added.lossMetric, QStringLiteral("loss"));
        QCOMPARE(added.lrMetric, QStringLiteral("lr"));
        QVERIFY(window_->lossChart()->runSeries(project().runs.back().id) != nullptr);
        QVERIFY(QTest::qWaitFor([&] { return window_->importDialog() == nullptr; }, kTimeout));
        document()->undoStack()->undo();
        QCOMPARE(project().runs.size(), runsBefore);
    }

    // A run that logs no LR cannot be added as it is (the row says why), but may take the LR of
    // one of the project's schedules.
    void aRunWithoutAnLrTakesAScheduleOfTheProject() {
        const QString path = dir_.filePath(QStringLiteral("no_lr.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("step,val_loss,tokens\n");
        for (int step = 240; step <= 2160; step += 240)
            file.write(QStringLiteral("%1,%2,%3\n")
                           .arg(step)
                           .arg(4.0 - step / 2400.0)
                           .arg(step * 1024)
                           .toUtf8());
        file.close();
        window_->importFiles({path});
        QVERIFY(QTest::qWaitFor([&] { return window_->importDialog() != nullptr; }, kTimeout));
        ImportDialog* dialog = window_->importDialog();
        QVERIFY(QTest::qWaitFor([&] { return !dialog->isAssembling(); }, kTimeout));
        QVERIFY(!dialog->rowProblem(0).isEmpty());  // no LR
        QVERIFY(!dialog->addButton()->isEnabled());
        QComboBox* lr = dialog->lrBox(0);
        const int schedule = lr->findData(QStringLiteral("schedule:0"));
        QVERIFY(schedule >= 0);
        QSignalSpy assembled(dialog, &ImportDialog::assembled);
        lr->setCurrentIndex(schedule);
        QVERIFY(assembled.wait(kTimeout));
        QVERIFY2(dialog->rowProblem(0).isEmpty(), qPrintable(dialog->rowProblem(0)));
        QVERIFY(dialog->addButton()->isEnabled());
        const std::vector<Run> runs = dialog->chosenRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        const Schedule& cosine = project().schedules.front().schedule;
        QCOMPARE(runs[0].schedule.lr[1000], cosine.lrAt(1000));
        QVERIFY(dialog->detailsLabel()->text().contains(QStringLiteral("schedule")));
        dialog->reject();
    }
};

QTEST_MAIN(FitUiTest)
#include "tst_fit_ui.moc"
