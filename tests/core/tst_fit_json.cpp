// The fit file: FitResult <-> JSON, and the checks made when one is read.
#include "JsonFile.h"
#include "fit/FitJson.h"
#include "law/LossLaw.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace annealer;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A momentum fit with numbers that do not print short (so a lossy write would show).
FitResult momentumFit() {
    FitResult fit;
    fit.lawId = QStringLiteral("momentum");
    fit.lawConvention = QStringLiteral("warmup steps at the peak LR");
    fit.parameterNames = {"L0", "A", "alpha", "C"};
    fit.parameters = {3.2467620000000001, 1.0 / 3.0, 0.1 + 0.2, 12345.678901234567};
    fit.standardErrors = {0.0036748, 2.0 / 7.0, 1e-300, 0.0};
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 4; ++col)
            fit.covariance.push_back(row == col ? 1.0 / (row + 3)
                                                : -std::sqrt(2.0) * 1e-6 * (row + col + 1));
    fit.huberDelta = 0.0025;
    fit.fromStep = 5000;
    fit.toStep = 9007199254740000;  // large, but still exact as a double
    fit.cost = 3.8209806090579e-4;
    fit.converged = true;
    fit.solverMessage = QStringLiteral("Function tolerance reached.");
    fit.starts = 4;
    fit.iterations = 23;
    fit.seconds = 0.0125;
    FittedRun first;
    first.name = QStringLiteral("cosine_24000");
    first.source = QStringLiteral("/data/cosine_24000.csv");
    first.metrics = {171, 0.99678123456789, 0.0035912345, 0.00097, 0.021543, 0.00201, 4.9e-4};
    FittedRun second;
    second.name = QStringLiteral("wsdcon_9");
    second.source = QStringLiteral("/data/wsdcon_9.csv");
    second.metrics = {95, 0.5, 0.25, 0.125, 0.0625, -0.00316, -8.7e-4};
    fit.runs = {first, second};
    return fit;
}

void compareFits(const FitResult& got, const FitResult& want) {
    QCOMPARE(got.lawId, want.lawId);
    QCOMPARE(got.lawConvention, want.lawConvention);
    QCOMPARE(got.parameterNames, want.parameterNames);
    QCOMPARE(got.parameters, want.parameters);
    QCOMPARE(got.standardErrors, want.standardErrors);
    QCOMPARE(got.covariance, want.covariance);
    QCOMPARE(got.huberDelta, want.huberDelta);
    QCOMPARE(got.fromStep, want.fromStep);
    QCOMPARE(got.toStep, want.toStep);
    QCOMPARE(got.cost, want.cost);
    QCOMPARE(got.converged, want.converged);
    QCOMPARE(got.solverMessage, want.solverMessage);
    QCOMPARE(got.starts, want.starts);
    QCOMPARE(got.iterations, want.iterations);
    QCOMPARE(got.seconds, want.seconds);
    QCOMPARE(got.runs.size(), want.runs.size());
    for (std::size_t i = 0; i < want.runs.size(); ++i) {
        const FittedRun& g = got.runs[i];
        const FittedRun& w = want.runs[i];
        QCOMPARE(g.name, w.name);
        QCOMPARE(g.source, w.source);
        QCOMPARE(g.metrics.points, w.metrics.points);
        QCOMPARE(g.metrics.r2, w.metrics.r2);
        QCOMPARE(g.metrics.mae, w.metrics.mae);
        QCOMPARE(g.metrics.predE, w.metrics.predE);
        QCOMPARE(g.metrics.worstE, w.metrics.worstE);
        QCOMPARE(g.metrics.finalError, w.metrics.finalError);
        QCOMPARE(g.metrics.finalRelError, w.metrics.finalRelError);
    }
}

// The parameter entry `name` of a fit's JSON, changed by `edit`.
template <typename Edit>
QJsonObject withParameter(QJsonObject json, const QString& name, Edit edit) {
    QJsonArray parameters = json.value("parameters").toArray();
    for (qsizetype i = 0; i < parameters.size(); ++i) {
        QJsonObject parameter = parameters[i].toObject();
        if (parameter.value("name").toString() != name) continue;
        edit(parameter);
        parameters[i] = parameter;
    }
    json["parameters"] = parameters;
    return json;
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

}  // namespace

