// The uncertainty band of a predicted curve (fit/PredictionBand.h): the delta method's sigma
// against a Monte-Carlo estimate from parameters sampled from the fit's covariance, on the
// paper's real curves; and no band at all without a covariance.
//
// What the comparison showed, and why the multi-power case samples a shrunk covariance: the
// delta method is first order. On the momentum law's fit of the three demo runs it matches
// sampling the full covariance to about 1%. The multi-power fit of the same runs leaves C at
// 0.053 +- 0.025, and the law bends hard in C over that range: sampling the full covariance
// gives a sigma (half the 16-84% range) 6x the delta method's at mid-run of cosine_24000 and 9x
// at its end. The difference shrinks in proportion to the covariance (it is the second-order
// term), so at 1e-4 of it the two agree to 1%: the implementation is right, and the band
// understates the multi-power law's uncertainty when a parameter is that loosely determined.
#include "fit/Fitter.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"
#include "run/LogImport.h"

#include <Eigen/Dense>

#include <QTest>

#include <cmath>
#include <random>

using namespace annealer;

namespace {

Run readRun(const QString& name) {
    auto runs = readRuns(
        QStringLiteral(ANNEALER_TEST_DATA_DIR "/multipower/csv_25/%1.csv").arg(name), {}, {});
    if (!runs) qFatal("%s", qPrintable(runs.error()));
    return runs->front();
}

FitResult fitDemoRuns(const LossLaw& law) {
    const std::vector<Run> runs = {readRun(QStringLiteral("cosine_24000")),
                                   readRun(QStringLiteral("constant_24000")),
                                   readRun(QStringLiteral("wsdcon_9"))};
    auto fit = Fitter().fit(law, runs, {});
    if (!fit) qFatal("%s", qPrintable(fit.error()));
    return *fit;
}

// Standard deviations of L(steps) over parameters drawn from N(parameters, covariance): the
// covariance's square root by eigen-decomposition, as it is singular where a parameter sits at
// a bound.
std::vector<double> monteCarloSigma(const LawEvaluator& evaluator,
                                    const std::vector<double>& parameters,
                                    const std::vector<double>& covariance,
                                    const std::vector<std::int64_t>& steps, int samples) {
    const auto p = static_cast<Eigen::Index>(parameters.size());
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        sigma(covariance.data(), p, p);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(sigma);
    const Eigen::MatrixXd root =
        solver.eigenvectors() * solver.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    std::mt19937_64 generator(20250101);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> sum(steps.size(), 0.0), squares(steps.size(), 0.0), values(steps.size());
    std::vector<double> theta(parameters.size());
    Eigen::VectorXd z(p);
    for (int s = 0; s < samples; ++s) {
        for (Eigen::Index j = 0; j < p; ++j) z(j) = normal(generator);
        const Eigen::VectorXd offset = root * z;
        for (Eigen::Index j = 0; j < p; ++j)
            theta[static_cast<std::size_t>(j)] =
                parameters[static_cast<std::size_t>(j)] + offset(j);
        evaluator.evaluate(theta, steps, values, nullptr);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            sum[i] += values[i];
            squares[i] += values[i] * values[i];
        }
    }
    std::vector<double> result(steps.size());
    const double n = samples;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const double mean = sum[i] / n;
        result[i] = std::sqrt(std::max(0.0, (squares[i] - n * mean * mean) / (n - 1)));
    }
    return result;
}

}  // namespace

class PredictionBandTest : public QObject {
    Q_OBJECT

private slots:
    void deltaMethodMatchesMonteCarlo_data() {
        QTest::addColumn<QString>("lawId");
        QTest::addColumn<double>("covarianceScale");
        QTest::newRow("momentum") << QStringLiteral("momentum") << 1.0;
        QTest::newRow("multipower, 1e-4 of the covariance") << QStringLiteral("multipower") << 1e-4;
    }

