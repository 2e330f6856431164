// Console logs with readers of their own: fairseq's JSON records (hydra_train.log, and the
// older "| INFO | train_inner |" form) and PyTorch's word-language-model example. Fixtures in
// tests/data/logs, read through readLog as `annealer import` reads them.
#include "LogFixtures.h"
#include "TestFiles.h"

#include "run/LogImport.h"
#include "run/RunAssembly.h"
#include "run/readers/FairseqJsonLogReader.h"

#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

using namespace annealer;

class TestConsoleFormats : public QObject {
    Q_OBJECT

private slots:
    void fairseqRecordShapes_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("tag");
        QTest::newRow("hydra") << R"([2026-12-05 10:00:02,000][train_inner][INFO] - {"loss": "9"})"
                               << "train_inner";
        QTest::newRow("valid subset") << R"([t][valid_small][INFO] - {"valid_small_loss": "9"})"
                                      << "valid_small";
        QTest::newRow("older") << R"(2021-03-01 12:00:00 | INFO | train_inner | {"loss": "9"})"
                               << "train_inner";
        QTest::newRow("config dump") << R"([t][fairseq_cli.train][INFO] - {'_name': None})"
                                     << "train";  // found; its JSON does not parse
        QTest::newRow("plain") << "| epoch 001 | loss 9.12 | num_updates 100" << "";
        QTest::newRow("message") << "[t][fairseq.trainer][INFO] - begin training epoch 1" << "";
    }
    void fairseqRecordShapes() {
        QFETCH(QString, line);
        QFETCH(QString, tag);
        const std::string text = line.toStdString();
        FairseqJsonLogReader::Record record;
        const bool found = FairseqJsonLogReader::findRecord(text, &record);
        QCOMPARE(found ? QString::fromStdString(std::string(record.tag)) : QString(), tag);
    }

    void fairseqHydra() {
        const auto log = readLog(kLogs + "fairseq/hydra_train.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("fairseq JSON log"));
        QVERIFY(log->notes.isEmpty());
        const LogRun& run = log->runs.at(0);
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps, (std::vector<std::int64_t>{100, 200, 300, 400, 500, 600}));
        QCOMPARE(loss.values[0], 8.5);  // "9.000 - 0.005 * 100", quoted
        QCOMPARE(metricOf(run, "lr").values[0], 0.000166667);
        QCOMPARE(metricOf(run, "lr").values[5], 0.0005);
        const MetricSeries& valid = metricOf(run, "valid_loss");
        QCOMPARE(valid.steps, (std::vector<std::int64_t>{300, 600}));
        QCOMPARE(valid.values[1], 6.2);
        // The end-of-epoch train records are the same values averaged: passed over.
        QVERIFY(!run.metric("train_loss"));
        QCOMPARE(chooseLossMetric(run, {}).series, &valid);
    }

    void fairseqOlderForm() {
        QTemporaryDir dir;
        const QString path = writeTestFile(
            dir, "train.log",
            "2021-03-01 12:00:00 | INFO | fairseq_cli.train | task: language_modeling\n"
            "2021-03-01 12:01:00 | INFO | train_inner | {\"epoch\": 1, \"update\": 0.1, "
            "\"loss\": \"9.5\", \"num_updates\": \"10\", \"lr\": \"1e-05\"}\n"
            "2021-03-01 12:02:00 | INFO | train_inner | {\"epoch\": 1, \"update\": 0.2, "
            "\"loss\": \"9.25\", \"num_updates\": \"20\", \"lr\": \"2e-05\"}\n"
            "2021-03-01 12:03:00 | INFO | valid | {\"epoch\": 1, \"valid_loss\": \"9.4\", "
            "\"valid_num_updates\": \"20\"}\n");
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("fairseq JSON log"));
        const LogRun& run = log->runs.at(0);
        QCOMPARE(metricOf(run, "loss").values, (std::vector<double>{9.5, 9.25}));
        QCOMPARE(metricOf(run, "valid_loss").steps, std::vector<std::int64_t>{20});
    }

    void wordLanguageModel() {
        const auto log = readLog(kLogs + "word_language_model/train.log", {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("PyTorch word-language-model log"));
        const LogRun& run = log->runs.at(0);
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps.size(), std::size_t(42));  // 14 lines an epoch, 3 epochs
        QCOMPARE(loss.steps[0], std::int64_t(200));
        QCOMPARE(loss.steps[14], std::int64_t(2983 + 200));  // batch 200 of epoch 2
        QCOMPARE(loss.values[14], 6.68);                     // 7 - 0.0001 * 3183, printed %.2f
        const MetricSeries& valid = metricOf(run, "valid_loss");
        QCOMPARE(valid.steps, (std::vector<std::int64_t>{2983, 5966, 8949}));
        QCOMPARE(valid.values, (std::vector<double>{5.8, 5.6, 5.4}));
        QCOMPARE(metricOf(run, "lr").values.back(), 5.0);
        QCOMPARE(metricOf(run, "ms/batch").values[0], 45.12);
        QCOMPARE(metricOf(run, "test_loss").steps, std::vector<std::int64_t>{8949});
        QCOMPARE(chooseLossMetric(run, {}).series, &valid);
    }
};

QTEST_GUILESS_MAIN(TestConsoleFormats)
#include "tst_console_formats.moc"
