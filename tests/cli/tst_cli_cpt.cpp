// `annealer fit --law cpt`, `annealer predict --transfer-step` and `annealer schedule cpt` on the
// demo CPT curves (resources/demo/cpt): fits on both validation sets, predictions that are the
// core law's, CPT chains whose transfer step comes from the chain, and the usage errors.
#include "AnnealerProcess.h"
#include "CptDemoRuns.h"

#include "fit/FitJson.h"
#include "fit/Fitter.h"
#include "schedule/CptSchedule.h"
#include "schedule/ScheduleJson.h"

#include <QTemporaryDir>
#include <QTest>

using namespace annealer;

namespace {

QString demo(const QString& name) { return cptDemoDir() + QLatin1Char('/') + name + QStringLiteral(".csv"); }

QList<QByteArrayList> csvRows(const QByteArray& text) {
    QList<QByteArrayList> rows;
    for (const QByteArray& line : text.split('\n'))
        if (!line.isEmpty()) rows << line.split(',');
    return rows;
}

}  // namespace

class TestCliCpt : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(demo(QStringLiteral("pt_wsd"))))
            QSKIP("resources/demo/cpt has no curves");
        QVERIFY(dir_.isValid());
    }

    void fitBothDomains_data() {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("column");
        QTest::newRow("pt") << QStringLiteral("pt") << QStringLiteral("val_pt");
        QTest::newRow("cpt") << QStringLiteral("cpt") << QStringLiteral("val_cpt");
    }
    void fitBothDomains() {
        QFETCH(QString, domain);
        QFETCH(QString, column);
        const QString fitPath = dir_.filePath(domain + QStringLiteral(".json"));
        const Outcome fitted = runAnnealer(
            {"fit", "--law", "cpt", "--domain", domain, "--transfer-step", "500", "--loss", column,
             "--no-recognize", "-o", fitPath, demo("pt_wsd"), demo("cpt_rewarm100_cosine"),
             demo("cpt_rewarm20_cosine")});
        QVERIFY2(fitted.exitCode == 0, fitted.err.constData());
        QVERIFY(fitted.out.contains("cpt-" + domain.toUtf8() + " law fitted to 3 run(s)"));
        auto fit = loadFitFile(fitPath);
        QVERIFY2(fit, fit ? "" : qPrintable(fit.error()));
        QCOMPARE(fit->lawId, QStringLiteral("cpt-") + domain);
        QCOMPARE(fit->converged, fitted.exitCode == 0);
        const double b = fit->parameters[CptLaw::kB];
        QVERIFY2(domain == QLatin1String("pt") ? b >= 0.0 : b <= 0.0, qPrintable(QString::number(b)));

        // predict on a held-out CPT log: a row per logged loss, the core law's values.
        const QString out = dir_.filePath(domain + QStringLiteral(".csv"));
        const Outcome predicted =
            runAnnealer({"predict", "--fit", fitPath, "--transfer-step", "500", "--loss", column,
                         "--no-recognize", "-o", out, demo("cpt_rewarm50_cosine")});
        QVERIFY2(predicted.exitCode == 0, predicted.err.constData());
        const auto rows = csvRows(readAll(out));
        QCOMPARE(rows.front().join(','), QByteArray("step,lr,predicted_loss,observed_loss"));
        const Run run = readCptDemoRun(QStringLiteral("cpt_rewarm50_cosine"), column);
        QCOMPARE(rows.size() - 1, qsizetype(run.lossSteps.size()));
        const CptLaw law(domain == QLatin1String("pt") ? CptLaw::Domain::PretrainingData
                                                       : CptLaw::Domain::NewData);
        const std::vector<double> expected = predictAtLossSteps(law, fit->parameters, run);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(rows[static_cast<qsizetype>(i + 1)][0].toLongLong(), run.lossSteps[i]);
            const double value = rows[static_cast<qsizetype>(i + 1)][2].toDouble();
            QVERIFY2(std::abs(value - expected[i]) <= 1e-12 * expected[i],
                     qPrintable(QStringLiteral("step %1: %2 vs %3").arg(run.lossSteps[i]).arg(value).arg(expected[i])));
        }
    }

    // A CPT chain from `annealer schedule cpt` carries its transfer step (its first phase's last
    // step): predicting it without --transfer-step is predicting it with that step.
    void scheduleChainGivesTransferStep() {
        const QString fitPath = dir_.filePath(QStringLiteral("pt.json"));
        QVERIFY(QFile::exists(fitPath));  // from fitBothDomains
        QCOMPARE(runAnnealer({"schedule", "wsd", "steps=500", "peak=3e-3", "warmup=30", "decay=0.2",
                              "floor=3e-4", "-o", "ptsched.json"}, dir_.path()).exitCode, 0);
        const Outcome chain = runAnnealer({"schedule", "cpt", "pt=ptsched.json", "rewarm=30", "peak=1.5e-3",
                                           "shape=cosine", "steps=250", "floor=3e-5", "-o", "cptchain.json"},
                                          dir_.path());
        QVERIFY2(chain.exitCode == 0, chain.err.constData());
        const Outcome implied = runAnnealer({"predict", "--fit", fitPath, "--every", "10", "cptchain.json"}, dir_.path());
        const Outcome given = runAnnealer({"predict", "--fit", fitPath, "--every", "10", "--transfer-step", "499",
                                           "cptchain.json"}, dir_.path());
        const Outcome later = runAnnealer({"predict", "--fit", fitPath, "--every", "10", "--transfer-step", "599",
                                           "cptchain.json"}, dir_.path());
        QVERIFY2(implied.exitCode == 0, implied.err.constData());
        QCOMPARE(csvRows(implied.out).size(), qsizetype(76));  // header, steps 10..740, 749
        QCOMPARE(implied.out, given.out);
        QVERIFY(implied.out != later.out);
        // The CPT phase re-warms from 0: the LR at step 510 (10 steps into it) is 10/30 of 1.5e-3.
        QCOMPARE(csvRows(implied.out)[51][0], QByteArray("510"));
        QCOMPARE(csvRows(implied.out)[51][1].toDouble(), 5e-4);
    }

    // `schedule cpt --from-log PT_LOG`: the PT schedule is the log's LR (its knots), the warmup
    // the steps before its first largest LR; the chain predicts as the PT run with --transfer-step.
    void scheduleFromLogTakesTheLoggedLr() {
        const QString fitPath = dir_.filePath(QStringLiteral("pt.json"));
        QVERIFY(QFile::exists(fitPath));  // from fitBothDomains
        const Outcome chain = runAnnealer(
            {"schedule", "cpt", "--from-log", demo("pt_wsd"), "--loss", "val_pt", "rewarm=30",
             "peak=1.5e-3", "shape=cosine", "steps=250", "floor=3e-5", "-o", "fromlog.json"},
            dir_.path());
        QVERIFY2(chain.exitCode == 0, chain.err.constData());
        auto schedule = loadScheduleFile(dir_.filePath(QStringLiteral("fromlog.json")));
        QVERIFY2(schedule, schedule ? "" : qPrintable(schedule.error()));
        QCOMPARE(cptTransferStep(*schedule), std::optional<std::int64_t>(500));
        const Schedule& pt = schedule->phases.front();
        QCOMPARE(pt.family, ScheduleFamily::FreeForm);
        // The logged LR at every logged step (step,lr rows of the log, 10..500).
        const Run logged = readCptDemoRun(QStringLiteral("pt_wsd"), QStringLiteral("val_pt"));
        for (const std::int64_t step : logged.lossSteps)
            QVERIFY2(std::abs(pt.lrAt(step) - logged.schedule.lr[static_cast<std::size_t>(step)]) <=
                         1e-15,
                     qPrintable(QStringLiteral("step %1: %2 vs %3")
                                    .arg(step)
                                    .arg(pt.lrAt(step))
                                    .arg(logged.schedule.lr[static_cast<std::size_t>(step)])));
        QCOMPARE(pt.warmupSteps, std::int64_t(30));
        // Without --loss, a log whose loss is not found is refused, saying to name it.
        const Outcome unnamed =
            runAnnealer({"schedule", "cpt", "--from-log", demo("pt_wsd"), "peak=1e-3", "steps=50"},
                        dir_.path());
        QCOMPARE(unnamed.exitCode, 1);
        QVERIFY2(unnamed.err.contains("--loss"), unnamed.err.constData());
        // Both PT sources at once, or neither, is refused in one line; so is --from-log elsewhere.
        const Outcome both = runAnnealer({"schedule", "cpt", "pt=ptsched.json", "--from-log",
                                          demo("pt_wsd"), "peak=1e-3", "steps=50"},
                                         dir_.path());
        QCOMPARE(both.exitCode, 1);
        QVERIFY2(both.err.contains("needed once"), both.err.constData());
        const Outcome missing = runAnnealer(
            {"schedule", "cpt", "--from-log", dir_.filePath("none.csv"), "peak=1e-3", "steps=50"},
            dir_.path());
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("none.csv"), missing.err.constData());
        const Outcome elsewhere =
            runAnnealer({"schedule", "wsd", "--from-log", demo("pt_wsd"), "steps=50", "peak=1e-3"},
                        dir_.path());
        QCOMPARE(elsewhere.exitCode, 2);
    }

    // A CPT log of the CPT rows only, continuing the PT log (--parent PT --branch-step 501): its
    // transfer step is 500 (the last step with the parent's LR), and its predictions are those
    // of the whole-run log with --transfer-step 500.
    void branchStepGivesTransferStep() {
        const QString fitPath = dir_.filePath(QStringLiteral("cpt.json"));
        QVERIFY(QFile::exists(fitPath));  // from fitBothDomains
        const auto whole = csvRows(readAll(demo(QStringLiteral("cpt_rewarm100_cosine"))));
        QByteArray tail = whole.front().join(',') + '\n';
        for (qsizetype i = 1; i < whole.size(); ++i)
            if (whole[i][0].toLongLong() > 500) tail += whole[i].join(',') + '\n';
        QFile file(dir_.filePath(QStringLiteral("tail.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(tail);
        file.close();
        const Outcome branched = runAnnealer({"predict", "--fit", fitPath, "--loss", "val_cpt", "--no-recognize",
                                              "--parent", demo("pt_wsd"), "--branch-step", "501", "tail.csv"},
                                             dir_.path());
        QVERIFY2(branched.exitCode == 0, branched.err.constData());
        const Outcome given = runAnnealer({"predict", "--fit", fitPath, "--loss", "val_cpt", "--no-recognize",
                                           "--transfer-step", "500", demo("cpt_rewarm100_cosine")});
        QVERIFY2(given.exitCode == 0, given.err.constData());
        auto rowsAfter = [](const QByteArray& out) {
            QList<QByteArrayList> rows;
            for (const QByteArrayList& row : csvRows(out))
                if (row[0].toLongLong() > 500) rows << row;
            return rows;
        };
        QCOMPARE(rowsAfter(branched.out).size(), qsizetype(25));
        QCOMPARE(rowsAfter(branched.out), rowsAfter(given.out));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no domain") << QStringList{"fit", "--law", "cpt", "--transfer-step", "500", demo("pt_wsd")}
                                   << QByteArray("--law cpt needs --domain pt");
        QTest::newRow("bad domain") << QStringList{"fit", "--law", "cpt", "--domain", "new", "--transfer-step", "500", demo("pt_wsd")}
                                    << QByteArray("--law cpt needs --domain pt");
        QTest::newRow("no transfer step") << QStringList{"fit", "--law", "cpt", "--domain", "pt", demo("pt_wsd")}
                                          << QByteArray("needs --transfer-step S");
        QTest::newRow("transfer step, momentum") << QStringList{"fit", "--law", "momentum", "--transfer-step", "500", demo("pt_wsd")}
                                                 << QByteArray("--transfer-step applies to the CPT law only");
        QTest::newRow("domain, momentum") << QStringList{"fit", "--law", "momentum", "--domain", "pt", demo("pt_wsd")}
                                          << QByteArray("--domain applies to --law cpt only");
        QTest::newRow("bad transfer step") << QStringList{"fit", "--law", "cpt", "--domain", "pt", "--transfer-step", "x", demo("pt_wsd")}
                                           << QByteArray("--transfer-step: 'x' is not a step");
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const Outcome outcome = runAnnealer(args);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains(message), outcome.err.constData());
        QCOMPARE(outcome.err.count('\n'), qsizetype(1));
    }

    void badCptScheduleKeys() {
        QCOMPARE(runAnnealer({"schedule", "constant", "steps=100", "peak=1e-3", "-o", "p.json"}, dir_.path()).exitCode, 0);
        const Outcome unknown = runAnnealer({"schedule", "cpt", "pt=p.json", "peak=1e-3", "steps=50", "height=2"}, dir_.path());
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("unknown CPT key 'height'"), unknown.err.constData());
        const Outcome noPt = runAnnealer({"schedule", "cpt", "peak=1e-3", "steps=50"}, dir_.path());
        QCOMPARE(noPt.exitCode, 1);
        QVERIFY2(noPt.err.contains("pt=PT.json") && noPt.err.contains("--from-log"),
                 noPt.err.constData());
        const Outcome longRewarm = runAnnealer({"schedule", "cpt", "pt=p.json", "peak=1e-3", "steps=50", "rewarm=50"}, dir_.path());
        QCOMPARE(longRewarm.exitCode, 1);
        QVERIFY2(longRewarm.err.contains("rewarm: 50 is not below the CPT steps 50"), longRewarm.err.constData());
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCliCpt)
#include "tst_cli_cpt.moc"