    // On held-out schedules (a WSD and a 72000-step cosine) as well as a fitted one, early and
    // late: the band is a statement about curves the fit has not seen.
    void deltaMethodMatchesMonteCarlo() {
        QFETCH(QString, lawId);
        QFETCH(double, covarianceScale);
        auto law = makeLaw(lawId);
        QVERIFY(law);
        const FitResult fit = fitDemoRuns(**law);
        QCOMPARE(fit.covariance.size(), fit.parameters.size() * fit.parameters.size());
        std::vector<double> covariance = fit.covariance;
        for (double& entry : covariance) entry *= covarianceScale;
        for (const QString& name :
             {QStringLiteral("cosine_24000"), QStringLiteral("wsd_20000_24000"),
              QStringLiteral("cosine_72000")}) {
            const Run run = readRun(name);
            const auto evaluator = (*law)->prepare(run.schedule);
            const std::int64_t last = run.schedule.steps() - 1;
            const std::vector<std::int64_t> steps = {last / 8, last / 2, last * 7 / 8, last};
            const PredictionBand band = predictBand(*evaluator, fit.parameters, covariance, steps);
            const std::vector<double> sampled =
                monteCarloSigma(*evaluator, fit.parameters, covariance, steps, 20000);
            std::vector<double> plain(steps.size());
            evaluator->evaluate(fit.parameters, steps, plain, nullptr);
            for (std::size_t i = 0; i < steps.size(); ++i) {
                QCOMPARE(band.values[i], plain[i]);
                QVERIFY(band.sigma[i] > 0.0);
                // 20000 samples estimate a standard deviation to about 0.5%.
                const double relative = std::abs(band.sigma[i] - sampled[i]) / sampled[i];
                qInfo("%s %s step %lld: L %.5f, delta sigma %.3g, Monte-Carlo %.3g (%.1f%%)",
                      qPrintable(lawId), qPrintable(name), static_cast<long long>(steps[i]),
                      plain[i], band.sigma[i], sampled[i], 100.0 * relative);
                QVERIFY2(relative < 0.03, qPrintable(QStringLiteral("%1 step %2: %3 vs %4")
                                                         .arg(name)
                                                         .arg(steps[i])
                                                         .arg(band.sigma[i])
                                                         .arg(sampled[i])));
            }
        }
    }

    void noCovarianceNoBand() {
        auto law = makeLaw(QStringLiteral("multipower"));
        QVERIFY(law);
        const FitResult fit = fitDemoRuns(**law);
        const Run run = readRun(QStringLiteral("wsdcon_3"));
        const auto evaluator = (*law)->prepare(run.schedule);
        const std::vector<double> zeros(fit.covariance.size(), 0.0);
        for (const std::vector<double>& covariance : {zeros, std::vector<double>{}}) {
            const PredictionBand band =
                predictBand(*evaluator, fit.parameters, covariance, run.lossSteps);
            QCOMPARE(band.steps, run.lossSteps);
            std::vector<double> plain(run.lossSteps.size());
            evaluator->evaluate(fit.parameters, run.lossSteps, plain, nullptr);
            QCOMPARE(band.values, plain);
            for (double sigma : band.sigma) QCOMPARE(sigma, 0.0);
        }
    }

    // L0 enters with gradient 1 and nothing else: sigma is L0's standard error.
    void aConstantShiftHasItsOwnStandardError() {
        const std::vector<double> gradient = {1.0, 0.0, 0.0};
        const std::vector<double> covariance = {0.04, 0.01, -0.02, 0.01, 9.0, 0.5, -0.02, 0.5, 1.0};
        QCOMPARE(deltaMethodSigma(gradient, covariance), 0.2);
        // g Σ g^T by hand for g = (1, 2, 0): 0.04 + 2*2*0.01 + 4*9 = 36.08.
        QCOMPARE(deltaMethodSigma(std::vector<double>{1.0, 2.0, 0.0}, covariance),
                 std::sqrt(36.08));
        QCOMPARE(deltaMethodSigma(gradient, std::vector<double>{1.0}), 0.0);  // sizes differ
    }
};

QTEST_GUILESS_MAIN(PredictionBandTest)
#include "tst_prediction_band.moc"
