// `annealer fit` and `annealer predict`, run as the user runs them: the built binary.
#include "AnnealerProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace {


bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

// The demo's own curves (resources/demo/curves, see its NOTICE).
QString dataFile(const QString& name) {
    return QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/") + name;
}

// One data row of a step,lr,loss CSV; the loss is empty if the cell is.
struct Row {
    std::int64_t step = 0;
    double lr = 0.0;
    std::optional<double> loss;
};

// Reads a test CSV with the header step,lr,loss on its own (not with the program's reader).
std::vector<Row> readCsv(const QString& path) {
    std::vector<Row> rows;
    const QList<QByteArray> lines = readAll(path).trimmed().split('\n');
    if (lines.isEmpty() || lines.front().trimmed() != "step,lr,loss") return rows;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].trimmed().split(',');
        if (fields.size() != 3) return {};
        Row row;
        bool ok = false;
        row.step = fields[0].toLongLong(&ok);
        if (!ok) return {};
        row.lr = fields[1].toDouble(&ok);
        if (!ok) return {};
        if (!fields[2].isEmpty()) {
            row.loss = fields[2].toDouble(&ok);
            if (!ok) return {};
        }
        rows.push_back(row);
    }
    return rows;
}

int countLossRows(const QString& path, std::int64_t from, std::int64_t to) {
    int count = 0;
    for (const Row& row : readCsv(path))
        if (row.loss && row.step >= from && row.step <= to) ++count;
    return count;
}

// The lines of a CSV, each split into its fields.
std::vector<QList<QByteArray>> csvLines(const QByteArray& text) {
    std::vector<QList<QByteArray>> lines;
    for (const QByteArray& line : text.trimmed().split('\n')) lines.push_back(line.split(','));
    return lines;
}

// A copy of the fit file `from`, changed by `edit`, written to `to`.
bool writeEditedFit(const QString& from, const QString& to,
                    const std::function<void(QJsonObject&)>& edit) {
    QJsonObject json = QJsonDocument::fromJson(readAll(from)).object();
    if (json.isEmpty()) return false;
    edit(json);
    return writeAll(to, QJsonDocument(json).toJson());
}

bool isOneLine(const QByteArray& text) { return text.endsWith('\n') && text.count('\n') == 1; }

const QStringList kMomentumNames = {"L0", "A", "alpha", "C"};
const QStringList kMultipowerNames = {"L0", "A", "alpha", "B", "C", "beta", "gamma"};
const QStringList kFitLogs = {"constant.csv", "cosine10.csv", "wsd10.csv"};
constexpr std::int64_t kWindowStart = 240;

QStringList fitLogPaths() {
    QStringList paths;
    for (const QString& name : kFitLogs) paths << dataFile(name);
    return paths;
}

