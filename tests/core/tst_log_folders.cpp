// Logs that are folders: DVCLive (plots/metrics/**/*.tsv), an MLflow run folder copied out of
// its store (no meta.yaml), Lightning's lightning_logs with a run resumed into a new version_N,
// and a Keras TensorBoard callback's train/ and validation/ folders. Fixtures in tests/data/logs
// (the Keras event files written by tools/make_keras_tensorboard_fixture.py), read through
// readLog as `annealer import` reads them.
#include "LogFixtures.h"
#include "TestFiles.h"
#include "run/LogImport.h"
#include "run/RunAssembly.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace annealer;

namespace {

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to, std::int64_t by) {
    std::vector<std::int64_t> out;
    for (std::int64_t s = from; s <= to; s += by) out.push_back(s);
    return out;
}

}  // namespace

class TestLogFolders : public QObject {
    Q_OBJECT

private slots:
    void dvcLive_data() {
        QTest::addColumn<QString>("folder");
        QTest::newRow("project") << "dvclive";
        QTest::newRow("dvclive") << "dvclive/dvclive";
        QTest::newRow("plots/metrics") << "dvclive/dvclive/plots/metrics";
    }
    void dvcLive() {
        QFETCH(QString, folder);
        const auto log = readLog(kLogs + folder, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("DVCLive folder"));
        const LogRun& run = log->runs.at(0);
        QCOMPARE(run.metrics.size(), std::size_t(3));
        // "timestamp step loss", appended to by a resumed run from step 15 on: the later values.
        const MetricSeries& train = metricOf(run, "train/loss");
        QCOMPARE(train.steps, range(0, 29, 1));
        QCOMPARE(train.values[14], 3.0 - 0.05 * 14);
        QCOMPARE(train.values[16], 3.0 - 0.05 * 16);
        QVERIFY(log->notes.join('\n').contains("train/loss.tsv:22: the log goes back from step 19 "
                                               "to step 15"));
        const MetricSeries& eval = metricOf(run, "eval/loss");
        QCOMPARE(eval.steps, (std::vector<std::int64_t>{0, 10, 20, 29}));
        QCOMPARE(eval.values[3], 3.2 - 0.05 * 29);
        // The older "step lr" header.
        QCOMPARE(metricOf(run, "lr").values[15], 0.0005);
        const MetricChoice loss = chooseLossMetric(run, {});
        QCOMPARE(loss.series, &eval);
    }

