// Logs of today's trainers that the table and JSON readers take with the right defaults:
// LLaMA-Factory trainer_log.jsonl (current_steps, nulls, elapsed-time strings), Keras
// CSVLogger and YOLO results.csv (epochs as the step axis, space-padded headers), --steps-per-
// epoch, a one-point validation loss not taken over a training loss, Lightning's lr-<Optimizer>.
// Fixtures of their shape in tests/data/logs.
#include "LogFixtures.h"
#include "TestFiles.h"

#include "run/LogImport.h"
#include "run/RunAssembly.h"

#include <QtTest>

#include <cstdint>
#include <vector>

using namespace annealer;

namespace {

LogReadOptions perEpoch(std::int64_t n) {
    LogReadOptions options;
    options.stepsPerEpoch = n;
    return options;
}

}  // namespace

class TestEpochLogs : public QObject {
    Q_OBJECT

private slots:
    void llamaFactory() {
        const auto log = readLog(kLogs + "llama_factory/trainer_log.jsonl", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        QVERIFY(!run.epochAxis);
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps.size(), std::size_t(150));  // the eval record's null is no value
        QCOMPARE(loss.steps.front(), std::int64_t(1));
        QCOMPARE(loss.values.back(), 1.5);
        QCOMPARE(metricOf(run, "lr").values[74], 2.5e-5);
        QCOMPARE(metricOf(run, "eval_loss").steps, std::vector<std::int64_t>{75});
        QVERIFY(run.leftOutMetric("elapsed_time"));
        // One eval point is not taken over 150 training points; the choice says so.
        const MetricChoice choice = chooseLossMetric(run, {});
        QCOMPARE(choice.series, &loss);
        QVERIFY2(choice.why.contains("'eval_loss' of only 1 point"), qPrintable(choice.why));
        const auto assembled = assembleRun(*log, run, {});
        QVERIFY2(assembled.ok(), qPrintable(assembled.error()));
        QCOMPARE(assembled->lossMetric, QString("loss"));
    }

    void kerasCsvLogger() {
        const auto log = readLog(kLogs + "keras/training.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        QVERIFY(run.epochAxis);
        QVERIFY(log->notes.join('\n').contains("the epoch is the step axis"));
        const MetricSeries& val = metricOf(run, "val_loss");
        QCOMPARE(val.steps, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
        QCOMPARE(val.values[5], 1.1);
        QCOMPARE(metricOf(run, "learning_rate").values[5], 2.5e-4);
    }

    void stepsPerEpoch() {
        const auto log = readLog(kLogs + "keras/training.log", perEpoch(250));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        QVERIFY(!run.epochAxis);
        QCOMPARE(metricOf(run, "loss").steps,
                 (std::vector<std::int64_t>{0, 250, 500, 750, 1000, 1250}));
        QVERIFY(log->notes.join('\n').contains("epoch e is step e*250"));
        // A product beyond 2^53 is refused, not wrapped.
        const auto huge = readLog(kLogs + "keras/training.log", perEpoch(std::int64_t(1) << 62));
        QVERIFY(!huge.ok());
        QVERIFY2(huge.error().contains("times --steps-per-epoch"), qPrintable(huge.error()));
        // A log with steps keeps them and says the option was not used.
        const auto steps = readLog(kLogs + "llmc/main.log", perEpoch(10));
        QVERIFY2(steps.ok(), qPrintable(steps.error()));
        QCOMPARE(metricOf(steps->runs.at(0), "trl").steps.back(), std::int64_t(99));
        QVERIFY(steps->notes.join('\n').contains("--steps-per-epoch is not used"));
    }

    void yoloResults() {
        const auto log = readLog(kLogs + "yolo/results.csv", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        QVERIFY(run.epochAxis);
        // Headers and values padded with spaces.
        const MetricSeries& box = metricOf(run, "val/box_loss");
        QCOMPARE(box.steps.back(), std::int64_t(4));
        QCOMPARE(box.values[4], 0.9);
        const MetricChoice lr = chooseLrMetric(run, {});
        QVERIFY(lr.series);
        QCOMPARE(lr.series->name, QString("lr/pg0"));
        QCOMPARE(lr.series->values[0], 0.0033);
    }

    void lightningLrOfAnyOptimizer() {
        QTemporaryDir dir;
        QByteArray csv = "epoch,step,lr-SGD,lr-SGD/pg2,train_loss\n";
        for (int s = 0; s < 5; ++s)
            csv += QByteArray::number(0) + "," + QByteArray::number(s * 10) + ",0.1,0.01," +
                   QByteArray::number(3.0 - 0.1 * s) + "\n";
        const auto log = readLog(writeTestFile(dir, "metrics.csv", csv), {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        QVERIFY(!run.epochAxis);  // the step column comes before the epoch
        const MetricChoice lr = chooseLrMetric(run, {});
        QVERIFY(lr.series);
        QCOMPARE(lr.series->name, QString("lr-SGD"));
        QVERIFY(lr.why.contains("first optimizer"));
        const auto assembled = assembleRun(*log, run, {});
        QVERIFY2(assembled.ok(), qPrintable(assembled.error()));
    }
};

QTEST_GUILESS_MAIN(TestEpochLogs)
#include "tst_epoch_logs.moc"
