// The tolerant key-value console reader: ten line shapes, and the console logs of llm.c,
// modded-nanogpt, fairseq and OLMo (fixtures of their shape in tests/data/logs) read through
// readLog, as `annealer import` reads them.
#include "LogFixtures.h"
#include "run/LogImport.h"
#include "run/RunAssembly.h"
#include "run/readers/KeyValueLogReader.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace annealer;

namespace {

// "key=value" pairs of a line, as one string ("a=1 b=2").
QString pairsOf(const char* line) {
    std::vector<KeyValueLogReader::Pair> pairs;
    KeyValueLogReader::scanPairs(line, &pairs);
    QStringList out;
    for (const auto& p : pairs) {
        out << QString::fromStdString(std::string(p.key)) + "=" +
                   QString::fromStdString(std::string(p.value));
    }
    return out.join(' ');
}

}  // namespace

class TestKeyValueLog : public QObject {
    Q_OBJECT

private slots:
    void lineShapes_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("pairs");
        QTest::newRow("llm.c") << "s:250 trl:5.123 lr:6.0e-04 norm:1.2"
                               << "s=250 trl=5.123 lr=6.0e-04 norm=1.2";
        QTest::newRow("N/TOTAL") << "step:125/1750 val_loss:4.5021 train_time:1234ms"
                                 << "step=125 val_loss=4.5021 train_time=1234ms";
        QTest::newRow("key: value") << "iter: 300, loss: 2.5, lr: 1e-4"
                                    << "iter=300 loss=2.5 lr=1e-4";
        QTest::newRow("key=value,") << "[step=120/7630,epoch=0] loss=3.84"
                                    << "step=120 epoch=0 loss=3.84";
        QTest::newRow("thousands") << "    train/Perplexity=1,104" << "train/Perplexity=1104";
        QTest::newRow("bars") << "| epoch 001 | loss 9.12 | lr 0.0005 | num_updates 100 |"
                              << "epoch=001 loss=9.12 lr=0.0005 num_updates=100";
        QTest::newRow("N/TOTAL words")
            << "| epoch   1 |   200/ 2983 batches | lr 20.00 | loss  7.63 |"
            << "epoch=1 lr=20.00 loss=7.63";
        QTest::newRow("spaces around =") << "global_step = 40 loss = 2.0"
                                         << "global_step=40 loss=2.0";
        QTest::newRow("times and text") << "12:30:45 INFO url=http://x loss=nan it=3"
                                        << "loss=nan it=3";
        QTest::newRow("python source") << "    lr = args.lr * 0.1  # step: {step}" << "";
    }
    void lineShapes() {
        QFETCH(QString, line);
        QFETCH(QString, pairs);
        QCOMPARE(pairsOf(line.toUtf8().constData()), pairs);
    }

    void llmc() {
        const auto log = readLog(kLogs + "llmc/main.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("key-value console log"));
        const LogRun& run = log->runs.at(0);
        const MetricSeries& trl = metricOf(run, "trl");
        QCOMPARE(trl.steps.size(), std::size_t(100));
        QCOMPARE(trl.values[50], 11.0 - 50 * 0.04);
        const MetricSeries& tel = metricOf(run, "tel");
        QCOMPARE(tel.steps, (std::vector<std::int64_t>{0, 20, 40, 60, 80, 100}));
        QCOMPARE(tel.values[5], 6.0);
        QCOMPARE(metricOf(run, "lr").values[9], 6e-4);
        // The validation loss is taken, and the choice says why.
        const MetricChoice loss = chooseLossMetric(run, {});
        QVERIFY(loss.series == &tel);
        QVERIFY(loss.why.contains("validation loss, taken over the training loss 'trl'"));
    }

    void moddedNanogpt() {
        const auto log = readLog(kLogs + "modded_nanogpt/log.txt", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        const MetricSeries& val = metricOf(run, "val_loss");
        QCOMPARE(val.steps, (std::vector<std::int64_t>{0, 10, 20, 30, 40, 50}));
        QCOMPARE(val.values[0], 10.8258);
        QCOMPARE(val.values[5], 5.8258);
        // The script dump before the records gives no metric.
        QVERIFY(!run.metric("lr"));
        QVERIFY(run.leftOutMetric("step_avg"));
    }

    void fairseqPlain() {
        const auto log = readLog(kLogs + "fairseq/train.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps, (std::vector<std::int64_t>{100, 200, 300}));
        QCOMPARE(loss.values[0], 8.12);  // the epoch summary, after the progress line
        const MetricSeries& valid = metricOf(run, "valid_loss");
        QCOMPARE(valid.values[2], 6.3);
        QCOMPARE(metricOf(run, "wps").values[0], 1234.0);
        QCOMPARE(metricOf(run, "lr").values[2], 0.0005);
    }

    void olmo() {
        const auto log = readLog(kLogs + "olmo/train.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.at(0);
        const MetricSeries& loss = metricOf(run, "train/CrossEntropyLoss");
        QCOMPARE(loss.steps, (std::vector<std::int64_t>{10, 20, 30, 40, 50}));
        QCOMPARE(loss.values[4], 3.5);
        QCOMPARE(metricOf(run, "throughput/total_tokens").values[0], 41943040.0);
        QCOMPARE(chooseLossMetric(run, {}).series, &loss);
    }

    // Text with no step-like key is still "not a log format".
    void notALog() {
        QTemporaryDir dir;
        const QString path = dir.filePath("notes.log");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Dear reader: this is prose. Time: 12:30.\nloss: 3.2 but no step\n");
        f.close();
        const auto log = readLog(path, {});
        QVERIFY(!log.ok());
    }
};

QTEST_GUILESS_MAIN(TestKeyValueLog)
#include "tst_key_value_log.moc"
