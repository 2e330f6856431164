// The CPT designer driven through its real widgets, offscreen, on the demo CPT project: a drag
// of the re-warm peak re-predicts both losses and the weighted table (the values the charts
// and the table show are those of an independent prediction of the edited chain), undo, the
// balance weight, the checkpoint's loss potential, the CPT optimiser, and the project file.
#include "../cli/AnnealerProcess.h"
#include "CptDemoRuns.h"
#include "CptDesignerWindow.h"
#include "CptDocument.h"
#include "CptFinalLossTable.h"
#include "CptHandles.h"
#include "CptLossChart.h"
#include "CptLrChart.h"
#include "CptOptimizerPanel.h"
#include "CptProjectActions.h"
#include "TickLabelChecks.h"
#include "project/CptProject.h"
#include "schedule/CptSchedule.h"

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace annealer;

namespace {

double cellValue(const QTableWidget* table, int row, int column) {
    return table->item(row, column)->text().toDouble();
}

CptOutcome finalOf(const CptProject& project, std::size_t index) {
    auto laws = project.laws();
    auto chain = project.chain(index);
    if (!laws || !chain) qFatal("the demo CPT project has no laws or an invalid chain");
    return predictCptFinal(*laws, *chain);
}

}  // namespace

class TestCptDesigner : public QObject {
    Q_OBJECT

private slots:
    void init() {
        window_ = std::make_unique<CptDesignerWindow>();
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QVERIFY(window_->openDemo());
        QCoreApplication::processEvents();
    }
    void cleanup() { window_.reset(); }

    void demoShowsEverySchedulePredictedOnBothDataSets() {
        const CptProject& project = window_->document()->project();
        QCOMPARE(project.schedules.size(), std::size_t(5));
        QCOMPARE(project.transferStep, std::int64_t(500));
        const CptFinalLossTable* table = window_->finalLossTable();
        QCOMPARE(table->rowCount(), 5);
        for (int row = 0; row < 5; ++row) {
            const CptOutcome expected = finalOf(project, static_cast<std::size_t>(row));
            QCOMPARE(cellValue(table, row, CptFinalLossTable::kLossPt),
                     std::round(expected.lossPt * 1e4) / 1e4);
            QCOMPARE(cellValue(table, row, CptFinalLossTable::kLossCpt),
                     std::round(expected.lossCpt * 1e4) / 1e4);
        }
        for (int i = 0; i < 3; ++i) QVERIFY(!window_->lossChart(i)->selectedCurve().isEmpty());
    }

    // Every chart's step axis reads "250", "500", "1k"-style, each label at its tick's pixel,
    // at the opening size and after resizes.
    void stepLabelsReadShortAtEverySize() {
        for (const QSize& size : {QSize(1280, 800), QSize(1024, 700), QSize(1920, 1080)}) {
            window_->resize(size);
            for (int i = 0; i < 5; ++i) {
                QCoreApplication::processEvents();
                QTest::qWait(20);
            }
            const QString where = QStringLiteral(" at %1x%2").arg(size.width()).arg(size.height());
            QList<CptChartView*> charts{window_->lrChart()};
            for (int i = 0; i < 3; ++i) charts << window_->lossChart(i);
            for (CptChartView* chart : charts) {
                const QString what = chart->chart()->title() + where;
                QVERIFY2(!chart->visibleLines().isEmpty(), qPrintable(what));
                TickLabelAxis* steps = chart->xLabels();
                QVERIFY2(steps && steps == tick_label_checks::labelAxis(chart->chart(), Qt::Horizontal),
                         qPrintable(what));
                for (const QString& label : steps->tickLabels())
                    QVERIFY2(tick_label_checks::isCompactCount(label), qPrintable(what + QStringLiteral(": ") + label));
                tick_label_checks::checkTickLabels(chart->chart(), steps, chart->visibleLines().first(),
                                                   1.0, what);
                if (QTest::currentTestFailed()) return;
            }
        }
    }