class TestFitJson : public QObject {
    Q_OBJECT

private slots:
    void header() {
        const QJsonObject json = fitToJson(momentumFit());
        QCOMPARE(json.value("format").toString(), QStringLiteral("annealer.fit"));
        QCOMPARE(json.value("version").toInt(), 1);
        QCOMPARE(json.value("law").toString(), QStringLiteral("momentum"));
        const QJsonArray parameters = json.value("parameters").toArray();
        QCOMPARE(parameters.size(), qsizetype(4));
        QCOMPARE(parameters[2].toObject().value("name").toString(), QStringLiteral("alpha"));
        QCOMPARE(parameters[2].toObject().value("value").toDouble(), 0.1 + 0.2);
        QCOMPARE(parameters[1].toObject().value("stderr").toDouble(), 2.0 / 7.0);
        QCOMPARE(json.value("covariance").toArray().size(), qsizetype(4));
        QCOMPARE(json.value("covariance").toArray()[3].toArray().size(), qsizetype(4));
        QCOMPARE(json.value("runs").toArray().size(), qsizetype(2));
    }

    void roundTripInMemory() {
        const FitResult fit = momentumFit();
        const Result<FitResult> back = fitFromJson(fitToJson(fit), QStringLiteral("memory"));
        QVERIFY2(back.ok(), qPrintable(back.error()));
        compareFits(*back, fit);
    }

