// What a fit records beyond its parameters: held-out runs predicted with them, the data keys of
// the runs it used, the staleness check built on those keys, and their round trip through the
// fit file.
#include "fit/FitEvaluation.h"
#include "fit/FitJson.h"
#include "fit/FitStaleness.h"
#include "fit/Fitter.h"
#include "law/LossLaw.h"
#include "run/LogImport.h"
#include "run/RunDataKey.h"

#include "DemoCurves.h"

#include <QJsonArray>
#include <QTest>

using namespace annealer;

namespace {

std::vector<RunIdentity> identities(const std::vector<Run>& runs) {
    std::vector<RunIdentity> result;
    for (const Run& run : runs) result.push_back({run.name, runDataKey(run)});
    return result;
}

}  // namespace

class FitEvaluationTest : public QObject {
    Q_OBJECT

private slots:
    // A run evaluated as if held out gets the very metrics the fit reports for it, window included.
    void heldOutMetricsMatchTheFitsOwn() {
        auto law = makeLaw(QStringLiteral("momentum"));
        QVERIFY(law);
        const std::vector<Run> runs = {readDemoCurve(QStringLiteral("cosine10")),
                                       readDemoCurve(QStringLiteral("wsd10"))};
        FitOptions options;
        options.fromStep = 300;
        options.toStep = 2000;
        auto fit = Fitter().fit(**law, runs, options);
        QVERIFY2(fit, qPrintable(fit.error()));
        for (std::size_t r = 0; r < runs.size(); ++r) {
            auto evaluated = evaluateHeldOutRun(**law, *fit, runs[r]);
            QVERIFY2(evaluated, qPrintable(evaluated.error()));
            const FitMetrics& want = fit->runs[r].metrics;
            const FitMetrics& got = evaluated->metrics;
            QCOMPARE(got.points, want.points);
            QCOMPARE(got.r2, want.r2);
            QCOMPARE(got.predE, want.predE);
            QCOMPARE(got.worstE, want.worstE);
            QCOMPARE(got.finalError, want.finalError);
            QCOMPARE(evaluated->dataKey, runDataKey(runs[r]));
            QCOMPARE(evaluated->name, runs[r].name);
        }
        // Nothing of a run inside the window: an error naming it.
        FitResult late = *fit;
        late.fromStep = 5000;
        auto none = evaluateHeldOutRun(**law, late, runs[0]);
        QVERIFY(!none);
        QVERIFY2(none.error().contains(runs[0].source) && none.error().contains("window"),
                 qPrintable(none.error()));
    }

    void dataKeysTellRunsApart() {
        const Run cosine = readDemoCurve(QStringLiteral("cosine10"));
        QCOMPARE(runDataKey(cosine), runDataKey(readDemoCurve(QStringLiteral("cosine10"))));
        QCOMPARE(runDataKey(cosine).size(), qsizetype(20));
        Run changed = cosine;
        changed.loss[17] += 1e-12;
        QVERIFY(runDataKey(changed) != runDataKey(cosine));
        changed = cosine;
        changed.schedule.lr[100] *= 1.0 + 1e-15;
        QVERIFY(runDataKey(changed) != runDataKey(cosine));
        changed = cosine;
        changed.schedule.warmupSteps += 1;
        QVERIFY(runDataKey(changed) != runDataKey(cosine));
        // Only data counts: a rename is the same data.
        changed = cosine;
        changed.name = QStringLiteral("renamed");
        QCOMPARE(runDataKey(changed), runDataKey(cosine));
    }

    void staleWhenAUsedRunIsGoneOrChanged() {
        std::vector<Run> runs = {readDemoCurve(QStringLiteral("cosine10")),
                                 readDemoCurve(QStringLiteral("constant")),
                                 readDemoCurve(QStringLiteral("wsd30"))};
        FitResult fit;
        fit.runs = {{runs[0].name, runs[0].source, {}, runDataKey(runs[0])},
                    {runs[1].name, runs[1].source, {}, runDataKey(runs[1])}};
        fit.heldOut = {{runs[2].name, runs[2].source, {}, runDataKey(runs[2])}};
        QVERIFY(fitStaleness(fit, identities(runs)).isEmpty());
        // Another run added: the fit still describes its runs.
        runs.push_back(readDemoCurve(QStringLiteral("step")));
        QVERIFY(fitStaleness(fit, identities(runs)).isEmpty());

        std::vector<Run> removed = {runs[0], runs[2]};
        QStringList problems = fitStaleness(fit, identities(removed));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains("constant") && problems[0].contains("no longer"),
                 qPrintable(problems[0]));

        std::vector<Run> changed = runs;
        changed[2].loss.back() += 0.01;
        problems = fitStaleness(fit, identities(changed));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(
            problems[0].contains("held-out run wsd30") && problems[0].contains("other data"),
            qPrintable(problems[0]));

        // Without keys (a fit from the command line) runs are matched by name.
        FitResult unkeyed = fit;
        for (FittedRun& run : unkeyed.runs) run.dataKey.clear();
        for (FittedRun& run : unkeyed.heldOut) run.dataKey.clear();
        QVERIFY(fitStaleness(unkeyed, identities(changed)).isEmpty());
        QCOMPARE(fitStaleness(unkeyed, identities(removed)).size(), 1);
    }

    void heldOutRunsAndKeysSurviveTheFile() {
        auto law = makeLaw(QStringLiteral("momentum"));
        QVERIFY(law);
        const Run cosine = readDemoCurve(QStringLiteral("cosine10"));
        const Run wsd = readDemoCurve(QStringLiteral("wsd30"));
        auto fit = Fitter().fit(**law, {cosine}, {});
        QVERIFY(fit);
        fit->runs[0].dataKey = runDataKey(cosine);
        auto heldOut = evaluateHeldOutRun(**law, *fit, wsd);
        QVERIFY(heldOut);
        fit->heldOut.push_back(*heldOut);
        const QJsonObject json = fitToJson(*fit);
        QCOMPARE(json.value("held_out").toArray().size(), qsizetype(1));
        auto back = fitFromJson(json, QStringLiteral("memory"));
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(back->runs[0].dataKey, fit->runs[0].dataKey);
        QCOMPARE(back->heldOut.size(), std::size_t(1));
        QCOMPARE(back->heldOut[0].name, wsd.name);
        QCOMPARE(back->heldOut[0].dataKey, heldOut->dataKey);
        QCOMPARE(back->heldOut[0].metrics.predE, heldOut->metrics.predE);
        QCOMPARE(back->heldOut[0].metrics.points, heldOut->metrics.points);
        // A fit with neither writes neither (files of `annealer fit` stay as they were).
        auto plain = Fitter().fit(**law, {cosine}, {});
        QVERIFY(plain);
        const QJsonObject plainJson = fitToJson(*plain);
        QVERIFY(!plainJson.contains("held_out"));
        QVERIFY(!plainJson.value("runs").toArray()[0].toObject().contains("data_key"));
    }
};

QTEST_GUILESS_MAIN(FitEvaluationTest)
#include "tst_fit_evaluation.moc"