    void draggingTheRewarmPeakRepredictsBothCurvesAndTheTable() {
        CptDocument* document = window_->document();
        const int current = document->currentSchedule();
        const double peakBefore =
            document->project().schedules[static_cast<std::size_t>(current)].phase.peak;
        const QList<QPointF> ptBefore = window_->lossChart(0)->selectedCurve();
        const QList<QPointF> cptBefore = window_->lossChart(1)->selectedCurve();
        const double weightedBefore =
            cellValue(window_->finalLossTable(), current, CptFinalLossTable::kWeighted);

        CptLrChart* chart = window_->lrChart();
        const auto handles = chart->handles();
        const auto rewarm = std::find_if(handles.begin(), handles.end(), [](const CptHandle& h) {
            return h.kind == CptHandle::Kind::RewarmEnd;
        });
        QVERIFY(rewarm != handles.end());
        const QPoint from = chart->handlePosition(*rewarm);
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, from);
        for (int i = 1; i <= 6; ++i) QTest::mouseMove(chart->viewport(), from + QPoint(0, 10 * i));
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, from + QPoint(0, 60));

        const CptProject& project = document->project();
        const double peakAfter = project.schedules[static_cast<std::size_t>(current)].phase.peak;
        QVERIFY2(peakAfter < 0.8 * peakBefore,
                 qPrintable(QStringLiteral("%1 -> %2").arg(peakBefore).arg(peakAfter)));
        // One drag, one undoable edit.
        QCOMPARE(document->undoStack()->count(), 1);

        // Both charts moved, and end where an independent prediction of the edited chain does.
        const CptOutcome expected = finalOf(project, static_cast<std::size_t>(current));
        const QList<QPointF> ptAfter = window_->lossChart(0)->selectedCurve();
        const QList<QPointF> cptAfter = window_->lossChart(1)->selectedCurve();
        QVERIFY(ptAfter != ptBefore);
        QVERIFY(cptAfter != cptBefore);
        QCOMPARE(ptAfter.last().x(), 750.0);
        QVERIFY(std::abs(ptAfter.last().y() - expected.lossPt) < 1e-9);
        QVERIFY(std::abs(cptAfter.last().y() - expected.lossCpt) < 1e-9);
        const double weightedAfter =
            cellValue(window_->finalLossTable(), current, CptFinalLossTable::kWeighted);
        QVERIFY(weightedAfter != weightedBefore);
        QCOMPARE(weightedAfter, std::round(expected.weighted(project.weight) * 1e4) / 1e4);

        document->undoStack()->undo();
        QCOMPARE(document->project().schedules[static_cast<std::size_t>(current)].phase.peak,
                 peakBefore);
        QCOMPARE(window_->lossChart(0)->selectedCurve(), ptBefore);
    }

    void weightOneTakesTheOldDataAlone() {
        window_->weightSlider()->setValue(window_->weightSlider()->maximum());
        QCOMPARE(window_->document()->project().weight, 1.0);
        const CptFinalLossTable* table = window_->finalLossTable();
        for (int row = 0; row < table->rowCount(); ++row)
            QCOMPARE(table->item(row, CptFinalLossTable::kWeighted)->text(),
                     table->item(row, CptFinalLossTable::kLossPt)->text());
        // The weighted chart is the old-data chart at w = 1.
        QCOMPARE(window_->lossChart(2)->selectedCurve(), window_->lossChart(0)->selectedCurve());
    }

    // The turning length in the table is core's turningLength (the demo's curves are drawn at
    // every step of the CPT phase), "never" included; at w = 0.7 the demo has both kinds.
    void turningLengthsAreTheLaws() {
        window_->weightSlider()->setValue(70);
        const CptProject& project = window_->document()->project();
        QCOMPARE(project.weight, 0.7);
        const auto laws = project.laws();
        QVERIFY(laws);
        int never = 0, turns = 0;
        for (int row = 0; row < window_->finalLossTable()->rowCount(); ++row) {
            const auto expected =
                turningLength(*laws, *project.chain(static_cast<std::size_t>(row)), 0.7);
            const QString shown =
                window_->finalLossTable()->item(row, CptFinalLossTable::kTurning)->text();
            QCOMPARE(shown, expected ? QString::number(*expected) : QStringLiteral("never"));
            ++(expected ? turns : never);
        }
        QVERIFY(never > 0 && turns > 0);
    }

    void checkpointBeforeTheDecayHasFullPotential() {
        auto* tabs = window_->findChild<QTabWidget*>();
        QVERIFY(tabs);
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i) == QStringLiteral("Checkpoint")) tabs->setCurrentIndex(i);
        auto* checkpoint = window_->findChild<QSpinBox*>(QStringLiteral("cptCheckpoint"));
        QVERIFY(checkpoint);
        checkpoint->setValue(380);
        QCOMPARE(window_->document()->project().transferStep, std::int64_t(380));
        QCOMPARE(lossPotential(window_->document()->project().pretraining, 380), 1.0);
        auto* whatIf = window_->findChild<QTableWidget*>(QStringLiteral("cptWhatIf"));
        QVERIFY(whatIf && whatIf->rowCount() >= 3);
        // The what-if's row at the end of PT is the prediction branched there.
        CptProject atEnd = window_->document()->project();
        atEnd.transferStep = 500;
        const CptOutcome expected =
            finalOf(atEnd, static_cast<std::size_t>(window_->document()->currentSchedule()));
        bool found = false;
        for (int row = 0; row < whatIf->rowCount(); ++row)
            if (whatIf->item(row, 0)->data(Qt::UserRole).toLongLong() == 500) {
                found = true;
                QCOMPARE(whatIf->item(row, 2)->text().toDouble(),
                         std::round(expected.lossPt * 1e4) / 1e4);
            }
        QVERIFY(found);
    }

    void optimiserFindsTheBestScheduleForTheWeight() {
        CptOptimizerPanel* panel = window_->optimizerPanel();
        QSignalSpy finished(panel, &CptOptimizerPanel::finished);
        panel->findBest();
        QVERIFY(finished.count() == 1 || finished.wait(60000));
        const CptCandidate* best = panel->best();
        QVERIFY(best);
        const CptProject& project = window_->document()->project();
        // Its outcome is the law's for its chain (predicted again here).
        auto chain = cptChain(*project.pretrainingToCheckpoint(), best->phase);
        QVERIFY(chain);
        const CptOutcome outcome = predictCptFinal(*project.laws(), *chain);
        QCOMPARE(outcome.lossPt, best->outcome.lossPt);
        QCOMPARE(outcome.lossCpt, best->outcome.lossCpt);
        const auto* label = window_->findChild<QLabel*>(QStringLiteral("cptBestResult"));
        QVERIFY(label->text().contains(QStringLiteral("gain")));
        // The best peak moves with the weight: caring only for the old data re-warms no higher
        // than caring only for the new data.
        const auto& curve = panel->peakByWeight();
        QCOMPARE(curve.size(), std::size_t(21));
        QCOMPARE(curve.front().weight, 0.0);
        QCOMPARE(curve.back().weight, 1.0);
        QVERIFY2(curve.back().peak <= curve.front().peak,
                 qPrintable(QStringLiteral("%1 at w=1, %2 at w=0")
                                .arg(curve.back().peak)
                                .arg(curve.front().peak)));
        // The best peak against w on a log axis labelled "1e-3"-style, each label at its tick.
        auto* tabs = panel->parentWidget();
        while (tabs && !qobject_cast<QTabWidget*>(tabs)) tabs = tabs->parentWidget();
        QVERIFY(tabs);
        static_cast<QTabWidget*>(tabs)->setCurrentWidget(panel);
        QChartView* peakView = panel->findChild<QChartView*>();
        QVERIFY(peakView);
        QTRY_VERIFY(peakView->isVisible() && peakView->chart()->plotArea().height() > 50);
        QCoreApplication::processEvents();
        TickLabelAxis* peaks = tick_label_checks::labelAxis(peakView->chart(), Qt::Vertical);
        QVERIFY(peaks);
        for (const QString& text : peaks->tickLabels())
            QVERIFY2(tick_label_checks::isShortExponent(text), qPrintable(text));
        tick_label_checks::checkTickLabels(peakView->chart(), peaks, peakView->chart()->series().first(),
                                           1.0, QStringLiteral("best peak against w"));
        if (QTest::currentTestFailed()) return;

        // Added as a schedule, the table shows it with the search's weighted loss.
        const int rows = window_->finalLossTable()->rowCount();
        window_->findChild<QPushButton*>(QStringLiteral("cptAddBest"))->click();
        QCOMPARE(window_->finalLossTable()->rowCount(), rows + 1);
        QCOMPARE(cellValue(window_->finalLossTable(), rows, CptFinalLossTable::kWeighted),
                 std::round(best->outcome.weighted(project.weight) * 1e4) / 1e4);
        // ... and no schedule of the demo beats it at this weight.
        for (int row = 0; row < rows; ++row)
            QVERIFY(cellValue(window_->finalLossTable(), row, CptFinalLossTable::kWeighted) >=
                    cellValue(window_->finalLossTable(), rows, CptFinalLossTable::kWeighted) -
                        1e-4);
    }

    // The pre-training designed in its tab: a longer WSD moves the checkpoint at its end along
    // and every prediction with it; undo restores both.
    void pretrainingDesignedInTheApp() {
        CptDocument* document = window_->document();
        const double before = cellValue(window_->finalLossTable(), 0, CptFinalLossTable::kLossCpt);
        auto* steps = window_->findChild<QSpinBox*>(QStringLiteral("cptPtSteps"));
        QVERIFY(steps && steps->isEnabled());
        QCOMPARE(steps->value(), 501);
        steps->setValue(801);
        QCOMPARE(document->project().pretraining.totalSteps(), std::int64_t(801));
        QCOMPARE(document->project().transferStep, std::int64_t(800));
        const CptOutcome expected = finalOf(document->project(), 0);
        QCOMPARE(cellValue(window_->finalLossTable(), 0, CptFinalLossTable::kLossCpt),
                 std::round(expected.lossCpt * 1e4) / 1e4);
        QVERIFY(cellValue(window_->finalLossTable(), 0, CptFinalLossTable::kLossCpt) != before);
        document->undoStack()->undo();
        QCOMPARE(document->project().transferStep, std::int64_t(500));
        QCOMPARE(steps->value(), 501);
        // Another family keeps the keys the two share.
        auto* family = window_->findChild<QComboBox*>(QStringLiteral("cptPtFamily"));
        family->setCurrentText(QStringLiteral("cosine"));
        QCOMPARE(document->project().pretraining.family, ScheduleFamily::Cosine);
    }

    // The pre-training from a log's LR (read on a worker thread), and CPT fits loaded by domain.
    void pretrainingFromALogAndFitsByDomain() {
        CptDocument* document = window_->document();
        const CptOutcome designed = finalOf(document->project(), 0);
        QSignalSpy finished(window_->projectActions(), &CptProjectActions::finished);
        window_->projectActions()->setPretrainingFromLog(
            cptDemoDir() + QStringLiteral("/pt_wsd.csv"), QStringLiteral("val_pt"));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toString(), QString());
        const CptProject& project = document->project();
        QCOMPARE(project.pretraining.family, ScheduleFamily::FreeForm);
        QCOMPARE(project.transferStep, std::int64_t(500));
        // The logged LR is the designed WSD's within the log's rounding: the predictions agree.
        const CptOutcome logged = finalOf(project, 0);
        QVERIFY2(std::abs(logged.lossPt - designed.lossPt) < 0.01 &&
                     std::abs(logged.lossCpt - designed.lossCpt) < 0.01,
                 qPrintable(QStringLiteral("%1 %2 vs %3 %4")
                                .arg(logged.lossPt)
                                .arg(logged.lossCpt)
                                .arg(designed.lossPt)
                                .arg(designed.lossCpt)));
        QCOMPARE(cellValue(window_->finalLossTable(), 0, CptFinalLossTable::kLossPt),
                 std::round(logged.lossPt * 1e4) / 1e4);

        // A log that is not there: one error naming it, the project unchanged.
        finished.clear();
        window_->projectActions()->setPretrainingFromLog(cptDemoDir() + QStringLiteral("/none.csv"),
                                                         {});
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().first().toString().contains(QStringLiteral("none.csv")));
        QCOMPARE(document->project().pretraining.family, ScheduleFamily::FreeForm);

        // Fits: a CPT fit takes its domain's place; any other law is refused, naming it.
        const int edits = document->undoStack()->count();
        QVERIFY(window_->projectActions()->loadFit(cptDemoDir() + QStringLiteral("/fit_cpt.json")));
        QCOMPARE(document->undoStack()->count(), edits + 1);
        const Status other = window_->projectActions()->loadFit(
            QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/../fit.json"));
        QVERIFY(!other);
        QVERIFY2(other.error().contains(QStringLiteral("not of the CPT law")),
                 qPrintable(other.error()));
    }

    // `annealer --demo cpt --screenshot FILE.png` renders the CPT designer and exits; a saved
    // CPT project opens the designer too; an unknown demo is a usage error.
    void screenshotOfTheCptDesigner() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cpt.png"));
        const Outcome outcome = runAnnealer({QStringLiteral("--demo"), QStringLiteral("cpt"),
                                             QStringLiteral("--screenshot"), path});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QImage image(path);
        QCOMPARE(image.size(), QSize(1280, 800));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));

        const QString project = dir.filePath(QStringLiteral("demo.annealer-cpt"));
        QVERIFY(saveCptProjectFile(window_->document()->project(), project));
        const Outcome opened = runAnnealer(
            {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("p.png")), project});
        QVERIFY2(opened.exitCode == 0, opened.err.constData());
        QVERIFY(!QImage(dir.filePath(QStringLiteral("p.png"))).isNull());
        const QString broken = dir.filePath(QStringLiteral("broken.annealer-cpt"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"annealer.cpt-project\", \"version\": 1}");
        file.close();
        const Outcome bad = runAnnealer(
            {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("b.png")), broken});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("broken.annealer-cpt"), bad.err.constData());
        QCOMPARE(runAnnealer({QStringLiteral("--demo"), QStringLiteral("nope")}).exitCode, 2);
    }

    // A handle moves its own parameters and stops where the phase would become invalid.
    void handlesClampToAValidPhase() {
        CptPhase wsd;
        wsd.rewarmSteps = 30;
        wsd.peak = 1e-3;
        wsd.shape = QStringLiteral("wsd");
        wsd.steps = 200;
        wsd.floor = 1e-4;
        wsd.decayFraction = 0.25;  // the decay starts at CPT step 150
        using Kind = CptHandle::Kind;
        QCOMPARE(cptHandles(wsd).size(), std::size_t(4));
        CptPhase cosine = wsd;
        cosine.shape = QStringLiteral("cosine");
        QCOMPARE(cptHandles(cosine).size(), std::size_t(3));  // no decay start

        const CptPhase rewarm = moveCptHandle(wsd, Kind::RewarmEnd, 500.0, 5e-5);
        QCOMPARE(rewarm.rewarmSteps, std::int64_t(150));  // not past the WSD decay start
        QCOMPARE(rewarm.peak, 1e-4);                      // not below the floor
        QCOMPARE(moveCptHandle(wsd, Kind::RewarmEnd, -20.0, 2e-3).rewarmSteps, std::int64_t(0));
        QCOMPARE(moveCptHandle(wsd, Kind::RewarmEnd, 40.0, std::nan("")).peak, 1e-3);  // x alone

        QCOMPARE(moveCptHandle(wsd, Kind::DecayStart, 100.0, 0.0).decayFraction, 0.5);
        QCOMPARE(moveCptHandle(wsd, Kind::DecayStart, 0.0, 0.0).decayFraction,
                 170.0 / 200.0);                                           // after the re-warm
        QCOMPARE(moveCptHandle(wsd, Kind::Floor, 0.0, 5e-3).floor, 1e-3);  // at most the peak
        QCOMPARE(moveCptHandle(wsd, Kind::Floor, 0.0, -1.0).floor, 0.0);
        QCOMPARE(moveCptHandle(cosine, Kind::End, 10.0, 0.0).steps,
                 std::int64_t(31));  // past the re-warm
        // WSD: the re-warm and a decay over the last quarter: round(0.25 * 40) = 40 - 30.
        QCOMPARE(moveCptHandle(wsd, Kind::End, 10.0, 0.0).steps, std::int64_t(40));
        QCOMPARE(moveCptHandle(wsd, Kind::End, 420.4, 0.0).steps, std::int64_t(420));
        // Every moved phase is one the CPT chain accepts.
        for (const Kind kind : {Kind::RewarmEnd, Kind::DecayStart, Kind::Floor, Kind::End})
            for (const CptPhase& phase : {wsd, cosine})
                for (const double step : {-100.0, 0.0, 99.0, 1e6})
                    for (const double lr : {-1.0, 0.0, 5e-4, 10.0}) {
                        const CptPhase moved = moveCptHandle(phase, kind, step, lr);
                        QVERIFY(moved.rewarmSteps < moved.steps && moved.floor <= moved.peak &&
                                moved.peak > 0.0);
                        const auto chain = cptChain(
                            *window_->document()->project().pretrainingToCheckpoint(), moved);
                        QVERIFY2(chain, chain ? "" : qPrintable(chain.error()));
                    }
    }

    // Add copies the selected CPT schedule under a name of its own: "X (copy)", then
    // "X (copy 2)" for a second copy of X or a copy of the copy, never two alike.
    void addedCopiesHaveNamesOfTheirOwn() {
        QPushButton* add = nullptr;
        for (QPushButton* button : window_->findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Add")) add = button;
        QVERIFY(add);
        CptDocument* document = window_->document();
        document->setCurrentSchedule(0);
        const QString original = document->project().schedules.front().name;
        QTest::mouseClick(add, Qt::LeftButton);  // the copy is selected
        QTest::mouseClick(add, Qt::LeftButton);  // a copy of the copy
        document->setCurrentSchedule(0);
        QTest::mouseClick(add, Qt::LeftButton);
        QStringList names;
        for (const CptDesignedSchedule& entry : document->project().schedules) names << entry.name;
        for (const QString& suffix :
             {QStringLiteral(" (copy)"), QStringLiteral(" (copy 2)"), QStringLiteral(" (copy 3)")})
            QVERIFY2(names.contains(original + suffix), qPrintable(names.join(QStringLiteral(" | "))));
        QCOMPARE(names.removeDuplicates(), 0);
    }

    void projectFileRoundTrips() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.annealer-cpt"));
        const CptProject& project = window_->document()->project();
        QVERIFY(saveCptProjectFile(project, path));
        auto loaded = loadCptProjectFile(path);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error()));
        QCOMPARE(cptProjectToJson(*loaded), cptProjectToJson(project));
        CptDesignerWindow other;
        QVERIFY(other.openProject(path));
        QCOMPARE(other.finalLossTable()->rowCount(), 5);

        // A bad field is named.
        QJsonObject json = cptProjectToJson(project);
        json.insert(QStringLiteral("transfer_step"), 9999);
        auto bad = cptProjectFromJson(json, QStringLiteral("x.annealer-cpt"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().contains(QStringLiteral("transfer_step")), qPrintable(bad.error()));
    }

private:
    std::unique_ptr<CptDesignerWindow> window_;
};

QTEST_MAIN(TestCptDesigner)
#include "tst_cpt_designer.moc"
