// The optimise and export dialogs driven offscreen on the demo project: results checked against
// core called directly, the project changed only by "Add to project" (and back by undo), and
// exported files compared with the exporters' own text.
#include "DemoWindow.h"

#include "ExportDialog.h"
#include "FinalLossTable.h"
#include "MainWindow.h"
#include "OptimizeDialog.h"
#include "PredictionRequest.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "export/ScheduleExporter.h"
#include "optimize/ScheduleOptimizer.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <memory>

using namespace annealer;

namespace {

constexpr int kTimeout = 120000;

QString readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll());
}

// Fields of one CSV line; a quoted field may hold commas (schedule names do).
QStringList csvFields(const QString& line) {
    QStringList fields{QString()};
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == QLatin1Char('"')) {
            if (quoted && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                fields.last() += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == QLatin1Char(',') && !quoted) {
            fields << QString();
        } else {
            fields.last() += c;
        }
    }
    return fields;
}

Schedule cosineSchedule() {
    Schedule schedule;
    schedule.name = QStringLiteral("cosine 10k");
    schedule.family = ScheduleFamily::Cosine;
    schedule.steps = 10000;
    schedule.peak = 3e-4;
    schedule.warmupSteps = 500;
    schedule.floor = 3e-5;
    return schedule;
}

Schedule wsdExponentialSchedule() {
    Schedule schedule;
    schedule.name = QStringLiteral("wsd exp");
    schedule.family = ScheduleFamily::Wsd;
    schedule.steps = 10000;
    schedule.peak = 3e-4;
    schedule.warmupSteps = 500;
    schedule.floor = 3e-6;
    schedule.decayFraction = 0.2;
    schedule.decayShape = DecayShape::Exponential;
    return schedule;
}

}  // namespace

class DialogsTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;
    QTemporaryDir dir_;

    ProjectDocument* document() { return window_->document(); }
    const Project& project() { return window_->document()->project(); }

    // The fit the dialog optimises with: the project's law as the window predicts with it.
    FitResult projectFit() {
        const LawSelection& law = project().law;
        FitResult fit;
        if (law.fitIndex) fit = project().fits[static_cast<std::size_t>(*law.fitIndex)];
        fit.lawId = law.lawId;
        fit.parameters = law.parameters;
        return fit;
    }

    void chooseFamily(OptimizeDialog* dialog, OptimizationFamily family) {
        QComboBox* combo = dialog->familyCombo();
        const int index = combo->findData(static_cast<int>(family));
        QVERIFY(index >= 0);
        combo->setCurrentIndex(index);
    }

    // The window's action of that menu text (without its & mnemonic); null if none.
    QAction* windowAction(const QString& text) const {
        for (QAction* action : window_->findChildren<QAction*>())
            if (action->text().remove(QLatin1Char('&')) == text) return action;
        return nullptr;
    }

    // The dialog's Save button.
    static QPushButton* saveButton(const ExportDialog& dialog) {
        for (QPushButton* button : dialog.findChildren<QPushButton*>())
            if (button->text().remove(QLatin1Char('&')) == QStringLiteral("Save")) return button;
        return nullptr;
    }

