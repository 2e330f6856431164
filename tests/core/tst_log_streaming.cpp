// Reading large logs a piece at a time. The line-based logs (run/parsing/LogLineReader.h): lines that
// straddle the pieces the file is read in come out whole, bytes that are not text are found in
// any piece with the file's line and byte, UTF-16 is converted piece by piece, progress and
// cancel work, and the JSON Lines and Megatron readers built on it read logs several pieces long
// to the same values as a short one. A trainer_state.json (run/parsing/JsonArrayStream.h): the records of
// its log_history come out one by one across pieces, strings holding brackets and commas do not
// split them, and errors inside the list and after it name the file's line and byte.
#include "run/readers/HuggingFaceTrainerStateReader.h"
#include "run/parsing/JsonArrayStream.h"
#include "run/readers/JsonLinesReader.h"
#include "run/parsing/LogLineReader.h"
#include "run/readers/MegatronLogReader.h"
#include "run/parsing/TextSource.h"
#include "run/readers/WandbHistoryJsonReader.h"

#include "TestFiles.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <string>
#include <vector>

using namespace annealer;

namespace {

constexpr qsizetype kPiece = TextSource::kChunkBytes;

struct ReadLines {
    std::vector<std::string> lines;
    bool lastUnterminated = false;
    bool sawText = false;
    QString error;
};

ReadLines readAll(const QString& path, const LogReadOptions& options = {}) {
    ReadLines out;
    LogLineReader reader(path, options, 1.0);
    if (Status s = reader.open(); !s) {
        out.error = s.error();
        return out;
    }
    std::string_view line;
    while (reader.next(&line)) {
        out.lines.emplace_back(line);
        if (reader.number() != static_cast<std::int64_t>(out.lines.size()))
            qFatal("line numbers out of step");
        out.lastUnterminated = reader.lastLineUnterminated();
    }
    out.sawText = reader.sawText();
    out.error = reader.error();
    return out;
}

// The lines of `text` split by hand: at "\n", with a "\r" before it dropped.
std::vector<std::string> splitLines(const QByteArray& text) {
    std::vector<std::string> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        const bool last = end < 0;
        if (last) end = text.size();
        QByteArray line = text.mid(start, end - start);
        if (line.endsWith('\r')) line.chop(1);
        lines.emplace_back(line.constData(), static_cast<std::size_t>(line.size()));
        start = end + 1;
    }
    return lines;
}

// About `bytes` of lines of changing lengths, some with CRLF and multi-byte characters.
QByteArray mixedLines(qsizetype bytes) {
    QByteArray text;
    for (int i = 0; text.size() < bytes; ++i) {
        text += "line " + QByteArray::number(i) + " " + QByteArray(i % 97, 'x');
        if (i % 5 == 0) text += " \xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";  // été € 😀
        text += i % 3 == 0 ? "\r\n" : "\n";
    }
    return text;
}

// A trainer_state.json of about `bytes`: a record every step, a note holding brackets, commas
// and an escaped quote every 7th, members named "log_history" where they are not the list (a
// string value before it and inside a nested object), and the summary record at the end.
QByteArray trainerState(qsizetype bytes) {
    QByteArray text =
        "{\n  \"note\": \"log_history\",\n  \"nested\": {\"log_history\": [1, 2]},\n"
        "  \"log_history\": [\n";
    for (int s = 1; text.size() < bytes; ++s) {
        text += "    {\n      \"epoch\": 0.5,\n      \"loss\": " +
                QByteArray::number(2.0 + 1.0 / s, 'g', 17) + ",\n";
        if (s % 7 == 0) text += "      \"note\": \"a \\\"] , [ {b}\",\n";
        text += "      \"step\": " + QByteArray::number(s) + "\n    },\n";
    }
    text +=
        "    {\"step\": 99999999, \"train_loss\": 2.5, \"train_runtime\": 10.0}\n  ],\n"
        "  \"global_step\": 5\n}\n";
    return text;
}

}  // namespace

class TstLogStreaming : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        return writeTestFile(dir_, name, bytes);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void emptyAndBlank() {
        ReadLines read = readAll(write("empty.log", {}));
        QVERIFY(read.error.isEmpty());
        QVERIFY(read.lines.empty());
        QVERIFY(!read.sawText);

        read = readAll(write("blank.log", " \n\t\r\n\n"));
        QCOMPARE(read.lines.size(), std::size_t(3));
        QVERIFY(!read.sawText);
        QVERIFY(!read.lastUnterminated);

