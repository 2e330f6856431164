#include "run/readers/Crc32c.h"
#include "run/LogImport.h"
#include "run/readers/TensorBoardReader.h"

#include "TestFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <random>

using namespace annealer;

namespace {

const QString kData = QStringLiteral(ANNEALER_TEST_DATA_DIR "/tensorboard");

// The fixtures' formulas (tests/data/tensorboard/NOTICE), s = step.
double lrAt(int s) {
    if (s < 100) return 3e-4 * s / 100.0;
    return 3e-5 + 0.5 * (3e-4 - 3e-5) * (1.0 + std::cos(std::numbers::pi * (s - 100) / 1900.0));
}
double lossAt(int s) {
    return 2.5 + 8.0 * std::pow(1.0 + s, -0.4);
}

// The values are stored as float32: about 6e-8 relative.
bool nearFloat(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-6 * std::abs(expected);
}

std::vector<std::int64_t> stepsFromTo(std::int64_t first, std::int64_t last, std::int64_t by) {
    std::vector<std::int64_t> steps;
    for (std::int64_t s = first; s <= last; s += by) steps.push_back(s);
    return steps;
}

// ---- A minimal event-file writer, to make the broken and unusual files the fixtures lack. ----

QByteArray varint(quint64 v) {
    QByteArray out;
    while (v >= 0x80) {
        out.append(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.append(static_cast<char>(v));
    return out;
}
QByteArray key(int field, int type) {
    return varint((static_cast<quint64>(field) << 3) | static_cast<quint64>(type));
}
QByteArray bytesField(int field, const QByteArray& bytes) {
    return key(field, 2) + varint(static_cast<quint64>(bytes.size())) + bytes;
}
QByteArray varintField(int field, quint64 v) {
    return key(field, 0) + varint(v);
}
template <typename T>
QByteArray raw(T v) {
    return QByteArray(reinterpret_cast<const char*>(&v), sizeof v);
}
QByteArray floatField(int field, float v) {
    return key(field, 5) + raw(v);
}
QByteArray doubleField(int field, double v) {
    return key(field, 1) + raw(v);
}

// A Summary.Value (as Summary field 1) holding a simple_value.
QByteArray simpleValue(const QByteArray& tag, float v) {
    return bytesField(1, bytesField(1, tag) + floatField(2, v));
}
QByteArray pluginMetadata(const QByteArray& plugin) {
    return bytesField(1, bytesField(1, plugin));
}
// A Summary.Value holding a TensorProto (given without its dtype) and maybe metadata.
QByteArray tensorValue(const QByteArray& tag, int dtype, const QByteArray& tensorFields,
                       const QByteArray& plugin = "scalars") {
    QByteArray value = bytesField(1, tag) + bytesField(8, varintField(1, dtype) + tensorFields);
    if (!plugin.isEmpty()) value += bytesField(9, pluginMetadata(plugin));
    return bytesField(1, value);
}
QByteArray eventBytes(qint64 step, const QByteArray& values) {
    return doubleField(1, 1.7e9) + varintField(2, static_cast<quint64>(step)) +
           bytesField(5, values);
}
QByteArray versionEvent() {
    return doubleField(1, 1.7e9) + bytesField(3, "brain.Event:2");
}
QByteArray record(const QByteArray& data) {
    const QByteArray length = raw(static_cast<quint64>(data.size()));
    return length + raw(maskedCrc32c(length.constData(), 8)) + data +
           raw(maskedCrc32c(data.constData(), static_cast<std::size_t>(data.size())));
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// The offsets of the whole records of a file, found by walking the length fields.
std::vector<qint64> recordOffsets(const QByteArray& bytes) {
    std::vector<qint64> offsets;
    qint64 at = 0;
    while (at + 12 <= bytes.size()) {
        quint64 length = 0;
        std::memcpy(&length, bytes.constData() + at, 8);
        if (at + 16 + static_cast<qint64>(length) > bytes.size()) break;
        offsets.push_back(at);
        at += 16 + static_cast<qint64>(length);
    }
    return offsets;
}

// A missing metric comes back empty, so that the comparison that follows fails (and the other
// test functions still run).
const MetricSeries& metricOf(const LogRun& run, const char* name) {
    static const MetricSeries none;
    const MetricSeries* series = run.metric(QString::fromUtf8(name));
    if (series == nullptr) qWarning("no metric '%s'", name);
    return series ? *series : none;
}

}  // namespace

class TstTensorBoard : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    TensorBoardReader reader_;
    int written_ = 0;

    QString write(const QString& name, const QByteArray& bytes) {
        return writeTestFile(dir_, name, bytes);
    }

    // A file of its own folder, so that each test's files are read alone.
    QString writeEvents(const QByteArray& bytes, const QString& name = "events.out.tfevents.1.h") {
        return write(QStringLiteral("f%1/").arg(++written_) + name, bytes);
    }

    Result<LogContents> read(const QString& path, const LogReadOptions& options = {}) {
        return reader_.read(path, options);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void crc32cKnownValues() {
        // The check value of CRC-32C and the iSCSI test vectors (RFC 3720, B.4).
        QCOMPARE(crc32c("123456789", 9), 0xE3069283U);
        QCOMPARE(crc32c("", 0), 0U);
        QByteArray zeros(32, '\0'), ones(32, '\xFF'), ascending(32, '\0');
        for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
        QCOMPARE(crc32c(zeros.constData(), 32), 0x8A9136AAU);
        QCOMPARE(crc32c(ones.constData(), 32), 0x62A8AB43U);
        QCOMPARE(crc32c(ascending.constData(), 32), 0x46DD794EU);
        // Continuing a CRC over pieces gives the CRC of the whole.
        QCOMPARE(crc32c("56789", 5, crc32c("1234", 4)), 0xE3069283U);
        // The fixtures' first length CRC, written by crcmod, is what the mask gives.
        const QByteArray head = readAll(kData + "/simple/events.out.tfevents.1700000000.host.1.0");
        quint32 stored = 0;
        std::memcpy(&stored, head.constData() + 8, 4);
        QCOMPARE(maskedCrc32c(head.constData(), 8), stored);
    }

    void simpleValues() {
        const QString path = kData + "/simple/events.out.tfevents.1700000000.host.1.0";
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->source, path);
        QVERIFY(log->notes.isEmpty());
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("simple"));
        QCOMPARE(run.metrics.size(), std::size_t(3));
        QVERIFY(run.leftOut.empty());

        const MetricSeries& train = metricOf(run, "train/loss");
        const MetricSeries& lr = metricOf(run, "lr");
        const MetricSeries& val = metricOf(run, "val/loss");
        QCOMPARE(train.steps, stepsFromTo(10, 2000, 10));
        QCOMPARE(train.steps.size(), std::size_t(200));
        QCOMPARE(lr.steps, stepsFromTo(10, 2000, 10));
        QCOMPARE(val.steps, stepsFromTo(100, 2000, 100));
        for (std::size_t i = 0; i < train.steps.size(); ++i) {
            const int s = static_cast<int>(train.steps[i]);
            QVERIFY2(nearFloat(train.values[i], lossAt(s) + 0.01 * std::sin(s)),
                     qPrintable(QString("train/loss at %1").arg(s)));
            QVERIFY2(nearFloat(lr.values[i], lrAt(s)), qPrintable(QString("lr at %1").arg(s)));
        }
        for (std::size_t i = 0; i < val.steps.size(); ++i) {
            const int s = static_cast<int>(val.steps[i]);
            QVERIFY2(nearFloat(val.values[i], lossAt(s)), qPrintable(QString("val at %1").arg(s)));
        }
    }

    void tensorFolderMergesRestart() {
        const QString folder = kData + "/tensor";
        const auto log = read(folder);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("TensorBoard run folder"));
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("tensor"));
        const MetricSeries& loss = metricOf(run, "loss");
        const MetricSeries& lr = metricOf(run, "learning_rate");
        // Every step once: the first file's three tensor encodings all decode (steps 10..1490
        // come from it alone), and the overlap 1500..1600 is not doubled.
        QCOMPARE(loss.steps, stepsFromTo(10, 2000, 10));
        QCOMPARE(lr.steps, stepsFromTo(10, 2000, 10));
        for (std::size_t i = 0; i < loss.steps.size(); ++i) {
            const int s = static_cast<int>(loss.steps[i]);
            const double expected = s >= 1500 ? lossAt(s) - 0.001 : lossAt(s);
            QVERIFY2(nearFloat(loss.values[i], expected), qPrintable(QString("loss at %1").arg(s)));
            QVERIFY2(nearFloat(lr.values[i], lrAt(s)), qPrintable(QString("lr at %1").arg(s)));
        }
        // The torn last record of the restart file is reported where it starts.
        const QString second = folder + "/events.out.tfevents.1700005000.host.2.1";
        const QByteArray bytes = readAll(second);
        const std::vector<qint64> whole = recordOffsets(bytes);
        const qint64 tornAt = whole.back() + 16 + [&] {
            quint64 length = 0;
            std::memcpy(&length, bytes.constData() + whole.back(), 8);
            return static_cast<qint64>(length);
        }();
        QVERIFY(tornAt < bytes.size());
        QCOMPARE(log->notes.size(), 1);
        QVERIFY2(log->notes[0].startsWith(second + ": ends in a partial record at byte " +
                                          QString::number(tornAt) + " "),
                 qPrintable(log->notes[0]));
    }

    void tensorFilesAlone() {
        const auto first = read(kData + "/tensor/events.out.tfevents.1700000000.host.2.0");
        QVERIFY2(first.ok(), qPrintable(first.error()));
        QVERIFY(first->notes.isEmpty());
        QCOMPARE(metricOf(first->runs.front(), "loss").steps, stepsFromTo(10, 1600, 10));
        const MetricSeries& loss1600 = metricOf(first->runs.front(), "loss");
        QVERIFY(nearFloat(loss1600.values.back(), lossAt(1600)));

        const auto second = read(kData + "/tensor/events.out.tfevents.1700005000.host.2.1");
        QVERIFY2(second.ok(), qPrintable(second.error()));
        QCOMPARE(second->notes.size(), 1);
        QCOMPARE(metricOf(second->runs.front(), "loss").steps, stepsFromTo(1500, 2000, 10));
    }

    void corruptFileNamesRecord() {
        const QString path = kData + "/corrupt.tfevents";
        const QByteArray good = readAll(kData + "/simple/events.out.tfevents.1700000000.host.1.0");
        const QByteArray bad = readAll(path);
        QCOMPARE(bad.size(), good.size());
        qint64 flipped = 0;
        while (flipped < bad.size() && bad[flipped] == good[flipped]) ++flipped;
        QVERIFY(flipped < bad.size());
        // The record holding the changed byte.
        qint64 recordAt = 0;
        for (qint64 at : recordOffsets(good)) {
            if (at <= flipped) recordAt = at;
        }
        const auto log = read(path);
        QVERIFY(!log.ok());
        QVERIFY2(
            log.error().startsWith(path + ": record at byte " + QString::number(recordAt) + ": "),
            qPrintable(log.error()));
        QVERIFY2(log.error().contains("CRC mismatch (file corrupted?)"), qPrintable(log.error()));
        // Chosen by readLog too (the name is not an event file's; the first header is valid).
        const auto viaImport = readLog(path, {});
        QVERIFY(!viaImport.ok());
        QCOMPARE(viaImport.error(), log.error());
    }

    void brokenFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");  // a part of the error message
        const QByteArray good =
            record(versionEvent()) + record(eventBytes(10, simpleValue("lr", 1)));
        QTest::newRow("empty") << QByteArray() << "the file is empty";
        QTest::newRow("5 random bytes")
            << QByteArray("\x93\x17\xa0\x5c\xee", 5) << "not even one whole record in its 5 bytes";
        QTest::newRow("cut inside the first length") << good.left(4) << "not even one whole record";
        const QByteArray terabyte = raw(quint64(1) << 40);
        QTest::newRow("1 TB length")
            << terabyte + raw(maskedCrc32c(terabyte.constData(), 8)) + QByteArray(100, 'x')
            << "not even one whole record";
        QTest::newRow("1 TB length, bad CRC")
            << terabyte + raw(quint32(12345)) + QByteArray(100, 'x')
            << "record at byte 0: length CRC mismatch (file corrupted?)";
        QByteArray dataFlip = good;
        dataFlip[dataFlip.size() - 6] = 'Z';
        QTest::newRow("data CRC") << dataFlip
                                  << QString(
                                         "record at byte %1: data CRC mismatch (file corrupted?)")
                                         .arg(recordOffsets(good)[1]);
        QTest::newRow("no scalars") << record(versionEvent()) + record(versionEvent())
                                    << "holds no scalar values (2 event records";
        QTest::newRow("only a histogram tensor")
            << record(eventBytes(1, tensorValue("w", 2,
                                                bytesField(2, bytesField(2, varintField(1, 3))) +
                                                    bytesField(6, raw(1.0) + raw(2.0) + raw(3.0)),
                                                "histograms")))
            << "holds no scalar values";
        // Garbage Event messages inside valid records.
        const auto garbage = [](const QByteArray& data) { return record(data); };
        QTest::newRow("varint of 11 bytes")
            << garbage(QByteArray(10, '\xFF') + '\x01' + "more")
            << "record at byte 0: not a valid Event message (a number longer than 10 bytes)";
        QTest::newRow("summary longer than the event")
            << garbage(key(5, 2) + varint(100) + "abc") << "not a valid Event message";
        QTest::newRow("value longer than the summary")
            << garbage(bytesField(5, key(1, 2) + varint(50) + "x")) << "not a valid Event message";
        QTest::newRow("tensor longer than the value")
            << garbage(bytesField(5, bytesField(1, bytesField(1, "t") + key(8, 2) + varint(9))))
            << "not a valid Event message";
        QTest::newRow("wire type 3") << garbage(key(7, 3) + "zz") << "not a valid Event message";
        QTest::newRow("field number 0") << garbage(varint(0) + "zz") << "not a valid Event message";
        QTest::newRow("cut fixed64") << garbage(key(1, 1) + "abc") << "not a valid Event message";
    }

    void brokenFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = writeEvents(bytes);
        const auto log = read(path);
        QVERIFY2(!log.ok(), "read a broken file without an error");
        QVERIFY2(log.error().startsWith(path + ": "), qPrintable(log.error()));
        QVERIFY2(log.error().contains(expected), qPrintable(log.error()));
    }

    void randomGarbageNeverCrashes() {
        // Random bytes as records with valid CRCs, and random bytes as whole files: each read
        // ends, with values or an error.
        std::mt19937 random(12345);
        std::uniform_int_distribution<int> byte(0, 255);
        std::uniform_int_distribution<int> size(0, 60);
        const QByteArray valid = eventBytes(7, simpleValue("loss", 2.5f));
        int errors = 0;
        for (int i = 0; i < 300; ++i) {
            QByteArray data = valid;
            // Mutate a few bytes of a valid event, or make one of random bytes.
            if (i % 2 == 0) {
                for (int k = 0; k < 3; ++k)
                    data[random() % data.size()] = static_cast<char>(byte(random));
            } else {
                data = QByteArray(size(random), '\0');
                for (char& c : data) c = static_cast<char>(byte(random));
            }
            const QString path = write("garbage/events.out.tfevents.1.g", record(data));
            const auto log = read(path);
            if (!log.ok()) {
                ++errors;
                QVERIFY(!log.error().isEmpty());
            }
            QByteArray file(size(random), '\0');
            for (char& c : file) c = static_cast<char>(byte(random));
            const auto whole = read(write("garbage/events.out.tfevents.2.g", file));
            QVERIFY(!whole.ok());  // a random file is never a valid event file
        }
        QVERIFY(errors > 0);
    }

    void tornRecordsAreRead_data() {
        QTest::addColumn<int>("keep");  // bytes of the last record kept; negative: all but these
        QTest::newRow("inside the length") << 4;
        QTest::newRow("inside the length CRC") << 10;
        QTest::newRow("inside the data") << -20;
        QTest::newRow("without the data CRC") << -4;
    }

    void tornRecordsAreRead() {
        QFETCH(int, keep);
        const QByteArray whole = record(versionEvent()) +
                                 record(eventBytes(10, simpleValue("lr", 1))) +
                                 record(eventBytes(20, simpleValue("lr", 2)));
        const QByteArray last = record(eventBytes(30, simpleValue("lr", 3)));
        if (keep < 0) keep += static_cast<int>(last.size());
        QVERIFY(keep > 0 && keep < last.size());
        const QString path = writeEvents(whole + last.left(keep));
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(metricOf(log->runs.front(), "lr").steps, (std::vector<std::int64_t>{10, 20}));
        QCOMPARE(metricOf(log->runs.front(), "lr").values, (std::vector<double>{1, 2}));
        QCOMPARE(
            log->notes,
            QStringList{QString("%1: ends in a partial record at byte %2 (the writer was still "
                                "running or was killed); read up to it")
                            .arg(path)
                            .arg(whole.size())});
    }

    void terabyteLengthAfterRecords() {
        const QByteArray good = record(eventBytes(10, simpleValue("lr", 1)));
        const QByteArray terabyte = raw(quint64(1) << 40);
        const QString path =
            writeEvents(good + terabyte + raw(maskedCrc32c(terabyte.constData(), 8)) + "abc");
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->notes.size(), 1);
        QVERIFY(log->notes[0].contains(QString("partial record at byte %1").arg(good.size())));
    }

    // Steps beyond what the program represents (0..2^53) are refused, naming the record: the
    // int64 step field of a mutated record may be negative or near 2^63.
    void stepsAtTheLimits() {
        const QByteArray first = record(versionEvent()) + record(eventBytes(10, simpleValue("lr", 1)));
        for (const qint64 step : {qint64(-1), std::numeric_limits<qint64>::min(),
                                  std::numeric_limits<qint64>::max(), (qint64(1) << 53) + 1}) {
            const auto log = read(writeEvents(first + record(eventBytes(step, simpleValue("lr", 2)))));
            QVERIFY2(!log.ok(), qPrintable(QString::number(step)));
            QVERIFY2(log.error().contains(QString("record at byte %1: step %2 is ")
                                              .arg(first.size())
                                              .arg(step)),
                     qPrintable(log.error()));
        }
        const auto log = read(writeEvents(first + record(eventBytes(qint64(1) << 53, simpleValue("lr", 2)))));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(metricOf(log->runs[0], "lr").steps.back(), qint64(1) << 53);
    }

    void nonFiniteValues() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const QByteArray bytes =
            record(versionEvent()) +
            record(eventBytes(10, simpleValue("loss", 3) + simpleValue("lr", 1e-3f))) +
            record(eventBytes(20, simpleValue("loss", nan) + simpleValue("lr", 1e-3f))) +
            record(eventBytes(30, simpleValue("loss", 2) + simpleValue("lr", inf))) +
            // A NaN replaced by a later record of the same step does not count.
            record(eventBytes(40, simpleValue("val_loss", nan))) +
            record(eventBytes(40, simpleValue("val_loss", 2.5f))) +
            // The NaN kept at step 20 is the one logged last there; the error names its record
            // (the first non-finite step, not the last non-finite record).
            record(eventBytes(20, simpleValue("loss", -inf))) +
            record(eventBytes(50, simpleValue("loss", nan)));
        const QString path = writeEvents(bytes);
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QVERIFY(run.metric("loss") == nullptr);
        QVERIFY(run.metric("lr") == nullptr);
        QCOMPARE(metricOf(run, "val_loss").values, std::vector<double>{2.5});
        const std::vector<qint64> at = recordOffsets(bytes);
        QVERIFY(run.leftOutMetric("loss"));
        QCOMPARE(
            run.leftOutMetric("loss")->problem,
            QString("%1: record at byte %2: tag 'loss' at step 20 is -inf, not a finite number")
                .arg(path)
                .arg(at[6]));
        QVERIFY(run.leftOutMetric("lr"));
        QCOMPARE(run.leftOutMetric("lr")->problem,
                 QString("%1: record at byte %2: tag 'lr' at step 30 is inf, not a finite number")
                     .arg(path)
                     .arg(at[3]));
        // Picking the tag gives that reason.
        const auto runs = readRuns(path, {}, {});
        QVERIFY(!runs.ok());
        QCOMPARE(runs.error(), run.leftOutMetric("lr")->problem);
        RunAssemblyOptions pickLoss;
        pickLoss.lossMetric = "loss";
        const auto picked = assembleRun(*log, run, pickLoss);
        QVERIFY(!picked.ok());
        QCOMPARE(picked.error(), run.leftOutMetric("loss")->problem);
    }

    void tensorEncodings() {
        const auto f32 = [](float v) { return raw(v); };
        const QByteArray scalarShape = bytesField(2, QByteArray());  // rank 0: no dims
        const QByteArray shapeOne = bytesField(2, bytesField(2, varintField(1, 1)));
        const QByteArray shapeTwo = bytesField(2, bytesField(2, varintField(1, 2)));
        const QByteArray values =
            // float in tensor_content, rank 0
            tensorValue("content", 1, scalarShape + bytesField(4, f32(0.25f))) +
            // float_val packed, shape [1]
            tensorValue("packed float", 1, shapeOne + bytesField(5, f32(0.5f))) +
            // shape [1, 1]: still one element
            tensorValue(
                "1x1", 1,
                bytesField(2, bytesField(2, varintField(1, 1)) + bytesField(2, varintField(1, 1))) +
                    bytesField(4, f32(0.125f))) +
            // float_val not packed, no shape at all
            tensorValue("float", 1, key(5, 5) + f32(0.75f)) +
            // double_val packed and not packed
            tensorValue("packed double", 2, scalarShape + bytesField(6, raw(0.1))) +
            tensorValue("double", 2, key(6, 1) + raw(0.2)) +
            // double in tensor_content
            tensorValue("double content", 2, bytesField(4, raw(0.3))) +
            // half: 0x3C00 = 1.0, 0xC100 = -2.5 in content; bfloat16 0x3FC0 = 1.5
            tensorValue("half", 19, varintField(13, 0x3C00)) +
            tensorValue("half content", 19, bytesField(4, QByteArray("\x00\xC1", 2))) +
            tensorValue("half packed", 19, bytesField(13, varint(0x3555))) +
            tensorValue("bfloat16", 14, varintField(13, 0x3FC0)) +
            // dtype after the value, and no plugin metadata
            bytesField(1, bytesField(1, "late dtype") +
                              bytesField(8, bytesField(4, f32(4.0f)) + varintField(1, 1))) +
            // not scalars: two elements, a string, an int32, another plugin, unknown rank
            tensorValue("two", 1, shapeTwo + bytesField(5, f32(1) + f32(2))) +
            tensorValue("two from one value", 1, shapeTwo + bytesField(5, f32(1))) +
            tensorValue("content of two", 1, bytesField(4, f32(1) + f32(2))) +
            tensorValue("string", 7, bytesField(8, "text")) +
            tensorValue("int", 3, varintField(7, 5)) +
            tensorValue("image like", 1, bytesField(4, f32(1)), "images") +
            tensorValue("unknown rank", 1,
                        bytesField(2, varintField(3, 1)) + bytesField(4, f32(1))) +
            tensorValue("two values, one element", 1, bytesField(5, f32(1) + f32(2)));
        const QString path = writeEvents(record(eventBytes(5, values)));
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        const std::vector<std::pair<const char*, double>> expected = {
            {"content", 0.25},      {"packed float", 0.5},  {"float", 0.75},
            {"packed double", 0.1}, {"double", 0.2},        {"double content", 0.3},
            {"half", 1.0},          {"half content", -2.5}, {"half packed", 0.333251953125},
            {"bfloat16", 1.5},      {"late dtype", 4.0},    {"1x1", 0.125},
        };
        QStringList names;
        for (const MetricSeries& series : run.metrics) names << series.name;
        QCOMPARE(run.metrics.size(), expected.size());
        for (const auto& [name, value] : expected) {
            QVERIFY2(run.metric(name),
                     qPrintable(QString("no %1 in %2").arg(name, names.join(", "))));
            QCOMPARE(metricOf(run, name).steps, std::vector<std::int64_t>{5});
            QCOMPARE(metricOf(run, name).values, std::vector<double>{value});
        }
    }

    void mergeOrder() {
        // Within a file the later record wins; between files the later time in the name wins,
        // compared as a number (900 before 1000, although "1000" sorts first as text).
        const QString folder = dir_.filePath("merge");
        write("merge/events.out.tfevents.900.b",
              record(eventBytes(10, simpleValue("lr", 1))) +
                  record(eventBytes(30, simpleValue("lr", 3))) +
                  record(eventBytes(20, simpleValue("lr", 2))) +
                  record(eventBytes(30, simpleValue("lr", 3.5f))));
        write("merge/events.out.tfevents.1000.a",
              record(eventBytes(20, simpleValue("lr", 20))) +
                  record(eventBytes(40, simpleValue("lr", 40))));
        const auto log = read(folder);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        QCOMPARE(log->runs.front().name, QString("merge"));
        const MetricSeries& lr = metricOf(log->runs.front(), "lr");
        QCOMPARE(lr.steps, (std::vector<std::int64_t>{10, 20, 30, 40}));
        QCOMPARE(lr.values, (std::vector<double>{1, 20, 3.5, 40}));
    }

    void folderOfRuns() {
        const QByteArray one = record(eventBytes(1, simpleValue("lr", 1)));
        write("runs/events.out.tfevents.1.h", one);
        write("runs/train/events.out.tfevents.1.h", record(eventBytes(2, simpleValue("lr", 2))));
        write("runs/eval/deep/events.out.tfevents.1.h",
              record(eventBytes(3, simpleValue("lr", 3))));
        write("runs/images/events.out.tfevents.1.h", record(versionEvent()));
        write("runs/empty/events.out.tfevents.1.h", QByteArray());
        write("runs/notes.txt", "not an event file");
        const auto log = read(dir_.filePath("runs"));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QStringList names;
        for (const LogRun& run : log->runs) names << run.name;
        QCOMPARE(names, (QStringList{"runs", "eval/deep", "train"}));
        QCOMPARE(metricOf(log->runs[1], "lr").steps, std::vector<std::int64_t>{3});
        QCOMPARE(metricOf(log->runs[2], "lr").values, std::vector<double>{2});
        QCOMPARE(log->notes.size(), 2);  // the runs without scalars
        QVERIFY(log->notes.join("\n").contains("run 'images' holds no scalar values"));

        write("noevents/a.csv", "step,lr\n1,2\n");
        const auto none = read(dir_.filePath("noevents"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error(), dir_.filePath("noevents") +
                                   ": no TensorBoard event files (events.out.tfevents.*) in this "
                                   "folder or its subfolders");
        write("noscalars/x/events.out.tfevents.1.h", record(versionEvent()));
        const auto noScalars = read(dir_.filePath("noscalars"));
        QVERIFY(!noScalars.ok());
        QVERIFY2(
            noScalars.error().startsWith(dir_.filePath("noscalars") + ": holds no scalar values"),
            qPrintable(noScalars.error()));
    }

    void confidence() {
        const QByteArray head = readAll(kData + "/simple/events.out.tfevents.1700000000.host.1.0");
        QCOMPARE(reader_.confidence("/x/events.out.tfevents.1.host", QByteArray()), 95);
        QCOMPARE(reader_.confidence("/x/run.bin", head.left(12)), 95);
        QCOMPARE(reader_.confidence("/x/run.bin", head.left(11)), 0);
        QByteArray badCrc = head.left(12);
        badCrc[9] = static_cast<char>(badCrc[9] ^ 1);
        QCOMPARE(reader_.confidence("/x/run.bin", badCrc), 0);
        QCOMPARE(reader_.confidence("/x/run.csv", "step,lr,loss\n1,2,3\n"), 0);
        QCOMPARE(reader_.confidence(kData, QByteArray()), 90);  // event files one level down
        write("deep/a/b/c/events.out.tfevents.1.h", record(eventBytes(1, simpleValue("lr", 1))));
        QCOMPARE(reader_.confidence(dir_.filePath("deep"), QByteArray()), 90);
        write("deeper/a/b/c/d/events.out.tfevents.1.h",
              record(eventBytes(1, simpleValue("lr", 1))));
        QCOMPARE(reader_.confidence(dir_.filePath("deeper"), QByteArray()), 0);
        QDir().mkpath(dir_.filePath("emptyfolder"));
        QCOMPARE(reader_.confidence(dir_.filePath("emptyfolder"), QByteArray()), 0);
    }

    void readRunsPicksValidationLoss() {
        const QString path = kData + "/simple/events.out.tfevents.1700000000.host.1.0";
        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->size(), std::size_t(1));
        const Run& run = runs->front();
        QCOMPARE(run.lossMetric, QString("val/loss"));
        QCOMPARE(run.lrMetric, QString("lr"));
        QCOMPARE(run.lossSteps, stepsFromTo(100, 2000, 100));
        QVERIFY(nearFloat(run.loss.back(), lossAt(2000)));
        QVERIFY(nearFloat(run.schedule.lr.at(1000), lrAt(1000)));

        // A folder through readLog: the TensorBoard reader is the one chosen.
        const auto folder = readRuns(kData + "/tensor", {}, {});
        QVERIFY2(folder.ok(), qPrintable(folder.error()));
        QCOMPARE(folder->front().lossMetric, QString("loss"));
        QCOMPARE(folder->front().lrMetric, QString("learning_rate"));
    }

    // Event files chosen together from one folder (a run and its restart) are one run, the same
    // as reading their folder; other paths stay logs of their own.
    void chosenEventFilesOfOneFolderAreOneRun() {
        const QString first = kData + "/tensor/events.out.tfevents.1700000000.host.2.0";
        const QString second = kData + "/tensor/events.out.tfevents.1700005000.host.2.1";
        const QString simple = kData + "/simple/events.out.tfevents.1700000000.host.1.0";
        const QString corrupt = kData + "/corrupt.tfevents";
        const auto groups = groupLogPaths({second, simple, first, corrupt});
        QCOMPARE(groups.size(), std::size_t{3});
        QCOMPARE(groups[0], (QStringList{second, first}));
        QCOMPARE(groups[1], QStringList{simple});
        QCOMPARE(groups[2], QStringList{corrupt});

        const auto chosen = readLogGroup(groups[0], {});
        QVERIFY2(chosen.ok(), qPrintable(chosen.error()));
        const auto folder = readLog(kData + "/tensor", {});
        QVERIFY2(folder.ok(), qPrintable(folder.error()));
        QCOMPARE(chosen->runs.size(), std::size_t{1});
        QCOMPARE(chosen->runs.front().name, QString("tensor"));
        const LogRun& merged = chosen->runs.front();
        const LogRun& read = folder->runs.front();
        QCOMPARE(merged.metrics.size(), read.metrics.size());
        for (std::size_t i = 0; i < read.metrics.size(); ++i) {
            QCOMPARE(merged.metrics[i].name, read.metrics[i].name);
            QCOMPARE(merged.metrics[i].steps, read.metrics[i].steps);
            QCOMPARE(merged.metrics[i].values, read.metrics[i].values);
        }
    }

    void progressAndCancel() {
        // About 12.5 MB, so that progress is reported several times along the way.
        QByteArray bytes = record(versionEvent());
        for (int s = 1; s <= 250000; ++s) {
            bytes +=
                record(eventBytes(s, simpleValue("train/loss", static_cast<float>(1.0 + 1.0 / s))));
        }
        QVERIFY(bytes.size() > 10'000'000);
        const QString path = writeEvents(bytes);

        std::vector<double> fractions;
        LogReadOptions options;
        options.progress = [&fractions](double f) {
            fractions.push_back(f);
            return true;
        };
        const auto log = read(path, options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(metricOf(log->runs.front(), "train/loss").steps.size(), std::size_t(250000));
        QVERIFY2(fractions.size() >= 3, qPrintable(QString::number(fractions.size())));
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QVERIFY(fractions.front() > 0 && fractions.front() < 1);
        QCOMPARE(fractions.back(), 1.0);

        int calls = 0;
        options.progress = [&calls](double) {
            ++calls;
            return false;
        };
        const auto cancelled = read(path, options);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error(), path + ": cancelled");
        QCOMPARE(calls, 1);

        // A small file reports once, at the end, and can still be cancelled there.
        calls = 0;
        const auto small = read(kData + "/tensor", options);
        QVERIFY(!small.ok());
        QCOMPARE(small.error(), kData + "/tensor: cancelled");
        QCOMPARE(calls, 1);
    }

    void oversizedRecordIsSkipped() {
        // A record too large to hold scalars (an embedded image or graph) is checked, not kept.
        const QByteArray big = bytesField(4, QByteArray(65 << 20, 'g'));  // Event.graph_def
        const QByteArray bytes = record(eventBytes(1, simpleValue("lr", 1))) + record(big) +
                                 record(eventBytes(2, simpleValue("lr", 2)));
        const QString path = writeEvents(bytes);
        const auto log = read(path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(metricOf(log->runs.front(), "lr").values, (std::vector<double>{1, 2}));
        QCOMPARE(log->notes.size(), 1);
        QVERIFY2(
            log->notes[0].startsWith(path + ": record at byte " +
                                     QString::number(recordOffsets(bytes)[1]) + " holds 65 MB"),
            qPrintable(log->notes[0]));

        QByteArray corrupt = bytes;
        corrupt[40 << 20] = 'h';
        const auto bad = read(writeEvents(corrupt));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains("data CRC mismatch"), qPrintable(bad.error()));
    }
};

QTEST_GUILESS_MAIN(TstTensorBoard)
#include "tst_tensorboard.moc"
