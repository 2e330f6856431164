// The CPT law on real continual pre-training curves (resources/demo/cpt, our own tiny model):
// fit the PT run plus two CPT runs, predict the other CPT runs, on both validation sets, and
// print our figures beside those of the published method (shared/tools/cpt_law_reference.py,
// L-BFGS from 12 starts), run here on the same files. Bars: our cost at most the reference's,
// and our held-out PredE (points after the transfer) at most the reference's.
#include "CptDemoRuns.h"

#include "fit/FitMetrics.h"
#include "fit/Fitter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace annealer;

namespace {

const QStringList kFitted = {QStringLiteral("pt_wsd"), QStringLiteral("cpt_rewarm100_cosine"),
                             QStringLiteral("cpt_rewarm20_cosine")};
const QStringList kHeldOut = {QStringLiteral("cpt_rewarm50_cosine"), QStringLiteral("cpt_norewarm_linear"),
                              QStringLiteral("cpt_rewarm50_wsd")};

// ../shared beside the project (as CI has it), or $ANNEALER_SHARED_DIR.
QString referenceScript() {
    const QByteArray shared = qgetenv("ANNEALER_SHARED_DIR");
    return (shared.isEmpty() ? QStringLiteral(ANNEALER_TEST_DATA_DIR "/../../../shared") : QString::fromLocal8Bit(shared)) +
           QStringLiteral("/tools/cpt_law_reference.py");
}

struct ReferenceFigures {
    double cost = 0.0;
    double seconds = 0.0;
    std::vector<double> predE;  // per held-out run
};

// The reference, run on the same files (all with transfer step 500); empty when it cannot run.
std::optional<ReferenceFigures> runReference(const QString& column, const QString& domain) {
    const QString script = referenceScript();
    if (!QFile::exists(script) || !QFile::exists(QStringLiteral("/usr/bin/python3"))) return std::nullopt;
    QStringList fitted, args;
    for (const QString& name : kFitted) fitted << cptDemoDir() + QLatin1Char('/') + name + QStringLiteral(".csv");
    args << script << QStringLiteral("fit") << QStringLiteral("--transfer") << QStringLiteral("500")
         << QStringLiteral("--loss") << column << QStringLiteral("--domain") << domain
         << fitted.join(QLatin1Char(','));
    for (const QString& name : kHeldOut) args << cptDemoDir() + QLatin1Char('/') + name + QStringLiteral(".csv");
    QProcess process;
    process.start(QStringLiteral("/usr/bin/python3"), args);
    if (!process.waitForFinished(600000) || process.exitCode() != 0) return std::nullopt;
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    ReferenceFigures figures;
    const auto head = QRegularExpression(QStringLiteral("fit ([0-9.]+)s cost ([0-9.eE+-]+)")).match(out);
    if (!head.hasMatch()) return std::nullopt;
    figures.seconds = head.captured(1).toDouble();
    figures.cost = head.captured(2).toDouble();
    auto it = QRegularExpression(QStringLiteral("PredE ([0-9.]+)")).globalMatch(out);
    while (it.hasNext()) figures.predE.push_back(it.next().captured(1).toDouble());
    if (figures.predE.size() != static_cast<std::size_t>(kHeldOut.size())) return std::nullopt;
    return figures;
}

// PredE over a run's points after its transfer step.
double predEAfterTransfer(const CptLaw& law, const std::vector<double>& parameters, const Run& run) {
    const std::vector<double> predicted = predictAtLossSteps(law, parameters, run);
    std::vector<double> p, o;
    for (std::size_t i = 0; i < run.lossSteps.size(); ++i)
        if (run.lossSteps[i] > run.schedule.transferStep) {
            p.push_back(predicted[i]);
            o.push_back(run.loss[i]);
        }
    return computeFitMetrics(p, o).predE;
}

}  // namespace

class TestCptAccuracy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(cptDemoDir() + QStringLiteral("/pt_wsd.csv")))
            QSKIP("resources/demo/cpt has no curves");
    }

    void heldOutPrediction_data() {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("domain");
        QTest::newRow("loss on the PT data") << QStringLiteral("val_pt") << QStringLiteral("pt");
        QTest::newRow("loss on the CPT data") << QStringLiteral("val_cpt") << QStringLiteral("cpt");
    }
    void heldOutPrediction() {
        QFETCH(QString, column);
        QFETCH(QString, domain);
        const CptLaw law(domain == QLatin1String("pt") ? CptLaw::Domain::PretrainingData
                                                       : CptLaw::Domain::NewData);
        std::vector<Run> runs;
        for (const QString& name : kFitted) runs.push_back(readCptDemoRun(name, column));
        auto fit = Fitter().fit(law, runs, FitOptions{});
        QVERIFY2(fit, fit ? "" : qPrintable(fit.error()));
        QStringList values;
        for (double v : fit->parameters) values << QString::number(v, 'g', 6);
        qInfo("%s: ours: fit %.3f s, cost %.6g; L0,A,alpha,C1,C2,B,E,beta = %s", qPrintable(column),
              fit->seconds, fit->cost, qPrintable(values.join(QLatin1Char(','))));

        const auto reference = runReference(column, domain);
        if (reference)
            qInfo("%s: reference: fit %.2f s, cost %.6g", qPrintable(column), reference->seconds, reference->cost);
        double ours = 0.0, theirs = 0.0;
        for (qsizetype k = 0; k < kHeldOut.size(); ++k) {
            const double predE = predEAfterTransfer(law, fit->parameters, readCptDemoRun(kHeldOut[k], column));
            ours += predE / static_cast<double>(kHeldOut.size());
            if (reference) theirs += reference->predE[static_cast<std::size_t>(k)] / static_cast<double>(kHeldOut.size());
            qInfo("  held out %-24s PredE ours %.5f reference %s", qPrintable(kHeldOut[k]), predE,
                  reference ? qPrintable(QString::number(reference->predE[static_cast<std::size_t>(k)], 'f', 5))
                            : "(not run)");
        }
        // The run branched before the PT decay has another transfer step than the reference's
        // single --transfer, so only ours is printed for it.
        const QString branched = QStringLiteral("cpt_rewarm50_cosine_from380");
        qInfo("  held out %-24s PredE ours %.5f", qPrintable(branched),
              predEAfterTransfer(law, fit->parameters, readCptDemoRun(branched, column)));
        qInfo("%s: mean held-out PredE ours %.5f reference %s", qPrintable(column), ours,
              reference ? qPrintable(QString::number(theirs, 'f', 5)) : "(not run)");
        // The bars: the fit converges, its cost is at most the reference's and its held-out
        // PredE at most the reference's (measured 2026-12-05: val_pt cost 0.00206919 equal to
        // the reference's, PredE 0.00820 equal; val_cpt cost 0.0038353 against 0.0038439,
        // PredE 0.00903 against 0.00925).
        QVERIFY2(fit->converged, qPrintable(fit->solverMessage));
        if (!reference) QSKIP("the reference (shared/tools/cpt_law_reference.py with numpy and scipy) did not run");
        QVERIFY2(fit->cost <= reference->cost * (1.0 + 1e-6),
                 qPrintable(QStringLiteral("cost %1 above the reference's %2").arg(fit->cost).arg(reference->cost)));
        QVERIFY2(ours <= theirs * (1.0 + 1e-6),
                 qPrintable(QStringLiteral("held-out PredE %1 above the reference's %2").arg(ours).arg(theirs)));
    }
};

QTEST_GUILESS_MAIN(TestCptAccuracy)
#include "tst_cpt_accuracy.moc"