// Checks what every fit run prints and the FIT.json it writes: the law, the parameters with
// their standard errors and covariance, and the number of points of each run.
void checkFit(const Outcome& outcome, const QString& fitPath, const QString& law,
              const QStringList& names, const std::vector<int>& points) {
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.out.contains("converged") && !outcome.out.contains("DID NOT CONVERGE"),
             outcome.out.constData());
    const QString printed = QString::fromUtf8(outcome.out);
    for (const QString& name : names) {
        const QRegularExpression line(QStringLiteral("^\\s+%1\\s+=").arg(name),
                                      QRegularExpression::MultilineOption);
        QVERIFY2(line.match(printed).hasMatch(), qPrintable(name));
    }

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(readAll(fitPath), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject json = document.object();
    QCOMPARE(json.value("format").toString(), QStringLiteral("annealer.fit"));
    QCOMPARE(json.value("version").toInt(), 1);
    QCOMPARE(json.value("law").toString(), law);

    const QJsonArray parameters = json.value("parameters").toArray();
    const auto p = static_cast<qsizetype>(names.size());
    QCOMPARE(parameters.size(), p);
    QSet<QString> seen;
    std::vector<double> stderrs;
    for (const QJsonValue& entry : parameters) {
        const QJsonObject parameter = entry.toObject();
        seen.insert(parameter.value("name").toString());
        QVERIFY(parameter.value("value").isDouble());
        QVERIFY(std::isfinite(parameter.value("value").toDouble()));
        QVERIFY(parameter.value("stderr").isDouble());
        const double se = parameter.value("stderr").toDouble();
        QVERIFY(std::isfinite(se) && se >= 0.0);
        stderrs.push_back(se);
    }
    QCOMPARE(seen, QSet<QString>(names.begin(), names.end()));

    const QJsonArray covariance = json.value("covariance").toArray();
    QCOMPARE(covariance.size(), p);
    const auto at = [&](qsizetype row, qsizetype col) {
        return covariance.at(row).toArray().at(col).toDouble(std::nan(""));
    };
    const auto close = [](double a, double b) {
        return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) ||
               std::abs(a - b) < 1e-300;
    };
    for (qsizetype row = 0; row < p; ++row) {
        QCOMPARE(covariance.at(row).toArray().size(), p);
        for (qsizetype col = 0; col < p; ++col) {
            QVERIFY(std::isfinite(at(row, col)));
            QVERIFY2(close(at(row, col), at(col, row)),
                     qPrintable(QStringLiteral("covariance not symmetric at %1,%2")
                                    .arg(row)
                                    .arg(col)));
        }
        const double se = stderrs[static_cast<std::size_t>(row)];
        QVERIFY(at(row, row) >= 0.0);
        QVERIFY2(close(at(row, row), se * se),
                 qPrintable(QStringLiteral("%1: variance %2, stderr^2 %3")
                                .arg(parameters.at(row).toObject().value("name").toString())
                                .arg(at(row, row))
                                .arg(se * se)));
    }

    const QJsonArray runs = json.value("runs").toArray();
    QCOMPARE(runs.size(), static_cast<qsizetype>(points.size()));
    for (qsizetype i = 0; i < runs.size(); ++i)
        QCOMPARE(runs.at(i).toObject().value("points").toInt(),
                 points[static_cast<std::size_t>(i)]);
}

}  // namespace