    // Older layouts: scalars/ (DVCLive 0.x) and the files in the dvclive folder itself.
    void dvcLiveOlderLayouts_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("scalars") << "proj/dvclive/scalars/val_loss.tsv";
        QTest::newRow("in dvclive") << "proj/dvclive/val_loss.tsv";
    }
    void dvcLiveOlderLayouts() {
        QFETCH(QString, file);
        QTemporaryDir dir;
        writeTestFile(dir, file, "timestamp\tstep\tval_loss\n1\t0\t2.5\n2\t10\t2.25\n");
        for (const QString& folder : {QString("proj"), QString("proj/dvclive")}) {
            const auto log = readLog(dir.filePath(folder), {});
            QVERIFY2(log.ok(), qPrintable(log.error()));
            QCOMPARE(log->runs.at(0).name, QString("proj"));
            const MetricSeries& val = metricOf(log->runs.at(0), "val_loss");
            QCOMPARE(val.steps, (std::vector<std::int64_t>{0, 10}));
            QCOMPARE(val.values[1], 2.25);
        }
    }

    void dvcLiveBadHeader() {
        QTemporaryDir dir;
        writeTestFile(dir, "dvclive/plots/metrics/loss.tsv", "time\tloss\n1\t2.0\n");
        const auto log = readLog(dir.path(), {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().endsWith("loss.tsv:1: no 'step' column in the header (DVCLive "
                                      "writes \"timestamp step <metric>\")"),
                 qPrintable(log.error()));
    }

    void mlflowRunWithoutMeta() {
        const QString path = kLogs + "mlflow_bare/7c1e0a9b3d2f4e5a8b6c0d1e2f3a4b5c";
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("MLflow file store"));
        QVERIFY(log->notes.join('\n').contains("no meta.yaml: read as one MLflow run folder"));
        const LogRun& run = log->runs.at(0);
        QCOMPARE(run.name, QString("7c1e0a9b3d2f4e5a8b6c0d1e2f3a4b5c"));
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps, range(0, 9, 1));
        QCOMPARE(loss.values[9], 3.2);
        const MetricSeries& eval = metricOf(run, "eval/loss");
        QCOMPARE(eval.steps, (std::vector<std::int64_t>{0, 5, 9}));
        QCOMPARE(eval.values[1], 4.1);
        QCOMPARE(metricOf(run, "learning_rate").values[3], 0.001);
        // A folder with a metrics/ folder of something else is no MLflow run.
        QTemporaryDir dir;
        writeTestFile(dir, "metrics/notes", "these are notes\n");
        QVERIFY(!readLog(dir.path(), {}).ok());
    }

    void lightningResumedVersions() {
        const auto log = readLog(kLogs + "lightning_resumed/lightning_logs", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("PyTorch Lightning logs folder"));
        QCOMPARE(log->runs.size(), std::size_t(2));
        const LogRun& resumed = log->runs[0];
        QCOMPARE(resumed.name, QString("gpt/version_0+1"));
        const MetricSeries& train = metricOf(resumed, "train_loss");
        QCOMPARE(train.steps, range(9, 159, 10));
        QCOMPARE(train.values[7], 5 - 0.01 * 79);           // version_0, before the resume
        QCOMPARE(train.values[8], 5 - 0.01 * 89 - 0.001);   // version_1 from step 89 on
        const MetricSeries& val = metricOf(resumed, "val_loss");
        QCOMPARE(val.steps, (std::vector<std::int64_t>{49, 99, 149}));
        QCOMPARE(val.values[1], 5.2 - 0.01 * 99 - 0.001);
        QVERIFY(log->notes.join('\n').contains(
            "gpt/version_1 begins at step 89: a run resumed from a checkpoint, continuing "
            "gpt/version_0"));
        // version_2 begins where version_0 began: a run of its own.
        const LogRun& fresh = log->runs[1];
        QCOMPARE(fresh.name, QString("gpt/version_2"));
        QCOMPARE(metricOf(fresh, "train_loss").values[0], 5 - 0.09 - 0.5);
        // The experiment folder gives the same; the file alone its version only.
        const auto experiment = readLog(kLogs + "lightning_resumed/lightning_logs/gpt", {});
        QVERIFY2(experiment.ok(), qPrintable(experiment.error()));
        QCOMPARE(experiment->runs.size(), std::size_t(2));
        const auto one =
            readLog(kLogs + "lightning_resumed/lightning_logs/gpt/version_1/metrics.csv", {});
        QVERIFY2(one.ok(), qPrintable(one.error()));
        QCOMPARE(one->runs.at(0).name, QString("gpt/version_1"));
    }

    void kerasTensorBoard() {
        const auto log = readLog(kLogs + "keras_tensorboard/logs", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs[0];
        QCOMPARE(run.name, QString("logs"));
        QVERIFY(run.epochAxis);
        const MetricSeries& val = metricOf(run, "validation/epoch_loss");
        QCOMPARE(val.steps, range(0, 11, 1));
        QCOMPARE(val.values[5], double(float(3.2 - 0.1 * 5)));
        const MetricSeries& lr = metricOf(run, "epoch_learning_rate");
        QCOMPARE(lr.values[9], double(float(1e-3 * 0.25)));
        QCOMPARE(metricOf(run, "epoch_loss").values[11], double(float(3 - 1.1)));
        const LeftOutMetric* iterations =
            run.leftOutMetric("validation/evaluation_loss_vs_iterations");
        QVERIFY(iterations);
        QVERIFY(iterations->problem.contains("another step axis"));
        QCOMPARE(chooseLossMetric(run, {}).series, &val);
        QVERIFY(log->notes.join('\n').contains("(Keras TensorBoard callback) read as one run "
                                               "'logs'"));
        // --steps-per-epoch: epoch e is step 50 e.
        LogReadOptions options;
        options.stepsPerEpoch = 50;
        const auto steps = readLog(kLogs + "keras_tensorboard/logs", options);
        QVERIFY2(steps.ok(), qPrintable(steps.error()));
        QCOMPARE(metricOf(steps->runs[0], "validation/epoch_loss").steps, range(0, 550, 50));
        const auto assembled = assembleRun(*steps, steps->runs[0], {});
        QVERIFY2(assembled.ok(), qPrintable(assembled.error()));
        QCOMPARE(assembled->lossMetric, QString("validation/epoch_loss"));
    }
};

QTEST_GUILESS_MAIN(TestLogFolders)
#include "tst_log_folders.moc"