private slots:
    void initTestCase() {
        useTestSettings(QStringLiteral("tst_dialogs"));
        QVERIFY(dir_.isValid());
    }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
        QVERIFY(project().law.isSet());
        QVERIFY(window_->scheduleList()->currentSchedule() != 0);
    }

    void cleanup() { window_.reset(); }

    void menuActions() {
        QStringList texts;
        for (QAction* action : window_->findChildren<QAction*>())
            texts << action->text().remove(QLatin1Char('&'));
        QVERIFY(texts.contains(QStringLiteral("Find Best Schedule…")));
        QVERIFY(texts.contains(QStringLiteral("Export Schedule…")));
        QVERIFY(texts.contains(QStringLiteral("Export Chart as Image…")));
        QVERIFY(texts.contains(QStringLiteral("Export Predicted Curves as CSV…")));
    }

    // The demo is this project's own tiny GPT (resources/demo/NOTICE), not the multi-power
    // paper's runs: Help > About and the demo action say so, and credit no one else's data.
    void aboutAndDemoSayWhoseTheDemoDataIs() {
        QAction* about = windowAction(QStringLiteral("About Annealer"));
        QAction* demo = windowAction(QStringLiteral("Open Demo Project"));
        QVERIFY(about && demo);
        QVERIFY2(demo->toolTip().contains(QStringLiteral("tiny GPT")), qPrintable(demo->toolTip()));
        QString shown;
        QTimer::singleShot(0, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->close();
            }
        });
        about->trigger();
        QVERIFY2(shown.contains(QStringLiteral("tiny GPT")) &&
                     shown.contains(QStringLiteral("trained itself")) &&
                     !shown.contains(QStringLiteral("MIT")),
                 qPrintable(shown));
    }

    // With no schedule left there is nothing to draw or export: both actions are off (not an
    // error box after the click), and on again when an undo brings a schedule back.
    void drawAndExportNeedASchedule() {
        QAction* draw = windowAction(QStringLiteral("Draw Mode"));
        QAction* exportSchedule = windowAction(QStringLiteral("Export Schedule…"));
        QVERIFY(draw && exportSchedule);
        QVERIFY(draw->isEnabled() && exportSchedule->isEnabled());
        QAction* remove = window_->scheduleList()->deleteAction();
        const std::size_t schedules = project().schedules.size();
        for (std::size_t i = 0; i < schedules; ++i) {
            QVERIFY(remove->isEnabled());
            remove->trigger();
        }
        QVERIFY(project().schedules.empty());
        QVERIFY(!draw->isEnabled());
        QVERIFY(!exportSchedule->isEnabled());
        window_->document()->undoStack()->undo();
        QCOMPARE(project().schedules.size(), std::size_t{1});
        QVERIFY(draw->isEnabled() && exportSchedule->isEnabled());
        QVERIFY(dialogs_.errors.isEmpty());
    }

    void optimizeWsdAddAndUndo() {
        const ItemId selected = window_->scheduleList()->currentSchedule();
        const Schedule& base = project().findSchedule(selected)->schedule;
        OptimizeDialog* dialog = window_->showOptimizeDialog();
        QVERIFY(dialog);
        // Prefilled from the selected schedule.
        const OptimizationConstraints constraints = dialog->constraints();
        QCOMPARE(constraints.steps, base.totalSteps());
        QCOMPARE(constraints.peak, base.peak);
        QCOMPARE(constraints.warmupSteps, base.totalWarmupSteps());
        QCOMPARE(constraints.floor, 0.0);
        chooseFamily(dialog, OptimizationFamily::Wsd);
        QVERIFY(!dialog->addButton()->isEnabled());

        QSignalSpy finished(dialog, &OptimizeDialog::finished);
        dialog->start();
        // Running: the fields stay locked until the result comes back to the GUI thread.
        QVERIFY(!dialog->familyCombo()->isEnabled());
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kTimeout));
        QVERIFY2(dialog->outcome().result, qPrintable(dialog->outcome().error));

        const Result<OptimizationResult> direct =
            ScheduleOptimizer().optimize(projectFit(), constraints, dialog->options());
        QVERIFY2(direct, qPrintable(direct.error()));
        // The same optimum; its loss reported as the window predicts it for the schedule added
        // (the optimiser's own evaluation may differ in the last digits).
        QCOMPARE(scheduleIdentity(dialog->outcome().result->best.schedule),
                 scheduleIdentity(direct->best.schedule));
        const double reported = dialog->outcome().result->best.finalLoss;
        QVERIFY(std::abs(reported - direct->best.finalLoss) < 1e-3);
        QVERIFY(dialog->outcome().baselineLoss);
        QVERIFY(dialog->resultTable()->rowCount() >= 2);
        QVERIFY(dialog->summaryLabel()->text().contains(QString::number(reported, 'f', 4)));

        const std::size_t before = project().schedules.size();
        const int undoBefore = document()->undoStack()->count();
        QVERIFY(dialog->addButton()->isEnabled());
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QCOMPARE(project().schedules.size(), before + 1);
        const ProjectSchedule& added = project().schedules.back();
        QVERIFY2(added.schedule.name.startsWith(QStringLiteral("optimal WSD (")),
                 qPrintable(added.schedule.name));
        QVERIFY(added.schedule.name.endsWith(QStringLiteral(" vs baseline)")));
        QCOMPARE(window_->scheduleList()->currentSchedule(), added.id);
        QCOMPARE(document()->undoStack()->count(), undoBefore + 1);
        // Find Best's loss is the one the final-loss table shows for the schedule added.
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QTableWidget* table = window_->finalLossTable()->table();
        const int row = table->rowCount() - 1;
        QVERIFY2(table->item(row, 1)->text().startsWith(QString::number(reported, 'f', 4)),
                 qPrintable(table->item(row, 1)->text() + QStringLiteral(" vs ") +
                            QString::number(reported, 'f', 4)));

        document()->undoStack()->undo();
        QCOMPARE(project().schedules.size(), before);
        dialog->close();
    }

    void cancelLeavesProjectUnchanged() {
        OptimizeDialog* dialog = window_->showOptimizeDialog();
        QVERIFY(dialog);
        chooseFamily(dialog, OptimizationFamily::FreeForm);
        // A long run, so the cancel lands while it works.
        auto* steps = dialog->findChildren<QSpinBox*>().first();
        steps->setValue(2000000);
        const std::size_t before = project().schedules.size();
        const int undoBefore = document()->undoStack()->count();
        QSignalSpy finished(dialog, &OptimizeDialog::finished);
        dialog->start();
        QVERIFY(dialog->isRunning());
        QTest::qWait(200);
        dialog->cancel();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, kTimeout));
        QVERIFY(dialog->outcome().cancelled);
        QVERIFY(!dialog->outcome().result);
        QVERIFY(!dialog->addButton()->isEnabled());
        QCOMPARE(dialog->addToProject(), ItemId(0));
        QCOMPARE(project().schedules.size(), before);
        QCOMPARE(document()->undoStack()->count(), undoBefore);
        dialog->close();
    }

    void exportCosineToHfIsExact() {
        const Schedule schedule = cosineSchedule();
        ExportDialog dialog(schedule, &dialogs_);
        dialog.setTarget(QStringLiteral("hf"));
        QCOMPARE(dialog.exportResult().target, QStringLiteral("hf"));
        // Targets are listed by the trainer's name, with the id the command line takes.
        QCOMPARE(dialog.targetCombo()->currentText(), QStringLiteral("Hugging Face transformers (hf)"));
        for (int i = 0; i < dialog.targetCombo()->count(); ++i)
            QVERIFY2(dialog.targetCombo()->itemText(i).endsWith(
                         QStringLiteral("(%1)").arg(dialog.targetCombo()->itemData(i).toString())),
                     qPrintable(dialog.targetCombo()->itemText(i)));
        QVERIFY(dialog.exportResult().exact);
        QVERIFY(dialog.verdictLabel()->text().contains(QStringLiteral("Exact")));
        QVERIFY(!dialog.verdictLabel()->text().contains(QStringLiteral("Not exact")));
        QVERIFY(!dialog.alternativeBox()->isVisibleTo(&dialog));
        QVERIFY(dialog.deviationLabel()->text().contains(QStringLiteral("Largest deviation")));
        QVERIFY(dialog.deviationLabel()->text().contains(
            QString::number(dialog.exportResult().maxDeviation, 'g', 3)));
        QVERIFY(dialog.designedSeries()->count() > 100);
        QVERIFY(dialog.previewSeries()->count() > 100);

        const ExportResult direct = findExporter(QStringLiteral("hf"))->exportSchedule(schedule);
        QCOMPARE(dialog.textView()->toPlainText(), direct.text);
        QVERIFY(dialog.textView()->isReadOnly());

        // Save writes exactly the exporter's text.
        dialogs_.exportPath = dir_.filePath(QStringLiteral("cosine.json"));
        QSignalSpy saved(&dialog, &ExportDialog::saved);
        QPushButton* save = saveButton(dialog);
        QVERIFY(save);
        dialogs_.confirmations.clear();
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(readAll(dialogs_.exportPath), direct.text);
        QVERIFY(dialogs_.errors.isEmpty());
        QVERIFY(dialogs_.confirmations.isEmpty());  // exact: nothing to ask
    }

    void exportWsdExponentialToMegatronIsNotExact() {
        const Schedule schedule = wsdExponentialSchedule();
        ExportDialog dialog(schedule, &dialogs_);
        dialog.setTarget(QStringLiteral("megatron"));
        const ExportResult& result = dialog.exportResult();
        QCOMPARE(result.target, QStringLiteral("megatron"));
        QVERIFY(!result.exact);
        QVERIFY(!result.reasons.isEmpty());
        QVERIFY(dialog.verdictLabel()->text().contains(QStringLiteral("Not exact")));
        QVERIFY(dialog.verdictLabel()->text().contains(result.reasons.first().toHtmlEscaped()));
        QVERIFY(dialog.alternativeBox()->isVisibleTo(&dialog));
        QVERIFY(dialog.deviationLabel()->text().contains(QStringLiteral("Largest deviation")));

        const ExportResult direct =
            findExporter(QStringLiteral("megatron"))->exportSchedule(schedule);
        QCOMPARE(dialog.textView()->toPlainText(), direct.text);

        // Saving what is not exact asks first; "Cancel" writes nothing.
        QPushButton* save = saveButton(dialog);
        QVERIFY(save);
        dialogs_.exportPath = dir_.filePath(QStringLiteral("inexact.sh"));
        dialogs_.confirmations.clear();
        dialogs_.confirmAnswer = false;
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(dialogs_.confirmations.size(), 1);
        QVERIFY(dialogs_.confirmations.first().contains(result.reasons.first()));
        QVERIFY(!QFile::exists(dialogs_.exportPath));
        dialogs_.confirmAnswer = true;
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(dialogs_.confirmations.size(), 2);
        QCOMPARE(readAll(dialogs_.exportPath), direct.text);
        if (direct.fallback) {
            QVERIFY(dialog.alternativeBox()->isEnabled());
            dialog.alternativeBox()->setChecked(true);
            QCOMPARE(dialog.textView()->toPlainText(), direct.fallback->text);
            QVERIFY(dialog.shownResult().exact);
            const QString path = dir_.filePath(QStringLiteral("alternative.txt"));
            QVERIFY(dialog.saveTo(path));
            QCOMPARE(readAll(path), direct.fallback->text);
        }
    }

    void saveErrorIsShown() {
        ExportDialog dialog(cosineSchedule(), &dialogs_);
        const QString path = dir_.filePath(QStringLiteral("no/such/dir/out.json"));
        QVERIFY(!dialog.saveTo(path));
        QCOMPARE(dialogs_.errors.size(), 1);
        QVERIFY(!QFile::exists(path));
    }

    void exportDialogFromWindow() {
        ExportDialog* dialog = window_->showExportDialog();
        QVERIFY(dialog);
        const Schedule& selected =
            project().findSchedule(window_->scheduleList()->currentSchedule())->schedule;
        QCOMPARE(dialog->textView()->toPlainText(),
                 allExporters().front()->exportSchedule(selected).text);
        dialog->close();
    }

    void exportChartAndCurves() {
        const QString png = dir_.filePath(QStringLiteral("chart.png"));
        QVERIFY(window_->exportChartImage(png));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 100);
        const QString svg = dir_.filePath(QStringLiteral("chart.svg"));
        QVERIFY(window_->exportChartImage(svg));
        const QString drawing = readAll(svg);
        QVERIFY(drawing.contains(QStringLiteral("<svg")));
        QVERIFY(drawing.contains(QStringLiteral("<path")));  // the curves, as vectors

        const QString csv = dir_.filePath(QStringLiteral("curves.csv"));
        QSignalSpy exported(window_.get(), &MainWindow::curvesExported);
        window_->exportCurvesCsv(csv);
        QVERIFY(exported.wait(kTimeout));
        const QStringList lines = readAll(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 1000);
        QStringList expected{QStringLiteral("step")};
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.visible) expected << QStringLiteral("predicted_loss:") + entry.schedule.name;
        QCOMPARE(csvFields(lines.first()), expected);
        // The last row is the longest schedule's last step, predicted for it.
        const QStringList last = csvFields(lines.last());
        QCOMPARE(last.size(), expected.size());
        QVERIFY(!last[1].isEmpty() || !last.back().isEmpty());
        QVERIFY(dialogs_.errors.isEmpty());
    }
};

QTEST_MAIN(DialogsTest)
#include "tst_dialogs.moc"