class TestCliFit : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(QFile::exists(QStringLiteral(ANNEALER_EXECUTABLE)));
        QVERIFY(dir_.isValid());
        for (const QString& name : kFitLogs) QVERIFY(QFile::exists(dataFile(name)));
        // One momentum fit, shared by the predict tests.
        fitPath_ = dir_.filePath("FIT.json");
        // From step 240: the law does not describe the first steps of the demo's tiny model.
        momentum_ = runAnnealer(QStringList{"fit", "--law", "momentum", "--from",
                                            QString::number(kWindowStart), "-o", "FIT.json"} +
                                    fitLogPaths(),
                                dir_.path());
    }

    void fitMomentum() {
        QVERIFY2(momentum_.err.isEmpty(), momentum_.err.constData());
        // The point counts come from the CSV files themselves.
        const std::vector<int> points = {
            countLossRows(dataFile(kFitLogs[0]), kWindowStart, INT64_MAX),
            countLossRows(dataFile(kFitLogs[1]), kWindowStart, INT64_MAX),
            countLossRows(dataFile(kFitLogs[2]), kWindowStart, INT64_MAX)};
        QCOMPARE(points, (std::vector<int>{109, 109, 109}));
        checkFit(momentum_, fitPath_, "momentum-literal", kMomentumNames, points);
    }

    void fitMultipower() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Outcome fit =
            runAnnealer(QStringList{"fit", "--law", "multipower", "-o", "FIT.json"} + fitLogPaths(),
                        dir.path());
        QVERIFY2(fit.err.isEmpty(), fit.err.constData());
        checkFit(fit, dir.filePath("FIT.json"), "multipower", kMultipowerNames, {115, 115, 115});
    }

    void fitWindow_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::newRow("from") << QStringList{"--from", "600"} << qint64(600) << qint64(INT64_MAX);
        QTest::newRow("to") << QStringList{"--to", "1800"} << qint64(0) << qint64(1800);
        QTest::newRow("both") << QStringList{"--from", "600", "--to", "1800"} << qint64(600)
                              << qint64(1800);
    }

    void fitWindow() {
        QFETCH(QStringList, options);
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::vector<int> points;
        for (const QString& name : kFitLogs) {
            points.push_back(countLossRows(dataFile(name), from, to));
            // The window must leave out some points, or the test proves nothing.
            QVERIFY(points.back() < countLossRows(dataFile(name), 0, INT64_MAX));
            QVERIFY(points.back() > 10);
        }
        const Outcome fit = runAnnealer(
            QStringList{"fit", "--law", "momentum", "-o", "FIT.json"} + options + fitLogPaths(),
            dir.path());
        QVERIFY2(fit.err.isEmpty(), fit.err.constData());
        checkFit(fit, dir.filePath("FIT.json"), "momentum-literal", kMomentumNames, points);
        if (QTest::currentTestFailed()) return;
        const QJsonObject json =
            QJsonDocument::fromJson(readAll(dir.filePath("FIT.json"))).object();
        const QJsonObject window = json.value("window").toObject();
        QCOMPARE(window.contains("from"), from > 0);
        QCOMPARE(window.contains("to"), to != INT64_MAX);
        if (from > 0) QCOMPARE(window.value("from").toDouble(), static_cast<double>(from));
        if (to != INT64_MAX) QCOMPARE(window.value("to").toDouble(), static_cast<double>(to));
    }

    void fromAfterToIsAnError() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Outcome fit = runAnnealer(QStringList{"fit", "--law", "momentum", "--from", "1800",
                                                    "--to", "600", "-o", "FIT.json"} +
                                            fitLogPaths(),
                                        dir.path());
        QVERIFY(fit.exitCode != 0);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("--from") && fit.err.contains("--to"), fit.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("FIT.json")));
    }

    void predictLog() {
        QVERIFY(QFile::exists(fitPath_));
        const QString input = dataFile("wsd30.csv");
        const Outcome predicted =
            runAnnealer({"predict", "--fit", fitPath_, "-o", "OUT.csv", input}, dir_.path());
        QCOMPARE(predicted.exitCode, 0);
        QVERIFY2(predicted.err.isEmpty(), predicted.err.constData());
        QVERIFY2(predicted.out.contains("PredE"), predicted.out.constData());

        std::vector<Row> expected;
        for (const Row& row : readCsv(input))
            if (row.loss) expected.push_back(row);
        QVERIFY(expected.size() > 100);

        const QByteArray csv = readAll(dir_.filePath("OUT.csv"));
        QVERIFY(csv.endsWith('\n'));
        const auto lines = csvLines(csv);
        QCOMPARE(lines.front().join(','), QByteArray("step,lr,predicted_loss,observed_loss"));
        QCOMPARE(lines.size(), expected.size() + 1);
        double meanError = 0.0, worstError = 0.0, windowError = 0.0;
        int windowPoints = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const QList<QByteArray>& fields = lines[i + 1];
            const QByteArray where = "row " + QByteArray::number(static_cast<qulonglong>(i + 1));
            QVERIFY2(fields.size() == 4, where.constData());
            bool ok[4] = {};
            QCOMPARE(static_cast<std::int64_t>(fields[0].toLongLong(&ok[0])), expected[i].step);
            QCOMPARE(fields[1].toDouble(&ok[1]), expected[i].lr);
            const double loss = fields[2].toDouble(&ok[2]);
            QCOMPARE(fields[3].toDouble(&ok[3]), *expected[i].loss);
            QVERIFY2(ok[0] && ok[1] && ok[2] && ok[3], where.constData());
            QVERIFY2(std::isfinite(loss), where.constData());
            const double relative = std::abs(loss - *expected[i].loss) / *expected[i].loss;
            meanError += relative / static_cast<double>(expected.size());
            worstError = std::max(worstError, relative);
            if (expected[i].step >= kWindowStart) {
                windowError += relative;
                ++windowPoints;
            }
        }
        // The printed PredE and WorstE are those of the rows written.
        const QRegularExpression printed(QStringLiteral("PredE ([0-9.]+), WorstE ([0-9.]+)"));
        const QRegularExpressionMatch match = printed.match(QString::fromUtf8(predicted.out));
        QVERIFY2(match.hasMatch(), predicted.out.constData());
        const double printedPredE = match.captured(1).toDouble();
        const double printedWorstE = match.captured(2).toDouble();
        QVERIFY2(std::abs(printedPredE - meanError) <= 5e-6,
                 qPrintable(QStringLiteral("PredE %1, rows %2").arg(printedPredE).arg(meanError)));
        QVERIFY2(std::abs(printedWorstE - worstError) <= 5e-6,
                 qPrintable(
                     QStringLiteral("WorstE %1, rows %2").arg(printedWorstE).arg(worstError)));
        // Inside the steps the law was fitted on, its curve lies within 2% of the held-out run.
        QVERIFY(windowPoints > 100);
        QVERIFY2(windowError / windowPoints < 0.02, qPrintable(QString::number(windowError / windowPoints)));
    }

    void predictSchedule() {
        QVERIFY(QFile::exists(fitPath_));
        const Outcome made = runAnnealer({"schedule", "wsd", "steps=24000", "peak=3e-4",
                                          "warmup=2160", "decay=0.2", "shape=1-sqrt", "floor=3e-5",
                                          "-o", "s.json"},
                                         dir_.path());
        if (made.exitCode != 0 || !QFile::exists(dir_.filePath("s.json"))) {
            qWarning("annealer schedule failed (%s); writing the schedule by hand",
                     made.err.constData());
            QVERIFY(writeAll(dir_.filePath("s.json"),
                             R"({"format":"annealer.schedule","version":1,"name":"s",)"
                             R"("family":"wsd","steps":24000,"peak":0.0003,"warmup":2160,)"
                             R"("warmup_shape":"linear","warmup_init":0,"decay":0.2,)"
                             R"("shape":"1-sqrt","floor":3e-05})"));
        }
        // The WSD schedule, computed here: linear warmup to the peak, constant, then 1-sqrt
        // decay to the floor over the last 20% (4800 steps, from step 19200).
        const auto lrAt = [](std::int64_t step) {
            const double p = 3e-4, f = 3e-5;
            if (step < 2160) return p * static_cast<double>(step) / 2160.0;
            if (step < 19200) return p;
            return f + (p - f) * (1.0 - std::sqrt(static_cast<double>(step - 19200) / 4800.0));
        };

        const Outcome predicted =
            runAnnealer({"predict", "--fit", fitPath_, "-o", "p.csv", "s.json"}, dir_.path());
        QCOMPARE(predicted.exitCode, 0);
        QVERIFY2(predicted.err.isEmpty(), predicted.err.constData());
        const auto lines = csvLines(readAll(dir_.filePath("p.csv")));
        QCOMPARE(lines.front().join(','), QByteArray("step,lr,predicted_loss"));
        const std::size_t rows = lines.size() - 1;
        QVERIFY2(rows >= 1900 && rows <= 2100, qPrintable(QString::number(rows)));
        std::vector<std::int64_t> steps;
        std::vector<double> losses;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            QCOMPARE(lines[i].size(), qsizetype(3));
            bool ok[3] = {};
            steps.push_back(lines[i][0].toLongLong(&ok[0]));
            const double lr = lines[i][1].toDouble(&ok[1]);
            losses.push_back(lines[i][2].toDouble(&ok[2]));
            QVERIFY(ok[0] && ok[1] && ok[2]);
            QVERIFY(std::isfinite(losses.back()) && losses.back() > 0.0);
            QVERIFY2(std::abs(lr - lrAt(steps.back())) <= 1e-12 * lrAt(steps.back()),
                     lines[i].join(',').constData());
        }
        QCOMPARE(steps.back(), std::int64_t(23999));
        const std::int64_t spacing = steps[1] - steps[0];
        QVERIFY(spacing > 0);
        for (std::size_t i = 1; i + 1 < steps.size(); ++i)
            QCOMPARE(steps[i] - steps[i - 1], spacing);
        QVERIFY(steps.back() > steps[steps.size() - 2]);
        QVERIFY(steps.back() - steps[steps.size() - 2] <= spacing);
        // The LR decays after step 19200, so the predicted loss falls there.
        int decayRows = 0;
        for (std::size_t i = 1; i < steps.size(); ++i) {
            if (steps[i - 1] < 19200) continue;
            ++decayRows;
            QVERIFY2(losses[i] < losses[i - 1],
                     qPrintable(QStringLiteral("step %1: %2 after %3")
                                    .arg(steps[i])
                                    .arg(losses[i], 0, 'g', 17)
                                    .arg(losses[i - 1], 0, 'g', 17)));
        }
        QVERIFY(decayRows > 100);

        const Outcome every = runAnnealer(
            {"predict", "--fit", fitPath_, "--every", "1000", "-o", "p1000.csv", "s.json"},
            dir_.path());
        QCOMPARE(every.exitCode, 0);
        const auto coarse = csvLines(readAll(dir_.filePath("p1000.csv")));
        QCOMPARE(coarse.front().join(','), QByteArray("step,lr,predicted_loss"));
        std::vector<std::int64_t> expected;
        for (std::int64_t step = 1000; step <= 23000; step += 1000) expected.push_back(step);
        expected.push_back(23999);
        std::vector<std::int64_t> got;
        for (std::size_t i = 1; i < coarse.size(); ++i) got.push_back(coarse[i][0].toLongLong());
        QCOMPARE(got, expected);
    }

    void missingLog() {
        const Outcome fit =
            runAnnealer({"fit", "--law", "momentum", "no_such_log.csv"}, dir_.path());
        QVERIFY(fit.exitCode != 0);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("no_such_log.csv"), fit.err.constData());
    }

    void textInLossColumn() {
        // Line 4 of the file (the header is line 1) has text for the loss.
        QVERIFY(writeAll(dir_.filePath("text_loss.csv"),
                         "step,lr,loss\n100,3e-4,4.0\n200,3e-4,3.9\n300,3e-4,oops\n"
                         "500,3e-4,3.7\n"));
        const Outcome fit = runAnnealer({"fit", "--law", "momentum", "text_loss.csv"}, dir_.path());
        QVERIFY(fit.exitCode != 0);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("text_loss.csv:4"), fit.err.constData());
    }

    void decreasingSteps() {
        // Line 5 goes back in steps.
        QVERIFY(writeAll(dir_.filePath("back_steps.csv"),
                         "step,lr,loss\n100,3e-4,4.0\n200,3e-4,3.9\n300,3e-4,3.8\n"
                         "250,3e-4,3.7\n600,3e-4,3.6\n"));
        const Outcome fit =
            runAnnealer({"fit", "--law", "momentum", "back_steps.csv"}, dir_.path());
        QVERIFY(fit.exitCode != 0);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("back_steps.csv:5"), fit.err.constData());
    }

    void unknownLaw() {
        const Outcome fit =
            runAnnealer({"fit", "--law", "nonsense", dataFile(kFitLogs[0])}, dir_.path());
        QCOMPARE(fit.exitCode, 2);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("nonsense"), fit.err.constData());
        QVERIFY2(fit.err.contains("momentum") && fit.err.contains("multipower"),
                 fit.err.constData());
        // The choices as this option spells them, not the files' internal ids.
        QVERIFY2(fit.err.contains("--domain") && !fit.err.contains("cpt-pt") &&
                     !fit.err.contains("momentum-literal"),
                 fit.err.constData());
    }

    void noLog() {
        const Outcome fit = runAnnealer({"fit", "--law", "momentum"}, dir_.path());
        QCOMPARE(fit.exitCode, 2);
        QVERIFY2(isOneLine(fit.err), fit.err.constData());
        QVERIFY2(fit.err.contains("LOG"), fit.err.constData());
    }

    void predictWithoutFit() {
        const Outcome predicted = runAnnealer({"predict", dataFile("wsd10.csv")}, dir_.path());
        QCOMPARE(predicted.exitCode, 2);
        QVERIFY2(isOneLine(predicted.err), predicted.err.constData());
        QVERIFY2(predicted.err.contains("--fit"), predicted.err.constData());
    }

    void predictMalformedFit() {
        QVERIFY(writeAll(dir_.filePath("broken_fit.json"), "{\"format\": \"annealer.fit\",\n"));
        const Outcome predicted = runAnnealer(
            {"predict", "--fit", "broken_fit.json", dataFile("wsd10.csv")}, dir_.path());
        QVERIFY(predicted.exitCode != 0);
        QVERIFY2(isOneLine(predicted.err), predicted.err.constData());
        QVERIFY2(predicted.err.contains("broken_fit.json") && predicted.err.contains("JSON"),
                 predicted.err.constData());
        QVERIFY(predicted.out.isEmpty());
    }

    void predictNewerFit() {
        QVERIFY(writeEditedFit(fitPath_, dir_.filePath("newer_fit.json"),
                           [](QJsonObject& json) { json["version"] = 2; }));
        const Outcome predicted =
            runAnnealer({"predict", "--fit", "newer_fit.json", dataFile("wsd10.csv")}, dir_.path());
        QVERIFY(predicted.exitCode != 0);
        QVERIFY2(isOneLine(predicted.err), predicted.err.constData());
        QVERIFY2(predicted.err.contains("newer_fit.json") && predicted.err.contains("newer"),
                 predicted.err.constData());
    }

    void predictFitMissingParameter() {
        QVERIFY(writeEditedFit(fitPath_, dir_.filePath("partial_fit.json"), [](QJsonObject& json) {
            QJsonArray kept;
            for (const QJsonValue& entry : json["parameters"].toArray())
                if (entry.toObject().value("name").toString() != QLatin1String("alpha"))
                    kept.append(entry);
            json["parameters"] = kept;
        }));
        QVERIFY(!readAll(dir_.filePath("partial_fit.json")).contains("\"alpha\""));
        const Outcome predicted = runAnnealer(
            {"predict", "--fit", "partial_fit.json", dataFile("wsd10.csv")}, dir_.path());
        QVERIFY(predicted.exitCode != 0);
        QVERIFY2(isOneLine(predicted.err), predicted.err.constData());
        QVERIFY2(predicted.err.contains("partial_fit.json") && predicted.err.contains("alpha"),
                 predicted.err.constData());
    }

    void helpListsCommands() {
        const Outcome help = runAnnealer({"help"}, dir_.path());
        QCOMPARE(help.exitCode, 0);
        for (const char* command : {"fit", "predict", "sample", "schedule"}) {
            const QRegularExpression listed(
                QStringLiteral("annealer %1\\b").arg(QLatin1String(command)));
            QVERIFY2(listed.match(QString::fromUtf8(help.out)).hasMatch(), command);
        }
    }

    // An output that cannot be written is said before the fit runs, not after it (a fit can
    // take minutes): one line naming the file, and no fit report.
    void anUnwritableOutputIsRefusedBeforeTheFit() {
        const Outcome fit = runAnnealer({"fit", "--law", "multipower", "-o",
                                         "no_such_folder/fit.json", dataFile("constant.csv")},
                                        dir_.path());
        QCOMPARE(fit.exitCode, 1);
        QVERIFY2(isOneLine(fit.err) && fit.err.contains("no_such_folder/fit.json: cannot write"),
                 fit.err.constData());
        QVERIFY2(!fit.out.contains("fitted"), fit.out.constData());
    }

    // On a machine without a display (a training server): --help, -h and --version answer, and
    // a mistyped command is one line naming it, not the desktop app aborting for want of one.
    void theCommandLineAnswersWithoutADisplay() {
        QProcessEnvironment headless = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            headless.remove(QString::fromLatin1(name));
        for (const char* flag : {"--help", "-h"}) {
            const Outcome help = runAnnealer({flag}, dir_.path(), headless);
            QCOMPARE(help.exitCode, 0);
            QVERIFY2(help.out.contains("annealer fit ") && help.out.contains("--screenshot"),
                     help.out.constData());
        }
        const Outcome version = runAnnealer({"--version"}, dir_.path(), headless);
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith("annealer "), version.out.constData());
        const Outcome typo = runAnnealer({"fitt", "--law", "momentum"}, dir_.path(), headless);
        QCOMPARE(typo.exitCode, 2);
        QVERIFY2(isOneLine(typo.err) && typo.err.contains("'fitt' is not a command") &&
                     typo.err.contains("predict"),
                 typo.err.constData());
    }

private:
    QTemporaryDir dir_;
    QString fitPath_;
    Outcome momentum_;
};

QTEST_GUILESS_MAIN(TestCliFit)
#include "tst_cli_fit.moc"
