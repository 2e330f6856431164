// W&B's binary run file (run-<id>.wandb: LevelDB log framing of protobuf records) and
// wandb-summary.json, refused as final values only. The fixture is written by
// tools/make_wandb_run_fixture.py (our own encoder; its docstring gives the values); torn and
// damaged copies are made here.
#include "LogFixtures.h"
#include "TestFiles.h"

#include "run/LogImport.h"
#include "run/RunAssembly.h"
#include "run/readers/WandbRunFileReader.h"
#include "run/readers/WandbSummaryReader.h"

#include <QtTest>

#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

using namespace annealer;

namespace {

const QString kRunFolder =
    QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/wandb_run/wandb/run-20261205_120000-abc123/");
const QString kRunFile = kRunFolder + QStringLiteral("run-abc123.wandb");
constexpr int kBlock = 32768;

QByteArray fixtureBytes() {
    QFile f(kRunFile);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read the fixture");
    return f.readAll();
}

struct Fragment {
    int offset = 0;
    int length = 0;
    int type = 0;
};

// The fragments of the framing, walked independently of the reader.
std::vector<Fragment> fragments(const QByteArray& bytes) {
    std::vector<Fragment> out;
    int pos = 7;
    while (pos + 7 <= bytes.size()) {
        const int left = kBlock - pos % kBlock;
        if (left < 7) {
            pos += left;
            continue;
        }
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData() + pos);
        Fragment f;
        f.offset = pos;
        f.length = p[4] | (p[5] << 8);
        f.type = p[6];
        out.push_back(f);
        pos += 7 + f.length;
    }
    return out;
}

}  // namespace

