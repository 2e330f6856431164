// Runs that continue another (RunAssemblyOptions::lineage): before the branch step the per-step
// LR is the parent's; from it, the run's own (recognised, interpolated or from a schedule).
#include "run/LogImport.h"
#include "run/RunAssembly.h"

#include "TestFiles.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace annealer;

namespace {

double lossAt(std::int64_t s) {
    return 2.5 + 8.0 * std::pow(1.0 + static_cast<double>(s), -0.4);
}

}  // namespace

class TstRunLineage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        return writeTestFile(dir_, name, bytes);
    }

    // step,lr,loss every `every` steps over [from, to], the LR given by `lr` (blank if NaN).
    template <typename Lr>
    QString writeLog(const QString& name, std::int64_t from, std::int64_t to, std::int64_t every,
                     Lr lr) {
        QByteArray bytes = "step,lr,loss\n";
        for (std::int64_t s = from; s <= to; s += every) {
            const double value = lr(s);
            bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' +
                     (std::isnan(value) ? QByteArray() : QByteArray::number(value, 'g', 6)) + ',' +
                     QByteArray::number(lossAt(s), 'g', 6) + '\n';
        }
        return write(name, bytes);
    }

    // The constant-LR parent: linear warmup over 1000 steps to 3e-4, logged every 100 steps.
    Run parent() {
        const QString path = writeLog("constant.csv", 0, 24000, 100, [](std::int64_t s) {
            return s < 1000 ? 3e-4 * static_cast<double>(s) / 1000.0 : 3e-4;
        });
        auto runs = readRuns(path, {}, {});
        if (!runs) qFatal("%s", qPrintable(runs.error()));
        return runs->front();
    }

    Result<Run> child(const QString& path, const RunAssemblyOptions& options) {
        auto log = readLog(path, {});
        if (!log) return Error{log.error()};
        return assembleRun(*log, log->runs.front(), options);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void parentLrBeforeTheBranch() {
        const Run constant = parent();
        // The parent's own rebuild: its warmup is logged, so its formula.
        QCOMPARE(constant.schedule.lr[500], 1.5e-4);
        QCOMPARE(constant.schedule.warmupSteps, std::int64_t(1000));

        // A cooldown branched at step 20000: linear to 0 at step 24000.
        const QString path = writeLog("cooldown.csv", 20000, 24000, 100, [](std::int64_t s) {
            return 3e-4 * static_cast<double>(24000 - s) / 4000.0;
        });
        RunAssemblyOptions options;
        options.lineage = RunLineage::from(constant, 20000);
        const auto run = child(path, options);
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run->schedule.lr.size(), std::size_t(24001));
        for (std::size_t s = 0; s < 20000; ++s) {
            if (run->schedule.lr[s] != constant.schedule.lr[s]) {
                QFAIL(qPrintable(QStringLiteral("step %1: %2, the parent's %3")
                                     .arg(s)
                                     .arg(run->schedule.lr[s])
                                     .arg(constant.schedule.lr[s])));
            }
        }
        for (std::int64_t s = 20000; s <= 24000; ++s) {
            const double want = 3e-4 * static_cast<double>(24000 - s) / 4000.0;
            QVERIFY2(std::abs(run->schedule.lr[static_cast<std::size_t>(s)] - want) <= 1e-15,
                     qPrintable(QString::number(s)));
        }
        // The laws see the parent's warmup.
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(1000));
        QVERIFY2(run->lrRebuild.startsWith("steps 0..19999 from the parent run 'constant'; "
                                           "recognised as linear decay from 3e-4 at step 20000"),
                 qPrintable(run->lrRebuild));
        QCOMPARE(run->lossSteps.front(), std::int64_t(20000));
    }

    void childSamplesBeforeTheBranchArePassedOver() {
        const Run constant = parent();
        // The child's log repeats history with another LR before the branch.
        const QString path = writeLog("copied.csv", 0, 24000, 100, [](std::int64_t s) {
            return s < 16000 ? 9e-4 : 3e-4 * static_cast<double>(24000 - s) / 8000.0;
        });
        RunAssemblyOptions options;
        options.lineage = RunLineage::from(constant, 16000);
        const auto run = child(path, options);
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run->schedule.lr[15999], 3e-4);
        QCOMPARE(run->schedule.lr[100], constant.schedule.lr[100]);
        QVERIFY(std::abs(run->schedule.lr[20000] - 1.5e-4) <= 1e-15);
    }

    void gapAfterTheBranchIsInterpolatedFromTheParent() {
        const Run constant = parent();
        // The child's first LR sample is 500 steps after the branch; recognition off.
        const QString path = writeLog("late.csv", 20500, 24000, 500,
                                      [](std::int64_t s) { return s == 20500 ? 2e-4 : 1e-4; });
        RunAssemblyOptions options;
        options.recognizeSchedule = false;
        options.lineage = RunLineage::from(constant, 20000);
        const auto run = child(path, options);
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run->schedule.lr[19999], 3e-4);
        // Linear from the parent's LR at step 19999 to the first sample at step 20500.
        const double slope = (2e-4 - 3e-4) / 501.0;
        QCOMPARE(run->schedule.lr[20250], slope * 251.0 + 3e-4);
        QCOMPARE(run->schedule.lr[20500], 2e-4);
        QVERIFY2(run->lrRebuild.contains("linear from the parent's LR (0.0003) over steps "
                                         "19999..20500"),
                 qPrintable(run->lrRebuild));
    }

    void continualPretrainingRewarms() {
        // A base run with a cosine from 1e-3 to 1e-4 over 10000 steps; continued from its end
        // with a re-warm from 1e-4 to 5e-4 over 500 steps, then constant.
        Schedule base;
        base.family = ScheduleFamily::Cosine;
        base.steps = 10000;
        base.peak = 1e-3;
        base.warmupSteps = 500;
        base.floor = 1e-4;
        const QString basePath =
            writeLog("base.csv", 0, 10000, 50, [&](std::int64_t s) { return base.lrAt(s); });
        auto baseRuns = readRuns(basePath, {}, {});
        QVERIFY2(baseRuns, qPrintable(baseRuns.error()));
        const Run& baseRun = baseRuns->front();
        const QString path = writeLog("continued.csv", 10000, 16000, 50, [](std::int64_t s) {
            const auto t = static_cast<double>(s - 10000);
            return s < 10500 ? 1e-4 + 4e-4 * t / 500.0 : 5e-4;
        });
        RunAssemblyOptions options;
        options.lineage = RunLineage::from(baseRun, 10000);
        const auto run = child(path, options);
        QVERIFY2(run, qPrintable(run.error()));
        // The base run's LR is its cosine's (recognised from its samples), and the continued
        // run's is that before step 10000.
        QVERIFY2(baseRun.lrRebuild.startsWith("recognised as cosine decay"),
                 qPrintable(baseRun.lrRebuild));
        for (std::int64_t s : {0, 250, 499, 5000, 9999}) {
            QCOMPARE(baseRun.schedule.lr[static_cast<std::size_t>(s)], base.lrAt(s));
            QCOMPARE(run->schedule.lr[static_cast<std::size_t>(s)], base.lrAt(s));
        }
        QVERIFY(std::abs(run->schedule.lr[10250] - 3e-4) <= 1e-15);
        QCOMPARE(run->schedule.lr[12000], 5e-4);
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(500));
    }

    void scheduleAfterTheBranch() {
        // A child that logs no LR: the designed schedule's LR from the branch on.
        const Run constant = parent();
        QByteArray bytes = "step,loss\n";
        for (std::int64_t s = 20100; s <= 24000; s += 100) {
            bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' +
                     QByteArray::number(lossAt(s)) + '\n';
        }
        const QString path = write("nolr.csv", bytes);
        Schedule wsd;
        wsd.family = ScheduleFamily::Wsd;
        wsd.steps = 24001;
        wsd.peak = 3e-4;
        wsd.warmupSteps = 1000;
        wsd.decaySteps = 4001;
        RunAssemblyOptions options;
        options.schedule = wsd;
        options.scheduleSource = "wsd.json";
        options.lineage = RunLineage::from(constant, 20000);
        const auto run = child(path, options);
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run->lrMetric, QString());
        QCOMPARE(run->schedule.lr[500], constant.schedule.lr[500]);
        for (std::int64_t s : {20000, 21000, 23999, 24000}) {
            QCOMPARE(run->schedule.lr[static_cast<std::size_t>(s)], wsd.lrAt(s));
        }
        QCOMPARE(run->lrRebuild, QString("steps 0..19999 from the parent run 'constant'; the LR "
                                         "of the schedule wsd.json; warmup (the initial LR rise) "
                                         "ends at step 1000"));
    }

    void errors() {
        const Run constant = parent();
        const QString path =
            writeLog("short.csv", 20000, 21000, 100, [](std::int64_t) { return 1e-4; });
        RunAssemblyOptions options;
        options.lineage = RunLineage::from(constant, 22000);
        auto run = child(path, options);
        QVERIFY(!run);
        QCOMPARE(run.error(), path + ": the branch step 22000 is outside the run (steps 0..21000)");

        RunLineage shortParent = RunLineage::from(constant, 20500);
        shortParent.parentLr.resize(20000);
        options.lineage = shortParent;
        run = child(path, options);
        QVERIFY(!run);
        QCOMPARE(run.error(), path +
                                  ": the parent run 'constant' has an LR for steps 0..19999 "
                                  "only, not up to the branch step 20500");

        // No LR sample at or after the branch step.
        const QString early = writeLog("early.csv", 19000, 21000, 100, [](std::int64_t s) {
            return s < 20000 ? 1e-4 : std::nan("");
        });
        options.lineage = RunLineage::from(constant, 20000);
        run = child(early, options);
        QVERIFY(!run);
        QCOMPARE(run.error(), early + ": lr has no samples at or after the branch step 20000");
    }
};

QTEST_GUILESS_MAIN(TstRunLineage)
#include "tst_run_lineage.moc"
