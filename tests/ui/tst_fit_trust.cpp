// What the window trusts and says about it: folders imported from the menu and by drag and drop
// as the command line reads them, run names that stay unique, a new run never fitted by default,
// a doubtful fit kept from predicting until the user chooses it, and predictions outside the
// range the fit saw marked on the loss chart and in the final-loss table.
#include "DemoWindow.h"

#include "AddFitCommand.h"
#include "AddRunsCommand.h"
#include "EditScheduleCommand.h"
#include "FinalLossTable.h"
#include "FitDialog.h"
#include "ImportDialog.h"
#include "LivePrediction.h"
#include "LossChartView.h"
#include "MainWindow.h"
#include "NumberText.h"
#include "ParameterPanel.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "fit/PredictionBand.h"
#include "run/LogImport.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace annealer;

namespace {

constexpr int kTimeout = 120000;
const QString kTensorFolder = QStringLiteral(ANNEALER_TEST_DATA_DIR "/tensorboard/tensor");
const QString kDemoCurves = QStringLiteral(ANNEALER_DEMO_CURVES_DIR);

}  // namespace

class FitTrustTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> window_;
    FakeUserDialogs dialogs_;
    QTemporaryDir dir_;

    ProjectDocument* document() { return window_->document(); }
    const Project& project() { return window_->document()->project(); }

    // Waits for the import dialog of what was read and returns it, assembled.
    ImportDialog* importDialog() {
        if (!QTest::qWaitFor([&] { return window_->importDialog() != nullptr; }, kTimeout))
            return nullptr;
        ImportDialog* dialog = window_->importDialog();
        if (!QTest::qWaitFor([&] { return !dialog->isAssembling(); }, kTimeout)) return nullptr;
        return dialog;
    }

    // Adds the runs the import dialog assembled; returns how many.
    int addImported() {
        ImportDialog* dialog = importDialog();
        if (!dialog) return -1;
        const std::size_t before = project().runs.size();
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        return static_cast<int>(project().runs.size() - before);
    }

    const ProjectSchedule& scheduleNamed(const QString& name) {
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.schedule.name == name) return entry;
        return project().schedules.front();
    }

    int tableRow(ItemId id) {
        int row = 0;
        for (const ProjectSchedule& entry : project().schedules) {
            if (!entry.visible) continue;
            if (entry.id == id) return row;
            ++row;
        }
        return -1;
    }

    // The run the command line makes of the TensorBoard run folder.
    static Run cliRunOfTensorFolder() {
        auto runs = readRuns(kTensorFolder, {}, {});
        return runs && !runs->empty() ? runs->front() : Run{};
    }

    void verifyIsTheCliRun(const Run& added) {
        const Run cli = cliRunOfTensorFolder();
        QVERIFY(!cli.loss.empty());
        QCOMPARE(added.lossSteps, cli.lossSteps);
        QCOMPARE(added.loss, cli.loss);
        QCOMPARE(added.schedule.lr, cli.schedule.lr);
        QCOMPARE(added.lrRebuild, cli.lrRebuild);
    }

