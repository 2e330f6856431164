// Properties a fit must have on any lab's curves, checked on every public set (read in place,
// see SharedData.h) and both laws:
// - a change of LR unit (every LR times 10 or 0.1) changes no prediction (the laws are
//   invariant under it, so the fit must be too);
// - logging half the points changes no prediction by more than the fit's own band;
// - 200 random starting points never reach a lower cost than the default fit;
// - the momentum fit's cost is never above the Python reference's on the same data and
//   convention (shared/tools/loss_law_reference.py, run here when python3-scipy is there).
// And, on curves made here: one end of warmup whether or not the LR was recognised, warnings
// for parameters at a bound or ill-determined, "did not converge" only while the cost falls.
#include "fit/FitMetrics.h"
#include "fit/Fitter.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"
#include "law/MomentumLaw.h"
#include "run/LogImport.h"
#include "schedule/WarmupEnd.h"

#include "PublicProtocols.h"
#include "TestFiles.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <future>
#include <random>

using namespace annealer;

namespace {

std::shared_ptr<const LossLaw> law(const QString& id) {
    auto made = makeLaw(id);
    if (!made) qFatal("%s", qPrintable(made.error()));
    return *made;
}

FitResult fitOrDie(const LossLaw& law, const std::vector<Run>& runs, FitOptions options = {}) {
    options.crossValidate = false;
    auto fit = Fitter().fit(law, runs, options);
    if (!fit) qFatal("%s", qPrintable(fit.error()));
    return *fit;
}

std::vector<Run> scaledLr(std::vector<Run> runs, double factor) {
    for (Run& run : runs)
        for (double& lr : run.schedule.lr) lr *= factor;
    return runs;
}

// The largest relative difference between the predictions of two fits on every held-out run,
// each run's LR scaled as the fit's runs were.
double largestPredictionChange(const LossLaw& law, const PublicProtocol& protocol,
                               const FitResult& a, const FitResult& b, double factorB) {
    double largest = 0.0;
    for (const QString& name : protocol.heldOut) {
        const Run run = protocol.read(name);
        const std::vector<double> pa = predictAtLossSteps(law, a.parameters, run);
        const std::vector<double> pb =
            predictAtLossSteps(law, b.parameters, scaledLr({run}, factorB).front());
        for (std::size_t i = 0; i < pa.size(); ++i)
            largest = std::max(largest, std::abs(pb[i] / pa[i] - 1.0));
    }
    return largest;
}

void addProtocolRows() {
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("lawId");
    const std::vector<PublicProtocol> protocols = publicProtocols();
    for (int p = 0; p < static_cast<int>(protocols.size()); ++p)
        for (const char* id : {"momentum-literal", "multipower"})
            QTest::newRow(qPrintable(protocols[static_cast<std::size_t>(p)].name + QStringLiteral(" ") +
                                     QLatin1String(id)))
                << p << QString::fromLatin1(id);
}

// The Huber objective of a fit (no prior) at given parameters.
double huberCost(const LossLaw& law, const std::vector<Run>& runs, std::span<const double> parameters,
                 double delta) {
    double total = 0.0;
    for (const Run& run : runs) {
        const std::vector<double> predicted = predictAtLossSteps(law, parameters, run);
        for (std::size_t i = 0; i < predicted.size(); ++i) {
            const double r = std::abs(std::log(run.loss[i]) - std::log(predicted[i]));
            total += r <= delta ? 0.5 * r * r : delta * r - 0.5 * delta * delta;
        }
    }
    return total;
}

// The step of the first LR a CSV log holds (the reference's end of warmup).
std::int64_t firstLrStep(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    file.readLine();
    while (!file.atEnd()) {
        const QStringList cells = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() >= 2 && !cells[1].isEmpty()) return cells[0].toLongLong();
    }
    qFatal("%s: no LR", qPrintable(path));
}

}  // namespace

class FitPropertiesTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        SKIP_WITHOUT_SHARED_DATA("schaipp124m");
    }

    void warmupEndIsTheEndOfTheInitialRise() {
        QCOMPARE(warmupEndStep(std::vector<double>{}), 0);
        QCOMPARE(warmupEndStep(std::vector<double>{1, 1, 1}), 0);            // never rises
        QCOMPARE(warmupEndStep(std::vector<double>{3, 2, 1}), 0);            // decays at once
        QCOMPARE(warmupEndStep(std::vector<double>{0, 1, 2, 3, 3, 2}), 3);   // first step at peak
        QCOMPARE(warmupEndStep(std::vector<double>{0, 2, 1, 5, 6}), 1);      // the rise ends at the first fall
        QCOMPARE(warmupEndStep(std::vector<double>{0, 1, 1.0000001, 0.5}), 1);  // rounding is no rise
    }

    // The same logs with and without schedule recognition: the rebuilt LRs agree after warmup
    // (a linear warmup and a linear decay, logged at their corners), so the end of warmup and,
    // under the momentum law's peak convention, every parameter must agree.
    void sameFitWithAndWithoutRecognition() {
        QTemporaryDir dir;
        const MomentumLaw truthLaw;
        const std::vector<double> truth{3.0, 0.5, 0.5, 0.4};
        const auto lrAt = [](std::int64_t s) {
            if (s < 300) return 4e-4 * static_cast<double>(s) / 300.0;
            if (s < 6000) return 4e-4;
            return 4e-4 - 3.6e-4 * static_cast<double>(s - 6000) / 3999.0;
        };
        SampledSchedule schedule;
        for (std::int64_t s = 0; s < 10000; ++s) schedule.lr.push_back(lrAt(s));
        schedule.warmupSteps = 300;
        std::vector<std::int64_t> steps;
        for (std::int64_t s = 500; s < 10000; s += 100) steps.push_back(s);
        std::vector<double> loss(steps.size());
        truthLaw.prepare(schedule)->evaluate(truth, steps, loss, nullptr);
        QString text = QStringLiteral("step,lr,loss\n");
        for (std::int64_t s = 50; s < 10000; s += 50) {
            const auto it = std::find(steps.begin(), steps.end(), s);
            text += QStringLiteral("%1,%2,%3\n")
                        .arg(s)
                        .arg(lrAt(s), 0, 'g', 17)
                        .arg(it == steps.end() ? QString()
                                               : QString::number(loss[static_cast<std::size_t>(it - steps.begin())], 'g', 17));
        }
        text += QStringLiteral("9999,%1,\n").arg(lrAt(9999), 0, 'g', 17);
        const QString path = writeTestFile(dir, QStringLiteral("wsd.csv"), text.toUtf8());
        RunAssemblyOptions plain;
        plain.recognizeSchedule = false;
        const auto recognised = readRuns(path, {}, {});
        const auto interpolated = readRuns(path, {}, plain);
        QVERIFY2(recognised.ok() && interpolated.ok(), "read");
        QCOMPARE(recognised->front().schedule.warmupSteps, 300);
        QCOMPARE(interpolated->front().schedule.warmupSteps, 300);
        for (std::int64_t s = 300; s < 10000; ++s)
            QVERIFY(std::abs(recognised->front().schedule.lr[static_cast<std::size_t>(s)] /
                                 interpolated->front().schedule.lr[static_cast<std::size_t>(s)] -
                             1.0) < 1e-12);
        const auto peak = law(QStringLiteral("momentum"));
        const FitResult a = fitOrDie(*peak, *recognised);
        const FitResult b = fitOrDie(*peak, *interpolated);
        for (std::size_t j = 0; j < a.parameters.size(); ++j)
            QVERIFY2(std::abs(a.parameters[j] / b.parameters[j] - 1.0) < 1e-4,
                     qPrintable(a.parameterNames[j]));
    }

    void lrUnitChangesNoPrediction_data() { addProtocolRows(); }
    void lrUnitChangesNoPrediction() {
        QFETCH(int, protocol);
        QFETCH(QString, lawId);
        const PublicProtocol p = publicProtocols()[static_cast<std::size_t>(protocol)];
        const auto fitted = law(lawId);
        const std::vector<Run> runs = p.trainingRuns();
        const FitResult base = fitOrDie(*fitted, runs);
        for (double factor : {10.0, 0.1}) {
            const FitResult scaled = fitOrDie(*fitted, scaledLr(runs, factor));
            const double change = largestPredictionChange(*fitted, p, base, scaled, factor);
            qInfo("LR x%g: largest relative change of a held-out prediction %.2e", factor, change);
            QVERIFY2(change <= 1e-6, qPrintable(QString::number(change)));
        }
    }

    void halfThePointsStaysInsideTheBand_data() { addProtocolRows(); }
    void halfThePointsStaysInsideTheBand() {
        QFETCH(int, protocol);
        QFETCH(QString, lawId);
        const PublicProtocol p = publicProtocols()[static_cast<std::size_t>(protocol)];
        const auto fitted = law(lawId);
        const std::vector<Run> runs = p.trainingRuns();
        std::vector<Run> halved = runs;
        for (Run& run : halved) {
            std::vector<std::int64_t> steps;
            std::vector<double> loss;
            for (std::size_t i = 0; i < run.lossSteps.size(); i += 2) {
                steps.push_back(run.lossSteps[i]);
                loss.push_back(run.loss[i]);
            }
            run.lossSteps = steps;
            run.loss = loss;
        }
        const FitResult full = fitOrDie(*fitted, runs);
        const FitResult half = fitOrDie(*fitted, halved);
        double worst = 0.0;  // the largest change in units of the band's half-width
        for (const QString& name : p.heldOut) {
            const Run run = p.read(name);
            const auto evaluator = fitted->prepare(run.schedule);
            const PredictionBand band =
                predictBand(*evaluator, full.parameters, full.covariance, run.lossSteps);
            const std::vector<double> moved = predictAtLossSteps(*fitted, half.parameters, run);
            for (std::size_t i = 0; i < moved.size(); ++i)
                worst = std::max(worst, std::abs(moved[i] - band.values[i]) /
                                            (kBandSigmas * band.sigma[i]));
        }
        qInfo("half the points: largest change %.2f of the band's half-width", worst);
        for (std::size_t j = 0; j < full.parameters.size(); ++j)
            qInfo("  %s full %.6g +- %.3g, half %.6g", qPrintable(full.parameterNames[j]),
                  full.parameters[j], full.standardErrors[j], half.parameters[j]);
        QVERIFY2(worst <= 1.0, qPrintable(QString::number(worst)));
    }

    void randomStartsFindNoLowerCost_data() { addProtocolRows(); }
    void randomStartsFindNoLowerCost() {
        QFETCH(int, protocol);
        QFETCH(QString, lawId);
        const PublicProtocol p = publicProtocols()[static_cast<std::size_t>(protocol)];
        const auto fitted = law(lawId);
        const std::vector<Run> runs = p.trainingRuns();
        const FitResult best = fitOrDie(*fitted, runs);
        // Random nonlinear parameters over a box wider than the law's design, in the fit's units.
        std::mt19937_64 random(20261205);
        const auto uniform = [&](double low, double high) {
            return std::uniform_real_distribution<double>(low, high)(random);
        };
        const auto logUniform = [&](double low, double high) {
            return std::exp(uniform(std::log(low), std::log(high)));
        };
        std::vector<std::vector<double>> starts;
        for (int i = 0; i < 200; ++i) {
            std::vector<double> start(fitted->parameters().size(), 0.0);
            start[2] = uniform(0.01, 3.0);  // alpha in both laws
            if (fitted->parameters().size() == 7) {
                start[4] = logUniform(1e-6, 1e3);  // C
                start[5] = logUniform(1e-2, 5.0);  // beta
                start[6] = uniform(0.0, 1.0);      // gamma
            }
            starts.push_back(start);
        }
        const auto fitFrom = [&](std::size_t begin, std::size_t end) {
            double lowest = std::numeric_limits<double>::infinity();
            for (std::size_t i = begin; i < end; ++i) {
                FitOptions options;
                options.startDesign = {starts[i]};
                options.refinedStarts = 1;
                options.crossValidate = false;
                auto fit = Fitter().fit(*fitted, runs, options);
                if (fit) lowest = std::min(lowest, fit->cost);
            }
            return lowest;
        };
        auto other = std::async(std::launch::async, fitFrom, std::size_t{0}, starts.size() / 2);
        const double lowest = std::min(fitFrom(starts.size() / 2, starts.size()), other.get());
        qInfo("default fit cost %.10g, lowest of 200 random starts %.10g", best.cost, lowest);
        QVERIFY2(lowest >= best.cost * (1.0 - 1e-9),
                 qPrintable(QStringLiteral("%1 < %2").arg(lowest, 0, 'g', 12).arg(best.cost, 0, 'g', 12)));
    }

    void momentumCostNotAboveTheReference_data() {
        QTest::addColumn<int>("protocol");
        const std::vector<PublicProtocol> protocols = publicProtocols();
        for (int p = 0; p < static_cast<int>(protocols.size()); ++p)
            QTest::newRow(qPrintable(protocols[static_cast<std::size_t>(p)].name)) << p;
    }
    void momentumCostNotAboveTheReference() {
        QFETCH(int, protocol);
        const PublicProtocol p = publicProtocols()[static_cast<std::size_t>(protocol)];
        const QString reference = QStringLiteral(ANNEALER_SHARED_DATA_DIR "/../tools/loss_law_reference.py");
        QProcess check;
        check.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import scipy")});
        if (!check.waitForFinished(60000) || check.exitCode() != 0)
            QSKIP("/usr/bin/python3 has no scipy (apt-get install python3-scipy): the reference cannot run");
        QStringList paths;
        for (const QString& name : p.training) paths << p.path(name);
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {reference, QStringLiteral("fit-momentum"), paths.join(QLatin1Char(','))});
        QVERIFY(python.waitForFinished(600000));
        const QString out = QString::fromUtf8(python.readAllStandardOutput());
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("L0,A,C,alpha = ([^\\s]+)")).match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out + QString::fromUtf8(python.readAllStandardError())));
        const QStringList values = match.captured(1).split(QLatin1Char(','));
        // Our parameter order is L0, A, alpha, C.
        const std::vector<double> referenceParameters{values[0].toDouble(), values[1].toDouble(),
                                                      values[3].toDouble(), values[2].toDouble()};
        // The reference's convention: the LR interpolated from 0 at step 0, warmup ending at
        // the first logged LR step, counted at the peak.
        std::vector<Run> runs;
        for (const QString& name : p.training) {
            RunAssemblyOptions options;
            options.recognizeSchedule = false;
            options.warmupSteps = firstLrStep(p.path(name));
            runs.push_back(p.read(name, options));
        }
        const auto peak = law(QStringLiteral("momentum"));
        const FitResult ours = fitOrDie(*peak, runs);
        const double theirs = huberCost(*peak, runs, referenceParameters, 1e-3);
        qInfo("momentum cost: ours %.10g, the reference's %.10g", ours.cost, theirs);
        QVERIFY(ours.cost <= theirs * (1.0 + 1e-9));
    }

    // A parameter at its bound and an ill-determined one are named; a fit stopped while its
    // cost still falls says it did not converge, and why.
    void warningsNameWhatTheFitCannotVouchFor() {
        const PublicProtocol p = multipowerProtocol(QStringLiteral("25"));
        const auto fitted = law(QStringLiteral("multipower"));
        FitOptions noPrior;
        noPrior.priorWeight = 0.0;
        const FitResult bound = fitOrDie(*fitted, p.trainingRuns(), noPrior);
        QVERIFY(bound.converged);
        QVERIFY2(std::any_of(bound.warnings.begin(), bound.warnings.end(),
                             [](const QString& w) { return w.startsWith(QStringLiteral("gamma")) && w.contains(QStringLiteral("bound 1")); }),
                 "gamma at its bound is not named");

        const FitResult single = fitOrDie(*fitted, {p.read(QStringLiteral("constant_24000"))});
        QVERIFY2(std::any_of(single.warnings.begin(), single.warnings.end(),
                             [](const QString& w) { return w.contains(QStringLiteral("ill-determined")); }),
                 "a constant run alone determines no drop, yet nothing is flagged");

        FitOptions capped;
        capped.maxIterations = 3;
        const FitResult stopped = fitOrDie(*fitted, p.trainingRuns(), capped);
        QVERIFY(!stopped.converged);
        QVERIFY(stopped.warnings.back().startsWith(QStringLiteral("the fit did not converge")));
    }
};

QTEST_GUILESS_MAIN(FitPropertiesTest)
#include "tst_fit_properties.moc"
