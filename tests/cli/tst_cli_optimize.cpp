// `annealer optimize`: writes the best schedule and reports every candidate against a baseline.
#include "AnnealerProcess.h"

#include "schedule/ScheduleJson.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace annealer;

namespace {

// A fit file with the multi-power law's 25M parameters published with the paper.
bool writeFit(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    file.write(R"({"format": "annealer.fit", "version": 1, "law": "multipower", "parameters": [
        {"name": "L0", "value": 3.04045406}, {"name": "A", "value": 0.52468604},
        {"name": "alpha", "value": 0.50786857}, {"name": "B", "value": 363.78751622},
        {"name": "C", "value": 2.06560812}, {"name": "beta", "value": 0.58279013},
        {"name": "gamma", "value": 0.64142257}]})");
    return true;
}

}  // namespace

class CliOptimizeTest : public QObject {
    Q_OBJECT

private slots:
    void writesTheBestWsd() {
        QTemporaryDir dir;
        QVERIFY(writeFit(dir.filePath(QStringLiteral("fit.json"))));
        const Outcome outcome = runAnnealer({QStringLiteral("optimize"), QStringLiteral("--fit"),
                                             QStringLiteral("fit.json"), QStringLiteral("--steps"),
                                             QStringLiteral("24000"), QStringLiteral("--peak"),
                                             QStringLiteral("3e-4"), QStringLiteral("--warmup"),
                                             QStringLiteral("2160"), QStringLiteral("--family"),
                                             QStringLiteral("wsd"), QStringLiteral("-o"),
                                             QStringLiteral("best.json")},
                                            dir.path());
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(outcome.out.contains("baseline: cosine to 10%"), outcome.out.constData());
        QVERIFY(outcome.out.contains("best: WSD"));
        auto best = loadScheduleFile(dir.filePath(QStringLiteral("best.json")));
        QVERIFY2(best.ok(), qPrintable(best.error()));
        QCOMPARE(best->family, ScheduleFamily::Wsd);
        QCOMPARE(best->steps, 24000);
        QCOMPARE(best->warmupSteps, 2160);
        QCOMPARE(best->peak, 3e-4);
    }

    void rejectsBadUsage() {
        QTemporaryDir dir;
        QVERIFY(writeFit(dir.filePath(QStringLiteral("fit.json"))));
        Outcome outcome = runAnnealer({QStringLiteral("optimize"), QStringLiteral("--fit"),
                                       QStringLiteral("fit.json"), QStringLiteral("--peak"),
                                       QStringLiteral("3e-4")},
                                      dir.path());
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.err.contains("--steps"));
        outcome = runAnnealer({QStringLiteral("optimize"), QStringLiteral("--fit"),
                               QStringLiteral("fit.json"), QStringLiteral("--steps"),
                               QStringLiteral("1000"), QStringLiteral("--peak"),
                               QStringLiteral("3e-4"), QStringLiteral("--warmup"),
                               QStringLiteral("5000")},
                              dir.path());
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY(outcome.err.contains("warmup"));
        QCOMPARE(outcome.err.count('\n'), 1);
        // Out-of-range constraints are named as the options given, not as a "baseline" that
        // no one gave (the default baseline is made of them).
        for (const QStringList& bad : {QStringList{"--steps", "0", "--peak", "3e-4"},
                                       QStringList{"--steps", "1000", "--peak", "-1"}}) {
            outcome = runAnnealer(QStringList{"optimize", "--fit", "fit.json"} + bad, dir.path());
            QCOMPARE(outcome.exitCode, 1);
            QCOMPARE(outcome.err.count('\n'), 1);
            QVERIFY2(outcome.err.contains("--steps, --peak, --warmup: ") &&
                         !outcome.err.contains("baseline"),
                     outcome.err.constData());
        }
        outcome = runAnnealer({QStringLiteral("optimize"), QStringLiteral("--fit"),
                               QStringLiteral("missing.json"), QStringLiteral("--steps"),
                               QStringLiteral("1000"), QStringLiteral("--peak"),
                               QStringLiteral("3e-4")},
                              dir.path());
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY(outcome.err.contains("missing.json"));
    }
};

QTEST_GUILESS_MAIN(CliOptimizeTest)
#include "tst_cli_optimize.moc"