private slots:
    void initTestCase() {
        useTestSettings(QStringLiteral("tst_fit_trust"));
        QVERIFY(dir_.isValid());
    }

    void init() {
        dialogs_ = FakeUserDialogs{};
        window_ = showDemoWindow(&dialogs_, kTimeout);
        QVERIFY(window_);
    }

    void cleanup() { window_.reset(); }

    void aFolderFromTheMenuIsOneRunAsTheCommandLineReadsIt() {
        QAction* action = window_->importFolderAction();
        QVERIFY(action);
        dialogs_.folderPath = kTensorFolder;
        action->trigger();
        QCOMPARE(addImported(), 1);
        QCOMPARE(project().runs.back().run.name, QStringLiteral("tensor"));
        verifyIsTheCliRun(project().runs.back().run);
        QVERIFY(dialogs_.errors.isEmpty());
    }

    void aDroppedFolderIsOneRun() {
        QVERIFY(dropPaths(window_.get(), {kTensorFolder}));
        QCOMPARE(addImported(), 1);
        verifyIsTheCliRun(project().runs.back().run);
    }

    // The two event files of the folder chosen in the file dialog (a run and its restart): one
    // run, merged by step, not two runs named "tensor" with the second's LR from step 1500.
    void eventFilesChosenTogetherAreOneRun() {
        dialogs_.logPaths = {
            kTensorFolder + QStringLiteral("/events.out.tfevents.1700000000.host.2.0"),
            kTensorFolder + QStringLiteral("/events.out.tfevents.1700005000.host.2.1")};
        window_->importFiles(dialogs_.logPaths);
        ImportDialog* dialog = importDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->rowCount(), 1);
        QCOMPARE(addImported(), 1);
        verifyIsTheCliRun(project().runs.back().run);
    }

    // A run whose name another run has gets its folder in its name, and is not fitted by default.
    void aRunNamedAsAnotherKeepsATellingNameAndIsNotFitted() {
        QDir(dir_.path()).mkpath(QStringLiteral("model_b"));
        const QString copy = dir_.filePath(QStringLiteral("model_b/constant.csv"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(kDemoCurves + QStringLiteral("/constant.csv"), copy));
        window_->importFiles({copy});
        QCOMPARE(addImported(), 1);
        const ProjectRun& added = project().runs.back();
        QCOMPARE(added.run.name, QStringLiteral("constant (model_b)"));
        QStringList names;
        for (const ProjectRun& entry : project().runs) names << entry.run.name;
        QCOMPARE(names.removeDuplicates(), 0);

        window_->showFitDialog();
        FitDialog* dialog = window_->fitDialog();
        QVERIFY(dialog->runRole(added.id) != FitDialog::RunRole::Fit);
        // The demo's own "constant" is still fitted.
        for (const ProjectRun& entry : project().runs)
            if (entry.run.name == QStringLiteral("constant"))
                QCOMPARE(dialog->runRole(entry.id), FitDialog::RunRole::Fit);
        dialog->close();
    }

    // The same file imported a second time, its data unchanged, adds no copy of the run: the
    // status bar says which run it already is, and there is nothing to undo. Once the file's
    // contents change, importing it adds a run again.
    void aFileImportedAgainUnchangedAddsNothing() {
        QDir(dir_.path()).mkpath(QStringLiteral("again"));
        const QString file = dir_.filePath(QStringLiteral("again/cosine10.csv"));
        QFile::remove(file);
        QVERIFY(QFile::copy(kDemoCurves + QStringLiteral("/cosine10.csv"), file));
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
        window_->importFiles({file});
        QCOMPARE(addImported(), 1);
        const QString name = project().runs.back().run.name;
        const std::size_t runs = project().runs.size();
        const int undoSteps = document()->undoStack()->count();

        QTRY_VERIFY_WITH_TIMEOUT(!window_->importDialog(), kTimeout);  // the first one closed
        window_->importFiles({file});
        QCOMPARE(addImported(), 0);
        QCOMPARE(project().runs.size(), runs);
        QCOMPARE(document()->undoStack()->count(), undoSteps);
        const QString status = window_->statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("already in the project")) &&
                     status.contains(QLatin1Char('"') + name + QLatin1Char('"')),
                 qPrintable(status));

        // The file changed (its last loss point dropped): a run again.
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        in.close();
        QVERIFY(lines.size() > 3);
        lines.removeLast();
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
        out.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->importDialog(), kTimeout);
        window_->importFiles({file});
        QCOMPARE(addImported(), 1);
        QCOMPARE(project().runs.size(), runs + 1);
    }

    // Both runs of a name get telling names, the one already there too, in the same undoable
    // import; a fit made on it (known by run names, as fits from `annealer fit` are) follows
    // the rename: the run still counts as fitted and predicts as before; the newcomer does not.
    void onACollisionTheRunAlreadyThereIsRenamedAndStaysFitted() {
        for (const QString& model : {QStringLiteral("model_a"), QStringLiteral("model_b")}) {
            QDir(dir_.path()).mkpath(model);
            QFile::remove(dir_.filePath(model + QStringLiteral("/constant.csv")));
            QVERIFY(QFile::copy(kDemoCurves + QStringLiteral("/constant.csv"),
                                dir_.filePath(model + QStringLiteral("/constant.csv"))));
        }
        Project changed = project();
        ItemId firstId = 0;
        for (ProjectRun& entry : changed.runs)
            if (entry.run.name == QStringLiteral("constant")) {
                entry.run.source = dir_.filePath(QStringLiteral("model_a/constant.csv"));
                firstId = entry.id;
            }
        QVERIFY(firstId != 0);
        document()->resetProject(std::move(changed), QString(), QStringLiteral("collision"));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        const std::optional<int> fitIndex = project().law.fitIndex;
        QVERIFY(fitIndex);
        const FitResult& fit = project().fits[static_cast<std::size_t>(*fitIndex)];
        const auto fitNames = [&] {
            QStringList names;
            for (const FittedRun& used : project().fits[static_cast<std::size_t>(*fitIndex)].runs)
                names << used.name;
            return names;
        };
        QVERIFY(fitNames().contains(QStringLiteral("constant")));
        QVERIFY(std::all_of(fit.runs.begin(), fit.runs.end(),
                            [](const FittedRun& used) { return used.dataKey.isEmpty(); }));
        const FitRange rangeBefore = window_->prediction()->fitRange();
        QVERIFY(rangeBefore.isKnown());
        std::vector<double> lossesBefore;
        for (const ProjectSchedule& entry : project().schedules)
            lossesBefore.push_back(window_->prediction()->curve(entry.id)->finalLoss);

        window_->importFiles({dir_.filePath(QStringLiteral("model_b/constant.csv"))});
        QCOMPARE(addImported(), 1);
        const ItemId newId = project().runs.back().id;
        QCOMPARE(project().runs.back().run.name, QStringLiteral("constant (model_b)"));
        QCOMPARE(project().findRun(firstId)->run.name, QStringLiteral("constant (model_a)"));
        QVERIFY(fitNames().contains(QStringLiteral("constant (model_a)")));
        QVERIFY(!fitNames().contains(QStringLiteral("constant")));
        QCOMPARE(project().law.fitIndex, fitIndex);
        QVERIFY(!document()->isFitStale(*fitIndex));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(window_->prediction()->fitRange() == rangeBefore);
        for (std::size_t i = 0; i < project().schedules.size(); ++i)
            QCOMPARE(window_->prediction()->curve(project().schedules[i].id)->finalLoss,
                     lossesBefore[i]);
        window_->showFitDialog();
        FitDialog* dialog = window_->fitDialog();
        QCOMPARE(dialog->runRole(firstId), FitDialog::RunRole::Fit);
        QVERIFY(dialog->runRole(newId) != FitDialog::RunRole::Fit);
        dialog->close();

        // One undo: the newcomer goes, the old names come back, in the project and the fit.
        document()->undoStack()->undo();
        QVERIFY(!project().findRun(newId));
        QCOMPARE(project().findRun(firstId)->run.name, QStringLiteral("constant"));
        QVERIFY(fitNames().contains(QStringLiteral("constant")));
        QVERIFY(!document()->isFitStale(*fitIndex));
        document()->undoStack()->redo();
        QCOMPARE(project().findRun(firstId)->run.name, QStringLiteral("constant (model_a)"));
        QVERIFY(fitNames().contains(QStringLiteral("constant (model_a)")));
    }

    // A run of a fitted run's name at another scale (its warmup ends elsewhere: another model's
    // run in a file of the same name) is another run: not fitted by default.
    void aRunOfTheSameNameAtAnotherScaleIsNotFitted() {
        Project changed = project();
        ProjectRun* constant = nullptr;
        for (ProjectRun& entry : changed.runs)
            if (entry.run.name == QStringLiteral("constant")) constant = &entry;
        QVERIFY(constant);
        constant->run.schedule.warmupSteps += 100;
        const ItemId id = constant->id;
        document()->resetProject(std::move(changed), QString(), QStringLiteral("scale"));
        window_->showFitDialog();
        QVERIFY(window_->fitDialog()->runRole(id) != FitDialog::RunRole::Fit);
        window_->fitDialog()->close();
    }

    // A fit that predicts a held-out run worse than its mean is added and shown as doubtful, but
    // the curves keep the fit in use until the user presses Use This Fit.
    void aDoubtfulFitIsNotUsedWithoutAsking() {
        // A held-out run whose loss rises while the LR decays: no fit of the law predicts it.
        Project changed = project();
        ProjectRun rising;
        for (const ProjectRun& entry : changed.runs)
            if (entry.run.name == QStringLiteral("cosine10")) rising = entry;
        QVERIFY(!rising.run.loss.empty());
        std::reverse(rising.run.loss.begin(), rising.run.loss.end());
        rising.run.name = QStringLiteral("rising");
        rising.id = document()->takeId();
        changed.runs.push_back(rising);
        document()->resetProject(std::move(changed), QString(), QStringLiteral("doubt"));
        const std::optional<int> inUse = project().law.fitIndex;
        QVERIFY(inUse);

        window_->showFitDialog();
        FitDialog* dialog = window_->fitDialog();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        for (const ProjectRun& entry : project().runs)
            dialog->setRunRole(entry.id, entry.id == rising.id ? FitDialog::RunRole::HoldOut
                                         : dialog->runRole(entry.id) == FitDialog::RunRole::Fit
                                             ? FitDialog::RunRole::Fit
                                             : FitDialog::RunRole::Ignore);
        dialog->lawBox()->setCurrentIndex(
            dialog->lawBox()->findData(QStringLiteral("momentum-literal")));
        QSignalSpy added(dialog, &FitDialog::fitAdded);
        QVERIFY(dialog->startFit());
        QVERIFY(added.wait(kTimeout));
        const int fitIndex = added.first().first().toInt();
        QCOMPARE(fitIndex, static_cast<int>(project().fits.size()) - 1);
        QCOMPARE(project().law.fitIndex, inUse);  // not used without asking
        // And the window's status bar, all the user sees once the dialog is closed, says so.
        const QString status = window_->statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("not used")) &&
                     !status.contains(QStringLiteral("predicts the curves now")),
                 qPrintable(status));
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("Not used")),
                 qPrintable(dialog->statusLabel()->text()));
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("rising")),
                 qPrintable(dialog->statusLabel()->text()));
        QVERIFY(dialog->fitBox()->currentText().contains(QStringLiteral("doubtful")));
        QVERIFY(dialog->staleLabel()->text().contains(QStringLiteral("Doubtful")));
        QVERIFY(dialog->useFitButton()->isEnabled());

        QTest::mouseClick(dialog->useFitButton(), Qt::LeftButton);
        QCOMPARE(project().law.fitIndex, std::optional<int>(fitIndex));
        QVERIFY(!dialog->useFitButton()->isEnabled());
        document()->undoStack()->undo();
        QCOMPARE(project().law.fitIndex, inUse);
        document()->undoStack()->undo();
        QCOMPARE(static_cast<int>(project().fits.size()), fitIndex);
        dialog->close();
    }

    // A peak LR above every fitted run's, or a schedule more than twice the longest fitted run:
    // the curve gets a marker with a tooltip and the table's loss a mark saying so.
    void predictionsOutsideTheFitsRangeAreMarked() {
        const ProjectSchedule& cosine = scheduleNamed(QStringLiteral("Cosine to 10%"));
        const ItemId id = cosine.id;
        const int row = tableRow(id);
        QVERIFY(row >= 0);
        QTableWidget* table = window_->finalLossTable()->table();
        // The demo's schedules are those of its runs: inside.
        QVERIFY(!table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark));
        QVERIFY(!window_->lossChart()->extrapolationMarker(id));

        Schedule higher = cosine.schedule;
        higher.peak *= 2.0;
        document()->undoStack()->push(
            new EditScheduleCommand(document(), id, higher, QStringLiteral("peak")));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY2(table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark),
                 qPrintable(table->item(row, 1)->text()));
        QVERIFY2(table->item(row, 1)->toolTip().contains(QStringLiteral("above the fitted runs'")),
                 qPrintable(table->item(row, 1)->toolTip()));
        const std::optional<QPointF> marker = window_->lossChart()->extrapolationMarker(id);
        QVERIFY(marker);
        QVERIFY(window_->lossChart()->viewport()->rect().contains(marker->toPoint()));
        QVERIFY(window_->lossChart()->extrapolationTip(id).contains(
            QStringLiteral("0.01 above the fitted runs' 0.005")));
        // The other schedules stay inside.
        for (const ProjectSchedule& entry : project().schedules)
            if (entry.id != id) QVERIFY(!window_->lossChart()->extrapolationMarker(entry.id));

        Schedule longer = cosine.schedule;
        longer.peak /= 2.0;               // back inside on the LR ...
        longer.steps = 3 * longer.steps;  // ... but three times the longest fitted run
        document()->undoStack()->push(
            new EditScheduleCommand(document(), id, longer, QStringLiteral("steps")));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY2(table->item(row, 1)->toolTip().contains(QStringLiteral("longest fitted run")),
                 qPrintable(table->item(row, 1)->toolTip()));
        QVERIFY(!table->item(row, 1)->toolTip().contains(QStringLiteral("above the fitted")));
        QVERIFY(window_->lossChart()->extrapolationMarker(id));

        document()->undoStack()->undo();
        document()->undoStack()->undo();
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(!table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark));
        QVERIFY(!window_->lossChart()->extrapolationMarker(id));
    }

    // The "± x" of a final-loss cell ("⚠ 3.1234 ± 0.0123"), or NaN.
    static double tableHalfWidth(const QString& text) {
        const qsizetype at = text.lastIndexOf(QStringLiteral("± "));
        bool ok = false;
        const double half = at < 0 ? 0.0 : text.mid(at + 2).toDouble(&ok);
        return ok ? half : std::numeric_limits<double>::quiet_NaN();
    }

    // Raising a schedule's peak LR above the fitted runs' in the parameter panel: beyond the
    // marker the band holds the fit's cross-validated error in quadrature with the delta
    // method's, so the table's ± is wider than the band's inside the range and than the same
    // fit's band without its cross-validated error (an older fit.json, NaN), by that error; the
    // tooltips say so and from which step, or, for the older fit, why the band is not wider.
    void theBandBeyondTheRangeIncludesTheCrossValidatedError() {
        const ProjectSchedule& cosine = scheduleNamed(QStringLiteral("Cosine to 10%"));
        const ItemId id = cosine.id;
        const int row = tableRow(id);
        QTableWidget* table = window_->finalLossTable()->table();
        const QString insideText = table->item(row, 1)->text();
        const double insideHalf = tableHalfWidth(insideText);
        QVERIFY2(insideHalf > 0.0, qPrintable(insideText));
        const FitResult fit =
            project().fits.at(static_cast<std::size_t>(*project().law.fitIndex));
        QVERIFY(std::isfinite(fit.crossValidatedPredE));

        window_->scheduleList()->setCurrentSchedule(id);
        QCOMPARE(window_->parameterPanel()->schedule(), id);
        auto* peak = qobject_cast<QLineEdit*>(
            window_->parameterPanel()->field(QStringLiteral("peak")));
        QVERIFY(peak);
        const double fittedPeak = window_->prediction()->fitRange().peakLr;
        peak->setFocus();
        peak->selectAll();
        QTest::keyClicks(peak, shortestText(2.5 * fittedPeak));
        QTest::keyClick(peak, Qt::Key_Return);
        QCOMPARE(project().findSchedule(id)->schedule.peak, 2.5 * fittedPeak);
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));

        const QString text = table->item(row, 1)->text();
        QVERIFY2(text.startsWith(FinalLossTable::kExtrapolationMark), qPrintable(text));
        const double half = tableHalfWidth(text);
        const double loss = window_->prediction()->curve(id)->finalLoss;
        // The chart draws the same band: its upper edge at the last step is the table's ±.
        const PredictedCurve* drawn = window_->prediction()->curve(id);
        QVERIFY(!drawn->bandUpper.empty());
        QVERIFY(std::abs(drawn->bandUpper.back().y() - loss - half) < 1e-4);
        const std::int64_t from = *window_->prediction()->curve(id)->outside.firstStepOutside();
        for (const QString& tip :
             {table->item(row, 1)->toolTip(), window_->lossChart()->extrapolationTip(id)})
            QVERIFY2(tip.contains(QStringLiteral("beyond step %1 the band includes the fit's "
                                                 "cross-validated error")
                                      .arg(QLocale(QLocale::English).toString(from))),
                     qPrintable(tip));

        // The same fit without its cross-validated error: the delta method's band alone.
        FitResult older = fit;
        older.crossValidatedPredE = std::numeric_limits<double>::quiet_NaN();
        for (FittedRun& run : older.runs) run.crossValidatedPredE = older.crossValidatedPredE;
        document()->undoStack()->push(
            new AddFitCommand(document(), older, QStringLiteral("older fit")));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        const QString plainText = table->item(row, 1)->text();
        QVERIFY2(plainText.startsWith(FinalLossTable::kExtrapolationMark), qPrintable(plainText));
        const double plainHalf = tableHalfWidth(plainText);
        QVERIFY(window_->lossChart()->extrapolationMarker(id));
        for (const QString& tip :
             {table->item(row, 1)->toolTip(), window_->lossChart()->extrapolationTip(id)})
            QVERIFY2(tip.contains(QStringLiteral("the band could not be widened")) &&
                         tip.contains(QStringLiteral("no cross-validated error")),
                     qPrintable(tip));

        // 2.5x the fitted peak is past the full reach: all of the cross-validated error, a
        // normal error of mean absolute value PredE, at the table's +-2 sigma, in quadrature
        // (to the table's four decimals).
        const double crossValidated =
            kBandSigmas * fit.crossValidatedPredE / std::sqrt(2.0 / M_PI) * loss;
        QVERIFY2(half > insideHalf && half > plainHalf &&
                     std::abs(half - std::hypot(plainHalf, crossValidated)) < 1.5e-4,
                 qPrintable(QStringLiteral("%1 against %2 inside, %3 without cross-validation, "
                                           "%4 cross-validated")
                                .arg(text, insideText, plainText)
                                .arg(crossValidated)));

        document()->undoStack()->undo();
        document()->undoStack()->undo();
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QCOMPARE(table->item(row, 1)->text(), insideText);
    }

    // An LR shape none of the fitted runs had (the demo's runs never rise again after decaying):
    // the same marker, tooltip and mark, with the reason in words and numbers.
    void anLrShapeTheFitNeverSawIsMarked() {
        const ProjectSchedule& cosine = scheduleNamed(QStringLiteral("Cosine to 10%"));
        const ItemId id = cosine.id;
        const int row = tableRow(id);
        QTableWidget* table = window_->finalLossTable()->table();
        QVERIFY(!table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark));

        Schedule cyclic = cosine.schedule;  // the same peak, steps and floor, in three cycles
        cyclic.family = ScheduleFamily::Cyclic;
        cyclic.cycleSteps = cyclic.steps / 3;
        cyclic.rewarmSteps = 40;
        QVERIFY(cyclic.validate());
        document()->undoStack()->push(
            new EditScheduleCommand(document(), id, cyclic, QStringLiteral("family")));
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        const QString tip = table->item(row, 1)->toolTip();
        QVERIFY2(table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark),
                 qPrintable(table->item(row, 1)->text()));
        QVERIFY2(tip.contains(QStringLiteral("LR rises again by")) &&
                     tip.contains(QStringLiteral("no fitted run's LR rose again")) &&
                     !tip.contains(QStringLiteral("above the fitted")),
                 qPrintable(tip));
        const std::optional<QPointF> marker = window_->lossChart()->extrapolationMarker(id);
        QVERIFY(marker);
        QVERIFY(window_->lossChart()->viewport()->rect().contains(marker->toPoint()));
        QVERIFY2(window_->lossChart()->extrapolationTip(id).contains(
                     QStringLiteral("LR rises again by")),
                 qPrintable(window_->lossChart()->extrapolationTip(id)));
        // The marker stands where the LR rises again: after the warmup (each cycle, the first
        // too, starts with a re-warm from the floor), at a step where the LR rises.
        const std::optional<std::int64_t> from =
            window_->prediction()->curve(id)->outside.rewarmsFrom;
        QVERIFY(from && *from > cyclic.warmupSteps);
        QVERIFY(cyclic.lrAt(*from) > cyclic.lrAt(*from - 1));
        QVERIFY(*from < cyclic.warmupSteps + cyclic.rewarmSteps);

        document()->undoStack()->undo();
        QVERIFY(QTest::qWaitFor([&] { return window_->isSettled(); }, kTimeout));
        QVERIFY(!table->item(row, 1)->text().startsWith(FinalLossTable::kExtrapolationMark));
        QVERIFY(!window_->lossChart()->extrapolationMarker(id));
    }
};

QTEST_MAIN(FitTrustTest)
#include "tst_fit_trust.moc"
