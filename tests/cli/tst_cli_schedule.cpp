// `annealer schedule` and `annealer sample`, run as the user runs them: the built binary.
#include "AnnealerProcess.h"

#include "schedule/ScheduleJson.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace annealer;

namespace {


const QStringList kWsdExample = {"schedule",    "wsd",       "steps=24000",  "peak=3e-4",
                                 "warmup=2160", "decay=0.2", "shape=1-sqrt", "floor=3e-5"};

}  // namespace

class TestCliSchedule : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(QFile::exists(QStringLiteral(ANNEALER_EXECUTABLE))); }

    void wsdExampleThenSample() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Outcome made = runAnnealer(kWsdExample + QStringList{"-o", "s.json"}, dir.path());
        QCOMPARE(made.exitCode, 0);
        QVERIFY(made.err.isEmpty());

        const QJsonObject json = QJsonDocument::fromJson(readAll(dir.filePath("s.json"))).object();
        QCOMPARE(json.value("format").toString(), QStringLiteral("annealer.schedule"));
        QCOMPARE(json.value("version").toInt(), 1);
        QCOMPARE(json.value("family").toString(), QStringLiteral("wsd"));
        QCOMPARE(json.value("steps").toInteger(), 24000);
        QCOMPARE(json.value("peak").toDouble(), 3e-4);
        QCOMPARE(json.value("warmup").toInteger(), 2160);
        QCOMPARE(json.value("decay").toDouble(), 0.2);
        QCOMPARE(json.value("shape").toString(), QStringLiteral("1-sqrt"));
        QCOMPARE(json.value("floor").toDouble(), 3e-5);

        const Outcome sampled = runAnnealer({"sample", "s.json", "-o", "lr.csv"}, dir.path());
        QCOMPARE(sampled.exitCode, 0);
        QVERIFY(sampled.err.isEmpty());
        const QByteArray csv = readAll(dir.filePath("lr.csv"));
        QVERIFY(csv.endsWith('\n'));
        const QList<QByteArray> lines = csv.trimmed().split('\n');
        QCOMPARE(lines.size(), 24001);  // header + one row per step
        QCOMPARE(lines[0], QByteArray("step,lr"));

        const auto lrAt = [&](int step) {
            const QList<QByteArray> fields = lines[step + 1].split(',');
            if (fields.size() != 2 || fields[0].toInt() != step) return std::nan("");
            return fields[1].toDouble();
        };
        const double p = 3e-4, f = 3e-5;
        QCOMPARE(lines[1], QByteArray("0,0"));
        QCOMPARE(lrAt(1080), 1.5e-4);  // halfway through the linear warmup
        QCOMPARE(lrAt(2160), p);
        QCOMPARE(lrAt(19200), p);  // the decay starts at 24000 - 0.2 * 24000
        const double mid = f + (p - f) * (1 - std::sqrt(0.5));
        QVERIFY(std::abs(lrAt(21600) - mid) < 1e-17);
        const double last = f + (p - f) * (1 - std::sqrt(4799.0 / 4800));
        QVERIFY(std::abs(lrAt(23999) - last) < 1e-17);

        // Every value is written in round-trip form: it reads back as the library's double.
        const Result<Schedule> schedule = loadScheduleFile(dir.filePath("s.json"));
        QVERIFY(schedule.ok());
        const std::vector<double> lr = schedule->sample().lr;
        for (int step = 0; step < 24000; ++step) QVERIFY(lrAt(step) == lr[step]);

        // Without -o the same CSV goes to standard output.
        const Outcome toStdout = runAnnealer({"sample", "s.json"}, dir.path());
        QCOMPARE(toStdout.exitCode, 0);
        QCOMPARE(toStdout.out, csv);
    }

    // The new families from the command line to a sampled CSV, checked at hand-computed steps.
    void newFamiliesThenSample_data() {
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QList<int>>("steps");
        QTest::addColumn<QList<double>>("expected");
        // REX: 1e-4 + 9e-4 (1 - z) / (1 - z/2), z = (s - 10) / 100
        QTest::newRow("rex") << QStringList{"rex", "steps=110", "peak=1e-3", "warmup=10",
                                            "floor=1e-4"}
                             << QList<int>{5, 10, 60, 109}
                             << QList<double>{5e-4, 1e-3, 1e-4 + 9e-4 * (0.5 / 0.75),
                                              1e-4 + 9e-4 * (0.01 / 0.505)};
        // min(0.01, 0.5 (100 s)^-0.5) = min(0.01, 0.05 / sqrt(s)); linear decay over the last
        // 100 steps from 0.05 / 30
        QTest::newRow("power")
            << QStringList{"power",       "steps=1000",   "peak=0.01",           "warmup=10",
                           "power_a=0.5", "power_b=-0.5", "tokens_per_step=100", "decay_steps=100"}
            << QList<int>{5, 25, 100, 400, 950}
            << QList<double>{0.005, 0.01, 0.005, 0.0025, 0.5 / 600.0};
        // OneCycleLR, three phases, linear: 4e-5 up to 1e-3 at 29, down to 4e-5 at 58, then
        // to 4e-9 at 99
        QTest::newRow("onecycle") << QStringList{"onecycle", "steps=100", "peak=1e-3",
                                                 "anneal_strategy=linear", "three_phase=true"}
                                  << QList<int>{0, 29, 36, 58, 99}
                                  << QList<double>{4e-5, 1e-3, 1e-3 + (4e-5 - 1e-3) * 7.0 / 29.0,
                                                   4e-5, 4e-9};
    }

    void newFamiliesThenSample() {
        QFETCH(QStringList, keys);
        QFETCH(QList<int>, steps);
        QFETCH(QList<double>, expected);
        QTemporaryDir dir;
        const Outcome made =
            runAnnealer(QStringList{"schedule"} + keys + QStringList{"-o", "s.json"}, dir.path());
        QCOMPARE(made.exitCode, 0);
        QVERIFY2(made.err.isEmpty(), made.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(readAll(dir.filePath("s.json"))).object();
        QCOMPARE(json.value("version").toInt(), 2);
        QCOMPARE(json.value("family").toString(), keys.front());
        const Outcome sampled = runAnnealer({"sample", "s.json", "-o", "lr.csv"}, dir.path());
        QCOMPARE(sampled.exitCode, 0);
        const QList<QByteArray> lines = readAll(dir.filePath("lr.csv")).trimmed().split('\n');
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QList<QByteArray> fields = lines[steps[i] + 1].split(',');
            QCOMPARE(fields[0].toInt(), steps[i]);
            const double lr = fields[1].toDouble();
            QVERIFY2(std::abs(lr - expected[i]) <= 1e-15 * 1e-2,
                     qPrintable(QStringLiteral("step %1: %2, expected %3")
                                    .arg(steps[i])
                                    .arg(lr, 0, 'g', 17)
                                    .arg(expected[i], 0, 'g', 17)));
        }
    }

    void scheduleToStandardOutput() {
        const Outcome made = runAnnealer(
            {"schedule", "cosine", "steps=1000", "floor_ratio=0.1", "--name", "cosine to 10%"});
        QCOMPARE(made.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(made.out).object();
        QCOMPARE(json.value("family").toString(), QStringLiteral("cosine"));
        QCOMPARE(json.value("name").toString(), QStringLiteral("cosine to 10%"));
        QCOMPARE(json.value("floor_ratio").toDouble(), 0.1);
        QVERIFY(!json.contains("floor"));
    }

    // A key left out takes a default; the help says which, and it is the one written.
    void helpSaysTheDefaultsOfLeftOutKeys() {
        const QString help = QString::fromUtf8(runAnnealer({"schedule", "--help"}).out);
        const QRegularExpressionMatch steps =
            QRegularExpression(QStringLiteral(R"(\n  steps +[^\n]*default (\d+)\))")).match(help);
        const QRegularExpressionMatch peak =
            QRegularExpression(QStringLiteral(R"(\n  peak +[^\n]*\(default ([0-9.e+-]+)\))"))
                .match(help);
        QVERIFY2(steps.hasMatch() && peak.hasMatch(), qPrintable(help.left(1200)));
        const Outcome made = runAnnealer({"schedule", "cosine"});
        QCOMPARE(made.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(made.out).object();
        QCOMPARE(json.value("steps").toInteger(), steps.captured(1).toLongLong());
        QCOMPARE(json.value("peak").toDouble(), peak.captured(1).toDouble());
    }

    void helpListsEveryFamily() {
        for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
            const Outcome help = runAnnealer({"schedule", flag});
            QCOMPARE(help.exitCode, 0);
            const QString text = QString::fromUtf8(help.out);
            for (const char* family : {"constant", "linear", "cosine", "wsd", "step", "multistep",
                                       "exponential", "inverse_sqrt", "polynomial", "cyclic",
                                       "freeform", "chain", "rex", "power", "onecycle"})
                QVERIFY2(text.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(family))),
                         family);
            for (const char* key : {"steps",        "peak",
                                    "warmup_shape", "floor_ratio",
                                    "decay_steps",  "milestones",
                                    "step_size",    "timescale",
                                    "cycle_decay",  "rewarm",
                                    "points",       "interpolation",
                                    "phases",       "power_a",
                                    "power_b",      "tokens_per_step",
                                    "pct_start",    "anneal_strategy",
                                    "div_factor",   "final_div_factor",
                                    "three_phase"})
                QVERIFY2(text.contains(QLatin1String(key)), key);
        }
    }

    void errorsAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad key") << QStringList{"schedule", "cosine", "bogus=1"} << 1
                                 << "annealer schedule: bogus: unknown key";
        QTest::newRow("bad value") << QStringList{"schedule", "cosine", "floor=-1"} << 1
                                   << "annealer schedule: floor: must be >= 0, got -1";
        QTest::newRow("junk number")
            << QStringList{"schedule", "wsd", "steps=24000x"} << 1
            << "annealer schedule: steps: expected a whole number, got '24000x'";
        QTest::newRow("warmup too long")
            << QStringList{"schedule", "wsd", "steps=24000", "warmup=30000"} << 1
            << "annealer schedule: warmup: 30000 steps is longer than the run (24000 steps)";
        QTest::newRow("unknown family") << QStringList{"schedule", "sawtooth"} << 1
                                        << "annealer schedule: unknown family 'sawtooth'";
        QTest::newRow("chain") << QStringList{"schedule", "chain"} << 1
                               << "annealer schedule: chain: not available as key=value";
        QTest::newRow("missing family")
            << QStringList{"schedule"} << 2 << "annealer schedule: missing FAMILY";
        QTest::newRow("-o without file") << QStringList{"schedule", "cosine", "-o"} << 2
                                         << "annealer schedule: -o needs a value";
        QTest::newRow("unknown option") << QStringList{"schedule", "cosine", "--frobnicate"} << 2
                                        << "annealer schedule: unknown option --frobnicate";
        QTest::newRow("no file") << QStringList{"sample"} << 2
                                 << "annealer sample: missing SCHEDULE.json";
        QTest::newRow("missing file") << QStringList{"sample", "nope.json"} << 1
                                      << "annealer sample: nope.json: cannot read: ";
        QTest::newRow("malformed JSON") << QStringList{"sample", "broken.json"} << 1
                                        << "annealer sample: broken.json: not valid JSON at byte ";
        QTest::newRow("newer version") << QStringList{"sample", "newer.json"} << 1
                                       << "annealer sample: newer.json: version 3 is newer than "
                                          "this program reads (2)";
        QTest::newRow("power b positive")
            << QStringList{"schedule", "power", "steps=1000", "power_b=0.5"} << 1
            << "annealer schedule: power_b: must be < 0 (the LR falls as tokens grow), got 0.5";
        QTest::newRow("power tokens NaN")
            << QStringList{"schedule", "power", "steps=1000", "tokens_per_step=nan"} << 1
            << "annealer schedule: tokens_per_step: must be a finite number, got nan";
        QTest::newRow("onecycle pct_start")
            << QStringList{"schedule", "onecycle", "steps=1000", "pct_start=1.5"} << 1
            << "annealer schedule: pct_start: must be between 0 and 1 (exclusive), got 1.5";
        QTest::newRow("onecycle warmup")
            << QStringList{"schedule", "onecycle", "warmup=100"} << 1
            << "annealer schedule: warmup: not a key of the onecycle family";
        QTest::newRow("rex negative floor") << QStringList{"schedule", "rex", "floor=-1e-5"} << 1
                                            << "annealer schedule: floor: must be >= 0, got -1e-5";
    }

    void errorsAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile broken(dir.filePath("broken.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"format\": \"annealer.schedule\", \"version\": 1, \"family\": ");
        broken.close();
        QFile newer(dir.filePath("newer.json"));
        QVERIFY(newer.open(QIODevice::WriteOnly));
        newer.write(R"({"format": "annealer.schedule", "version": 3, "family": "cosine"})");
        newer.close();

        const Outcome outcome = runAnnealer(args, dir.path());
        QCOMPARE(outcome.exitCode, exitCode);
        QVERIFY(outcome.out.isEmpty());
        const QString err = QString::fromUtf8(outcome.err);
        QVERIFY2(err.startsWith(message), qPrintable(err));
        QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, qPrintable(err));
        QVERIFY(!QFile::exists(dir.filePath("lr.csv")));
    }
};

QTEST_GUILESS_MAIN(TestCliSchedule)
#include "tst_cli_schedule.moc"