        read = readAll(write("nobreak.log",
                             "\xEF\xBB\xBF"
                             "a\nb"));
        QCOMPARE(read.lines, (std::vector<std::string>{"a", "b"}));
        QVERIFY(read.lastUnterminated);
        QVERIFY(read.sawText);

        read = readAll(dir_.filePath("missing.log"));
        QVERIFY(read.error.startsWith(dir_.filePath("missing.log") + ": cannot open"));
    }

    // The cut between two pieces falls at every position of a CRLF, inside multi-byte
    // characters, and just before and after a line break.
    void linesAcrossPieces_data() {
        QTest::addColumn<QByteArray>("aroundCut");
        QTest::addColumn<int>("before");  // bytes of aroundCut that fall in the first piece
        QTest::newRow("cut between CR and LF") << QByteArray("abc\r\ndef\n") << 4;
        QTest::newRow("cut before CRLF") << QByteArray("abc\r\ndef\n") << 3;
        QTest::newRow("cut after CRLF") << QByteArray("abc\r\ndef\n") << 5;
        QTest::newRow("cut inside a 4-byte character") << QByteArray("x\xF0\x9F\x98\x80y\n") << 3;
        QTest::newRow("cut inside a 2-byte character") << QByteArray("x\xC3\xA9y\n") << 2;
        QTest::newRow("cut at a line start") << QByteArray("\nabc\n") << 1;
    }

    void linesAcrossPieces() {
        QFETCH(QByteArray, aroundCut);
        QFETCH(int, before);
        QByteArray head = mixedLines(kPiece - 200);
        head += QByteArray(kPiece - before - head.size(), 'p');  // ends mid-line
        QByteArray text = head + aroundCut + mixedLines(kPiece + 123);
        QCOMPARE(text.mid(kPiece - before, aroundCut.size()), aroundCut);
        const ReadLines read = readAll(write("pieces.log", text));
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.lines, splitLines(text));
        QVERIFY(!read.lastUnterminated);
    }

    void utf16InPieces() {
        const QByteArray utf8 = mixedLines(kPiece + kPiece / 2);  // 3 pieces once UTF-16
        const QString text = QString::fromUtf8(utf8);
        QByteArray utf16("\xFF\xFE");
        utf16 += QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
        const ReadLines read = readAll(write("utf16.log", utf16));
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.lines, splitLines(utf8));

        utf16.chop(1);  // half a code unit at the end
        const ReadLines cut = readAll(write("utf16_cut.log", utf16));
        QCOMPARE(cut.error, dir_.filePath("utf16_cut.log") +
                                ": not a text file (its first bytes say UTF-16, but the rest "
                                "is not)");
    }

    // What is not text is reported with the file's line and byte, in whichever piece it is.
    void notTextInALaterPiece_data() {
        QTest::addColumn<QByteArray>("bad");
        QTest::addColumn<QString>("what");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << "a NUL byte";
        QTest::newRow("lone continuation byte")
            << QByteArray("a\x80z") << "bytes that are not UTF-8";
        QTest::newRow("cut-off sequence before a line break")
            << QByteArray("a\xE2\x82") << "bytes that are not UTF-8";
    }

    void notTextInALaterPiece() {
        QFETCH(QByteArray, bad);
        QFETCH(QString, what);
        QByteArray text = "\xEF\xBB\xBF" + mixedLines(kPiece + 1000);
        text += bad + "\nmore\n";
        const qsizetype at = text.size() - 6 - bad.size() + 1;  // after the 'a'
        const std::int64_t line = text.count('\n') - 1;
        const ReadLines read = readAll(write("late.log", text));
        QCOMPARE(
            read.error,
            dir_.filePath("late.log") +
                QStringLiteral(":%1: not a text file (%2 at byte %3)").arg(line).arg(what).arg(at));
        // Nothing from the bad line on is handed out.
        QVERIFY(static_cast<std::int64_t>(read.lines.size()) < line);
    }

    // Binary data without line breaks is reported as such, not read on as one endless line.
    void binaryWithoutLineBreaks() {
        QByteArray bytes(3 * kPiece, '\x01');
        bytes[100] = '\xFF';
        const ReadLines read = readAll(write("binary.bin", bytes));
        QCOMPARE(read.error, dir_.filePath("binary.bin") +
                                 ":1: not a text file (bytes that are not UTF-8 at byte 100)");
        QVERIFY(read.lines.empty());
    }

    void progressAndCancel() {
        const QString path = write("long.log", mixedLines(3 * kPiece));
        std::vector<double> seen;
        LogReadOptions options;
        options.progress = [&seen](double fraction) {
            seen.push_back(fraction);
            return true;
        };
        LogLineReader reader(path, options, 0.9);
        QVERIFY(reader.open().ok());
        std::string_view line;
        while (reader.next(&line)) {
        }
        QVERIFY(reader.error().isEmpty());
        QVERIFY(seen.size() >= 4);
        QCOMPARE(seen.front(), 0.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 0.9);

        int calls = 0;
        options.progress = [&calls](double) { return ++calls < 3; };
        const ReadLines cancelled = readAll(path, options);
        QCOMPARE(cancelled.error, path + ": cancelled");
        QVERIFY(!cancelled.lines.empty());
        QVERIFY(cancelled.lines.size() < splitLines(mixedLines(3 * kPiece)).size());
    }

    // Readers on top: a log of several pieces gives every row, and its errors name the line.
    void jsonLinesOfSeveralPieces() {
        QByteArray text;
        int rows = 0;
        while (text.size() < 2 * kPiece + 77) {
            text += "{\"step\": " + QByteArray::number(rows) +
                    ", \"loss\": " + QByteArray::number(10.0 / (rows + 1), 'g', 17) +
                    ", \"note\": \"" + QByteArray(rows % 50, 'n') + "\"}\n";
            ++rows;
        }
        const QString path = write("big.jsonl", text);
        auto log = JsonLinesReader().read(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* loss = log->runs.front().metric("loss");
        QVERIFY(loss);
        QCOMPARE(loss->steps.size(), std::size_t(rows));
        QCOMPARE(loss->steps.back(), std::int64_t(rows - 1));
        QCOMPARE(loss->values.back(), 10.0 / rows);

        text += "{\"step\": " + QByteArray::number(rows) + ", \"loss\": 1.5,}\n";
        log = JsonLinesReader().read(write("big_bad.jsonl", text), {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().startsWith(dir_.filePath("big_bad.jsonl") +
                                        QStringLiteral(":%1: not a JSON object").arg(rows + 1)),
                 qPrintable(log.error()));
    }

    void megatronOfSeveralPieces() {
        QByteArray text = "training ...\n";
        int iterations = 0;
        while (text.size() < 2 * kPiece + 1234) {
            ++iterations;
            text += " [2024-05-01 12:00:10.123456] iteration " + QByteArray::number(iterations) +
                    "/ 1000000 | consumed samples: 5120 | learning rate: 3.000000E-04 | lm loss: " +
                    QByteArray::number(2.0 + 1.0 / iterations, 'E', 6) + " | loss scale: 1.0 |\n";
        }
        text += " iteration " + QByteArray::number(iterations + 1) + "/ 1000000 | lm lo";
        auto log = MegatronLogReader().read(write("big.log", text), {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* loss = log->runs.front().metric("lm loss");
        QVERIFY(loss);
        QCOMPARE(loss->steps.size(), std::size_t(iterations));
        QCOMPARE(loss->steps.back(), std::int64_t(iterations));
        // The last line, still being written, is left out and said.
        QVERIFY(log->notes.join('\n').contains(
            QStringLiteral(":%1: the last line has no line break").arg(iterations + 2)));
    }

    // ---- trainer_state.json ----

    void trainerStateOfSeveralPieces() {
        const QByteArray text = trainerState(2 * kPiece + 99);
        const int records = static_cast<int>(text.count("\"loss\""));
        const QString path = write("trainer_state.json", text);
        auto log = HuggingFaceTrainerStateReader().read(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.metric("loss")->steps.size(), std::size_t(records));
        QCOMPARE(run.metric("loss")->steps.back(), std::int64_t(records));
        QCOMPARE(run.metric("loss")->values.back(), 2.0 + 1.0 / records);
        // The summary record is passed over; the note with brackets is a string, not a metric.
        QVERIFY(!run.metric("train_runtime"));
        QVERIFY(run.leftOutMetric("note"));

        // The records, one by one, with the lines they start on.
        JsonArrayStream stream(path, "log_history", {}, 1.0);
        QVERIFY(stream.open().ok());
        JsonTape record;
        std::int64_t line = 0;
        std::int64_t previousLine = 0;
        int count = 0;
        while (stream.next(&record, &line)) {
            QCOMPARE(record.kind(0), JsonTape::Kind::Object);
            QVERIFY(line > previousLine);
            previousLine = line;
            ++count;
        }
        QVERIFY(stream.error().isEmpty());
        QCOMPARE(count, records + 1);
        QCOMPARE(line,
                 std::int64_t(text.left(text.lastIndexOf("{\"step\": 99999999")).count('\n') + 1));
        JsonTape rest;
        QVERIFY(stream.finish(&rest).ok());
        QCOMPARE(rest.kind(rest.member(0, "log_history")), JsonTape::Kind::Array);
        QCOMPARE(rest.childCount(rest.member(0, "log_history")), std::size_t(0));
        QCOMPARE(rest.stringValue(rest.member(0, "note")), std::string("log_history"));
    }

    void trainerStateErrors_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qsizetype>("at");  // the byte the error names (-1: the file's size)
        QTest::addColumn<QString>("message");
        const QByteArray big = trainerState(kPiece + 500);
        const qsizetype end = big.lastIndexOf(']');
        QTest::newRow("bad literal in a later record")
            << (big.left(end - 2) + ", {\"loss\": tru}\n" + big.mid(end)) << end - 2 + 11
            << "not valid JSON (unexpected text (not a JSON value), at byte %2)";
        QTest::newRow("missing comma between records")
            << (big.left(end - 2) + " {\"loss\": 1}\n" + big.mid(end)) << end - 2 + 1
            << "not valid JSON (more text after the JSON value, at byte %2)";
        QTest::newRow("bad value after the list")
            << (big.left(end + 1) + ",\n\"x\": tru}\n") << end + 1 + 7
            << "not valid JSON (unexpected text (not a JSON value), at byte %2)";
        QTest::newRow("cut after a comma")
            << big.left(big.lastIndexOf("},") + 2) << qsizetype(-1)
            << "not valid JSON (the text ends inside a list (cut short?), at byte %2)";
        QTest::newRow("cut inside a record")
            << big.left(big.lastIndexOf("\"loss\": ") + 9) << qsizetype(-1)
            << "not valid JSON (the text ends inside an object (cut short?), at byte %2)";
        QTest::newRow("trailing comma")
            << (big.left(end - 2) + ",\n" + big.mid(end)) << end - 2 + 2
            << "not valid JSON (no JSON value (the text is empty), at byte %2)";
    }

    void trainerStateErrors() {
        QFETCH(QByteArray, text);
        QFETCH(qsizetype, at);
        QFETCH(QString, message);
        if (at < 0) at = text.size();
        const QString path = write("broken_state.json", text);
        const auto log = HuggingFaceTrainerStateReader().read(path, {});
        QVERIFY(!log.ok());
        const std::int64_t line = text.left(at).count('\n') + 1;
        QCOMPARE(log.error(), path + QStringLiteral(":%1: ").arg(line) + message.arg(at));
    }

    // A W&B history of rows streams the same way; one of columns is read whole.
    void wandbHistoryRowsOfSeveralPieces() {
        QByteArray text = "{\"config\": {\"history\": [0]},\n \"history\": [\n";
        int rows = 0;
        while (text.size() < kPiece + 4321) {
            ++rows;
            text += "  {\"_step\": " + QByteArray::number(rows) +
                    ", \"train/loss\": " + QByteArray::number(3.0 + 1.0 / rows, 'g', 17) + "},\n";
        }
        text.chop(2);
        text += "\n]}\n";
        const auto log = WandbHistoryJsonReader().read(write("history.json", text), {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* loss = log->runs.front().metric("train/loss");
        QVERIFY(loss);
        QCOMPARE(loss->steps.size(), std::size_t(rows));
        QCOMPARE(loss->values.back(), 3.0 + 1.0 / rows);
    }

    void trainerStateEmptyListAndCancel() {
        auto log = HuggingFaceTrainerStateReader().read(
            write("empty_list.json", "{\"log_history\": [ \n ], \"global_step\": 0}"), {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().endsWith(": \"log_history\" holds no training or evaluation records"),
                 qPrintable(log.error()));

        const QString path = write("long_state.json", trainerState(3 * kPiece));
        int calls = 0;
        LogReadOptions options;
        options.progress = [&calls](double) { return ++calls < 3; };
        log = HuggingFaceTrainerStateReader().read(path, options);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), path + ": cancelled");
    }
};

QTEST_GUILESS_MAIN(TstLogStreaming)
#include "tst_log_streaming.moc"