    void roundTripThroughFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("FIT.json");
        const FitResult fit = momentumFit();
        const Status saved = saveFitFile(fit, path);
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
        const Result<FitResult> back = loadFitFile(path);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        compareFits(*back, fit);
    }

    void roundTripWithoutWindowOrHuber() {
        FitResult fit = momentumFit();
        fit.fromStep.reset();
        fit.toStep.reset();
        fit.huberDelta = 0.0;  // plain least squares, not the default 1e-3
        fit.converged = false;
        const Result<FitResult> back = fitFromJson(fitToJson(fit), QStringLiteral("memory"));
        QVERIFY2(back.ok(), qPrintable(back.error()));
        compareFits(*back, fit);
    }

    void multipowerRoundTrip() {
        auto law = makeLaw(QStringLiteral("multipower"));
        QVERIFY(law.ok());
        FitResult fit;
        fit.lawId = QStringLiteral("multipower");
        for (const LawParameter& spec : (*law)->parameters()) {
            fit.parameterNames.push_back(spec.name);
            // Inside the bounds, and not a short number.
            fit.parameters.push_back(spec.lower + (spec.upper - spec.lower) / 7.0);
            fit.standardErrors.push_back(spec.typical / 3.0);
        }
        const std::size_t p = fit.parameters.size();
        QCOMPARE(p, std::size_t(7));
        for (std::size_t i = 0; i < p * p; ++i) fit.covariance.push_back(1.0 / double(i + 1));
        const Result<FitResult> back = fitFromJson(fitToJson(fit), QStringLiteral("memory"));
        QVERIFY2(back.ok(), qPrintable(back.error()));
        compareFits(*back, fit);
    }

    void parameterOrderInFileDoesNotMatter() {
        const FitResult fit = momentumFit();
        QJsonObject json = fitToJson(fit);
        QJsonArray reversed;
        for (const QJsonValue& entry : json.value("parameters").toArray()) reversed.prepend(entry);
        json["parameters"] = reversed;
        const Result<FitResult> back = fitFromJson(json, QStringLiteral("memory"));
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->parameterNames, fit.parameterNames);
        QCOMPARE(back->parameters, fit.parameters);
        QCOMPARE(back->standardErrors, fit.standardErrors);
    }

    void nanMetricsAreNull() {
        FitResult fit = momentumFit();
        fit.runs[0].metrics.r2 = kNaN;
        fit.runs[0].metrics.finalRelError = std::numeric_limits<double>::infinity();
        fit.cost = kNaN;
        fit.covariance[5] = kNaN;
        const QJsonObject json = fitToJson(fit);
        const QJsonObject run = json.value("runs").toArray()[0].toObject();
        QVERIFY(run.value("r2").isNull());
        QVERIFY(run.value("final_rel_error").isNull());
        QVERIFY(run.value("mae").isDouble());
        QVERIFY(json.value("cost").isNull());
        QVERIFY(json.value("covariance").toArray()[1].toArray()[1].isNull());

        // Written to a file, it is still valid JSON (no "nan" or "inf" tokens).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("nan.json");
        QVERIFY(saveFitFile(fit, path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains("nan") && !bytes.contains("inf"));
        QJsonParseError error;
        QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);

        const Result<FitResult> back = loadFitFile(path);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->runs.size(), std::size_t(2));
        QCOMPARE(back->runs[0].metrics.mae, fit.runs[0].metrics.mae);
        QCOMPARE(back->parameters, fit.parameters);
        const double r2 = back->runs[0].metrics.r2;
        QVERIFY(std::isnan(r2) || r2 == 0.0);  // "unknown", either way not a made-up number
    }

    void rejects_data() {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QStringList>("mentions");
        const QJsonObject good = fitToJson(momentumFit());

        QJsonObject json = good;
        json["format"] = QStringLiteral("annealer.schedule");
        QTest::newRow("format") << json << QStringList{"format", "annealer.fit"};
        json = good;
        json.remove("format");
        QTest::newRow("no format") << json << QStringList{"format", "annealer.fit"};
        json = good;
        json["version"] = 2;
        QTest::newRow("version 2") << json << QStringList{"version", "newer"};
        json = good;
        json["version"] = 0;
        QTest::newRow("version 0") << json << QStringList{"version"};
        json = good;
        json["law"] = QStringLiteral("chinchilla");
        QTest::newRow("unknown law") << json << QStringList{"chinchilla", "momentum"};
        json = good;
        QJsonArray parameters = json.value("parameters").toArray();
        parameters.removeAt(2);
        json["parameters"] = parameters;
        QTest::newRow("missing parameter") << json << QStringList{"alpha", "missing"};
        QTest::newRow("null parameter")
            << withParameter(good, "C", [](QJsonObject& p) { p["value"] = QJsonValue(); })
            << QStringList{"C", "finite"};
        QTest::newRow("text parameter")
            << withParameter(good, "A", [](QJsonObject& p) { p["value"] = QStringLiteral("nan"); })
            << QStringList{"A", "finite"};
        QTest::newRow("negative L0")
            << withParameter(good, "L0", [](QJsonObject& p) { p["value"] = -1.5; })
            << QStringList{"L0", "-1.5"};
        QTest::newRow("alpha above bound")
            << withParameter(good, "alpha", [](QJsonObject& p) { p["value"] = 11.0; })
            << QStringList{"alpha", "11"};
    }

    void rejects() {
        QFETCH(QJsonObject, json);
        QFETCH(QStringList, mentions);
        const Result<FitResult> fit = fitFromJson(json, QStringLiteral("origin.json"));
        QVERIFY(!fit.ok());
        QVERIFY2(fit.error().startsWith(QStringLiteral("origin.json")), qPrintable(fit.error()));
        for (const QString& word : mentions)
            QVERIFY2(fit.error().contains(word), qPrintable(fit.error() + " lacks " + word));
    }

    void outOfBoundsMessageIsTheLaws() {
        // The reason given is the law's own check of the parameters.
        auto law = makeLaw(QStringLiteral("momentum"));
        QVERIFY(law.ok());
        FitResult fit = momentumFit();
        fit.parameters[0] = -0.25;
        const Status check = (*law)->checkParameters(fit.parameters);
        QVERIFY(!check.ok());
        const Result<FitResult> read = fitFromJson(fitToJson(fit), QStringLiteral("f.json"));
        QVERIFY(!read.ok());
        QVERIFY2(read.error().contains(check.error()), qPrintable(read.error()));
        // A value exactly at a bound is allowed (a fit may hold a parameter there).
        fit.parameters[0] = 0.0;
        QVERIFY((*law)->checkParameters(fit.parameters).ok());
        const Result<FitResult> atBound = fitFromJson(fitToJson(fit), QStringLiteral("f.json"));
        QVERIFY2(atBound.ok(), qPrintable(atBound.error()));
    }

    void loadMissingFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("no_such_fit.json");
        const Result<FitResult> fit = loadFitFile(path);
        QVERIFY(!fit.ok());
        QVERIFY2(fit.error().contains(path), qPrintable(fit.error()));
    }

    void loadNotJson() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("broken.json");
        QVERIFY(writeAll(path, "{\"format\": \"annealer.fit\", \"version\": 1,, }"));
        const Result<FitResult> fit = loadFitFile(path);
        QVERIFY(!fit.ok());
        QVERIFY2(fit.error().contains(path), qPrintable(fit.error()));
        QVERIFY2(fit.error().contains("byte"), qPrintable(fit.error()));

        QVERIFY(writeAll(path, "[1, 2, 3]"));
        const Result<FitResult> array = loadFitFile(path);
        QVERIFY(!array.ok());
        QVERIFY2(array.error().contains(path), qPrintable(array.error()));
    }

    void saveIsAtomic() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("FIT.json");
        QVERIFY(writeAll(path, "old contents, not JSON"));
        FitResult fit = momentumFit();
        QVERIFY(saveFitFile(fit, path).ok());
        // Only the file itself is left: no temporary file beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{"FIT.json"});
        auto read = readJsonObjectFile(path);
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read->value("format").toString(), QStringLiteral("annealer.fit"));
        const Result<FitResult> back = loadFitFile(path);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        compareFits(*back, fit);

        // A file that cannot be written is an error naming it, and nothing is created.
        const QString nowhere = dir.filePath("no_such_dir/FIT.json");
        const Status failed = saveFitFile(fit, nowhere);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().contains(nowhere), qPrintable(failed.error()));
        QVERIFY(!QFile::exists(nowhere));
    }
};

QTEST_GUILESS_MAIN(TestFitJson)
#include "tst_fit_json.moc"