class TestWandbRunFile : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // The fixture covers every fragment type, and records across block boundaries.
    void fixtureHasEveryFragmentType() {
        std::map<int, int> types;
        for (const Fragment& f : fragments(fixtureBytes())) ++types[f.type];
        QCOMPARE(types.size(), std::size_t(4));
        QVERIFY(types[1] > 200);
        QCOMPARE(types[3], 1);
    }

    void values() {
        const auto log = readLog(kRunFile, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("W&B run file (.wandb)"));
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("tiny-gpt-wsd"));  // RunRecord.display_name
        // trainer/global_step (8 s) is the step, before W&B's own _step.
        const MetricSeries& loss = metricOf(run, "loss");
        QCOMPARE(loss.steps.size(), std::size_t(200));
        QCOMPARE(loss.steps[37], std::int64_t(8 * 37));
        QCOMPARE(loss.values[37], 4 - 0.01 * 37);
        QCOMPARE(loss.values[199], 4 - 0.01 * 199);
        const MetricSeries& lr = metricOf(run, "lr");
        QCOMPARE(lr.values[4], 1e-4 * 5);
        QCOMPARE(lr.values[150], 1e-3);
        const MetricSeries& val = metricOf(run, "val_loss");
        QCOMPARE(val.steps.size(), std::size_t(10));
        QCOMPARE(val.steps[3], std::int64_t(8 * 60));
        QCOMPARE(val.values[3], 4.1 - 0.01 * 60);
        QCOMPARE(metricOf(run, "eval/acc").values, std::vector<double>{0.25});  // nested_key
        // NaN and a media object are left out, naming the byte of their record.
        const LeftOutMetric* nan = run.leftOutMetric("grad_norm");
        QVERIFY(nan);
        QVERIFY2(nan->problem.contains("byte ") && nan->problem.contains("NaN"),
                 qPrintable(nan->problem));
        const LeftOutMetric* media = run.leftOutMetric("samples");
        QVERIFY(media);
        QVERIFY2(media->problem.endsWith("key 'samples': 'W&B table-file object' is not a number"),
                 qPrintable(media->problem));
        QCOMPARE(chooseLossMetric(run, {}).series, &val);
        QVERIFY(log->notes.isEmpty());
    }

    void stepColumnNamed() {
        LogReadOptions options;
        options.stepColumn = QStringLiteral("_step");
        const auto log = readLog(kRunFile, options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries& loss = metricOf(log->runs.front(), "loss");
        QCOMPARE(loss.steps.front(), std::int64_t(0));
        QCOMPARE(loss.steps.back(), std::int64_t(199));
    }

    // A file cut anywhere (a run still writing, or killed) is read up to the cut, with a note.
    void tornFile_data() {
        QTest::addColumn<int>("cut");
        const std::vector<Fragment> f = fragments(fixtureBytes());
        const Fragment& middle = *std::find_if(f.begin(), f.end(),
                                               [](const Fragment& x) { return x.type == 3; });
        QTest::newRow("inside a split record") << middle.offset + 100;
        QTest::newRow("inside a fragment header") << f[120].offset + 3;
        QTest::newRow("inside a whole record") << f[150].offset + 20;
        QTest::newRow("just after a block boundary") << kBlock * 2 + 2;
    }
    void tornFile() {
        QFETCH(int, cut);
        const QString path =
            writeTestFile(dir_, QStringLiteral("torn/run-x.wandb"), fixtureBytes().left(cut));
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QVERIFY2(log->notes.join('\n').contains("the file ends inside a record"),
                 qPrintable(log->notes.join('\n')));
        const MetricSeries& loss = metricOf(log->runs.front(), "loss");
        QVERIFY(loss.steps.size() > 20 && loss.steps.size() < 200);
        for (std::size_t k = 0; k < loss.steps.size(); ++k) {
            QCOMPARE(loss.values[k], 4 - 0.01 * static_cast<double>(k));
        }
    }

    // Damage in the middle is an error naming the file and the byte of the fragment.
    void damagedRecord() {
        QByteArray bytes = fixtureBytes();
        const Fragment f = fragments(bytes)[60];
        bytes[f.offset + 7 + f.length / 2] = static_cast<char>(bytes[f.offset + 7 + f.length / 2] ^ 0x10);
        const QString path = writeTestFile(dir_, QStringLiteral("damaged/run-x.wandb"), bytes);
        const auto log = readLog(path, {});
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), QString("%1: byte %2: the checksum of a record does not hold "
                                      "(damaged file)")
                                  .arg(path)
                                  .arg(f.offset));
    }

    void fragmentOutOfOrder() {
        QByteArray bytes = fixtureBytes();
        // The MIDDLE fragment turned into a FULL one: the split record it belongs to is broken.
        const std::vector<Fragment> f = fragments(bytes);
        const Fragment& middle = *std::find_if(f.begin(), f.end(),
                                               [](const Fragment& x) { return x.type == 3; });
        bytes[middle.offset + 6] = 9;
        const QString path = writeTestFile(dir_, QStringLiteral("order/run-x.wandb"), bytes);
        const auto log = WandbRunFileReader().read(path, {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().startsWith(path + QString(": byte %1: ").arg(middle.offset)),
                 qPrintable(log.error()));
    }

    void notAWandbFile() {
        QByteArray bytes = fixtureBytes();
        bytes[1] = 'X';
        const QString path = writeTestFile(dir_, QStringLiteral("header/run-x.wandb"), bytes);
        const auto log = readLog(path, {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().contains("not a W&B run file"), qPrintable(log.error()));
        const QString empty = writeTestFile(dir_, QStringLiteral("empty/run-x.wandb"), {});
        QCOMPARE(readLog(empty, {}).error(), empty + ": the file is empty");
    }

    void summaryIsRefused() {
        const QString path = kRunFolder + QStringLiteral("files/wandb-summary.json");
        const auto log = readLog(path, {});
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), path + QString(": a W&B run summary: holds final values only, not "
                                             "a history: use the run's .wandb file (%1) or a "
                                             "history export")
                                         .arg(QFileInfo(kRunFile).absoluteFilePath()));
        // Under another name, by its keys; alone, pointing to where the history is.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString renamed = writeTestFile(dir_, QStringLiteral("s/summary.json"), f.readAll());
        const auto other = readLog(renamed, {});
        QVERIFY(!other.ok());
        QVERIFY2(other.error().contains("holds final values only, not a history: use the run's "
                                        ".wandb file (wandb/run-<date>-<id>/run-<id>.wandb)"),
                 qPrintable(other.error()));
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestWandbRunFile)
#include "tst_wandb_run_file.moc"
