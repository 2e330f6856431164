// The uncertainty band of a predicted curve (fit/PredictionBand.h): the delta method and the
// sampled band, each against an independent Monte-Carlo estimate on the paper's real curves;
// both against the spread the fitted data themselves allow; the draws' bounds, seed and
// fallbacks; and no band at all without a covariance.
//
// What the comparisons show. On the momentum law's fit of the three demo runs the delta method
// and sampling agree to about 1%. The multi-power fit of the same runs leaves C at 0.053 +- 0.025
// on a long curved valley through B, C and beta, and there the two part. Drawing every parameter
// Gaussian, as the covariance literally reads, gives a spread (half the 16-84% range) 6.6x the
// delta method's at mid-run of cosine_24000 and 5x at its end; drawing alpha, C and beta as
// logarithms, as sampleBand (tests/core/SampledBand.h) does, 1.9x and 1.75x (1.2x at the end of
// the held-out WSD, 1.0x at
// the end of the held-out 72000-step cosine). The extra width is not the data's, though: draws
// with every parameter Gaussian worsen the fit by 138 in chi^2 on average where 6 free
// parameters should cost 6 (the log draws: 11), and weighting each draw by its likelihood on the
// fitted runs (importance sampling, on a least-squares fit, whose likelihood the covariance
// describes) gives a spread the delta method matches within 20% at every step checked, fitted
// and held-out schedules alike, while the sampled band is up to 1.5x it on that fit. So for the
// multi-power law the delta method is the closer band, and sampling the covariance is not the
// way to a more honest one: the Gaussian it samples is too wide along the valley.
// likelihoodAgreesWithTheDeltaMethod keeps these numbers in view.
#include "SampledBand.h"
#include "fit/FitJson.h"
#include "fit/FitRange.h"
#include "fit/Fitter.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include "MultipowerRuns.h"

#include <Eigen/Dense>

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>

using namespace annealer;

namespace {

Run readRun(const QString& name) {
    return readMultipowerRun(name);
}

const std::vector<Run>& demoRuns() {
    static const std::vector<Run> runs = {readRun(QStringLiteral("cosine_24000")),
                                          readRun(QStringLiteral("constant_24000")),
                                          readRun(QStringLiteral("wsdcon_9"))};
    return runs;
}

// The fit of the three demo runs, made once per law and Huber delta.
const FitResult& demoFit(const QString& lawId, double huberDelta = FitOptions{}.huberDelta) {
    static std::map<std::pair<QString, double>, FitResult> fits;
    const auto key = std::make_pair(lawId, huberDelta);
    if (auto found = fits.find(key); found != fits.end()) return found->second;
    auto law = makeLaw(lawId);
    if (!law) qFatal("%s", qPrintable(law.error()));
    FitOptions options;
    // The band is checked against the spread the data alone allow: no prior in these fits.
    options.priorWeight = 0.0;
    options.huberDelta = huberDelta;
    auto fit = Fitter().fit(**law, demoRuns(), options);
    if (!fit) qFatal("%s", qPrintable(fit.error()));
    return fits.emplace(key, *fit).first->second;
}

std::shared_ptr<const LossLaw> lawOf(const QString& id) {
    auto law = makeLaw(id);
    if (!law) qFatal("%s", qPrintable(law.error()));
    return *law;
}

// Half the 16-84% range of values (the sampled band's spread), by its own route.
double halfCentralRange(std::vector<double> values) {
    const auto at = [&](double q) {
        const double position = q * static_cast<double>(values.size() - 1);
        const auto below = static_cast<std::ptrdiff_t>(std::floor(position));
        std::nth_element(values.begin(), values.begin() + below, values.end());
        const double low = values[static_cast<std::size_t>(below)];
        const double high = *std::min_element(values.begin() + below + 1, values.end());
        return low + (position - static_cast<double>(below)) * (high - low);
    };
    return 0.5 * (at(0.841344746) - at(0.158655254));
}

// The covariance's square root by eigen-decomposition, as it is singular where a parameter sits
// at a bound.
Eigen::MatrixXd squareRoot(const Eigen::MatrixXd& covariance) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    return solver.eigenvectors() * solver.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Parameter vectors from N(parameters, covariance), with the parameters whose lower bound is
// above 0 in log space if logPositive; draws outside the bounds left out. Its own generator.
std::vector<std::vector<double>> monteCarloDraws(const std::vector<LawParameter>& specs,
                                                 const std::vector<double>& parameters,
                                                 const std::vector<double>& covariance,
                                                 bool logPositive, int samples,
                                                 std::uint64_t seed = 20250101) {
    const auto p = static_cast<Eigen::Index>(parameters.size());
    Eigen::VectorXd scale = Eigen::VectorXd::Ones(p);
    std::vector<bool> logSpace(parameters.size());
    for (Eigen::Index j = 0; j < p; ++j) {
        logSpace[static_cast<std::size_t>(j)] =
            logPositive && specs[static_cast<std::size_t>(j)].lower > 0.0;
        if (logSpace[static_cast<std::size_t>(j)])
            scale(j) = 1.0 / parameters[static_cast<std::size_t>(j)];
    }
    const Eigen::MatrixXd root =
        squareRoot(scale.asDiagonal() * Eigen::Map<const RowMajor>(covariance.data(), p, p) *
                   scale.asDiagonal());
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<std::vector<double>> draws;
    Eigen::VectorXd z(p);
    for (int s = 0; s < samples; ++s) {
        for (Eigen::Index j = 0; j < p; ++j) z(j) = normal(generator);
        const Eigen::VectorXd offset = root * z;
        std::vector<double> theta(parameters.size());
        bool inside = true;
        for (Eigen::Index j = 0; j < p; ++j) {
            const auto k = static_cast<std::size_t>(j);
            theta[k] =
                logSpace[k] ? parameters[k] * std::exp(offset(j)) : parameters[k] + offset(j);
            if (covariance[k * parameters.size() + k] == 0.0) theta[k] = parameters[k];
            inside = inside && theta[k] >= specs[k].lower && theta[k] <= specs[k].upper;
        }
        if (inside) draws.push_back(std::move(theta));
    }
    return draws;
}

// L(steps[i]) for every draw, as columns per step.
std::vector<std::vector<double>> valuesPerStep(const LawEvaluator& evaluator,
                                               const std::vector<std::vector<double>>& draws,
                                               const std::vector<std::int64_t>& steps) {
    std::vector<std::vector<double>> perStep(steps.size());
    std::vector<double> values(steps.size());
    for (const std::vector<double>& theta : draws) {
        evaluator.evaluate(theta, steps, values, nullptr);
        for (std::size_t i = 0; i < steps.size(); ++i) perStep[i].push_back(values[i]);
    }
    return perStep;
}

// Standard deviations of L(steps) over parameters drawn from N(parameters, covariance).
std::vector<double> monteCarloSigma(const LawEvaluator& evaluator,
                                    const std::vector<LawParameter>& specs,
                                    const std::vector<double>& parameters,
                                    const std::vector<double>& covariance,
                                    const std::vector<std::int64_t>& steps, int samples) {
    std::vector<LawParameter> unbounded = specs;
    for (LawParameter& spec : unbounded) spec.lower = -HUGE_VAL, spec.upper = HUGE_VAL;
    const auto perStep = valuesPerStep(
        evaluator, monteCarloDraws(unbounded, parameters, covariance, false, samples), steps);
    std::vector<double> result;
    for (const std::vector<double>& values : perStep) {
        double mean = 0.0, squares = 0.0;
        for (double v : values) mean += v;
        mean /= static_cast<double>(values.size());
        for (double v : values) squares += (v - mean) * (v - mean);
        result.push_back(std::sqrt(squares / static_cast<double>(values.size() - 1)));
    }
    return result;
}

std::vector<std::int64_t> checkSteps(const Run& run) {
    const std::int64_t last = run.schedule.steps() - 1;
    return {last / 8, last / 2, last * 7 / 8, last};
}

// L = θ0 + θ1 * t, not finite where θ0 > nanAbove: a law whose sampled spread is known.
class StraightLine : public LawEvaluator {
public:
    explicit StraightLine(double nanAbove) : nanAbove_(nanAbove) {}
    void evaluateSteps(std::span<const double> params, std::span<const std::int64_t> steps,
                       std::span<double> values, double* jacobian) const override {
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const auto t = static_cast<double>(steps[i]);
            values[i] = params[0] > nanAbove_ ? std::nan("") : params[0] + params[1] * t;
            if (jacobian) {
                jacobian[2 * i] = 1.0;
                jacobian[2 * i + 1] = t;
            }
        }
    }

private:
    double nanAbove_;
};

const std::vector<LawParameter> kLineSpecs = {
    {QStringLiteral("a"), -1e9, 1e9, 0.0, QString()},
    {QStringLiteral("b"), -1e9, 1e9, 0.0, QString()},
};

// The built-in demo (resources/demo): its multi-power fit, made with leave-one-run-out
// cross-validation, and the range of the three runs it was fitted on.
const QString kDemoDir = QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/..");

const FitResult& builtInDemoFit() {
    static const FitResult fit = [] {
        auto loaded = loadFitFile(kDemoDir + QStringLiteral("/fit.json"));
        if (!loaded) qFatal("%s", qPrintable(loaded.error()));
        return *loaded;
    }();
    return fit;
}

const FitRange& builtInDemoRange() {
    static const FitRange range = [] {
        std::vector<Run> runs;
        for (const FittedRun& used : builtInDemoFit().runs) {
            auto read = readRuns(kDemoDir + QStringLiteral("/curves/%1.csv").arg(used.name), {},
                                 {});
            if (!read || read->empty()) qFatal("demo run %s", qPrintable(used.name));
            runs.push_back(read->front());
        }
        std::vector<const SampledSchedule*> seen;
        for (const Run& run : runs) seen.push_back(&run.schedule);
        return fitRangeOf(seen);
    }();
    return range;
}

Schedule builtInDemoSchedule(const QString& name) {
    auto schedule = loadScheduleFile(kDemoDir + QStringLiteral("/schedules/%1.json").arg(name));
    if (!schedule) qFatal("%s", qPrintable(schedule.error()));
    return *schedule;
}

// A band as the designer draws it: the delta method, and beyond the fit's range the reach and
// widening; `plain` gets the band before the widening.
struct DemoBand {
    PredictionBand plain;
    PredictionBand widened;
    RangeExit exit;
    std::vector<double> reach;
};

DemoBand demoBand(const Schedule& schedule, double crossValidatedPredE) {
    const FitResult& fit = builtInDemoFit();
    const SampledSchedule sampled = schedule.sample();
    const auto evaluator = lawOf(fit.lawId)->prepare(sampled);
    std::vector<std::int64_t> steps;
    for (std::int64_t step = sampled.warmupSteps; step < sampled.steps(); step += 24)
        steps.push_back(step);
    steps.push_back(sampled.steps() - 1);
    DemoBand band;
    band.plain = predictBand(*evaluator, fit.parameters, fit.covariance, steps);
    band.widened = band.plain;
    band.exit = rangeExit(builtInDemoRange(), sampled.lr, 1, sampled.steps());
    band.reach = extrapolationReach(builtInDemoRange(), band.exit, sampled.lr, 1, steps);
    widenBeyondRange(band.widened, band.reach, crossValidatedPredE);
    return band;
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
    // late: the band is a statement about curves the fit has not seen. The multi-power law only
    // with its covariance shrunk, where first order is enough (see the top of this file).
    void deltaMethodMatchesMonteCarlo() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        QFETCH(QString, lawId);
        QFETCH(double, covarianceScale);
        const auto law = lawOf(lawId);
        const FitResult& fit = demoFit(lawId);
        QCOMPARE(fit.covariance.size(), fit.parameters.size() * fit.parameters.size());
        std::vector<double> covariance = fit.covariance;
        for (double& entry : covariance) entry *= covarianceScale;
        for (const QString& name :
             {QStringLiteral("cosine_24000"), QStringLiteral("wsd_20000_24000"),
              QStringLiteral("cosine_72000")}) {
            const Run run = readRun(name);
            const auto evaluator = law->prepare(run.schedule);
            const std::vector<std::int64_t> steps = checkSteps(run);
            const PredictionBand band = predictBand(*evaluator, fit.parameters, covariance, steps);
            const std::vector<double> sampled = monteCarloSigma(
                *evaluator, law->parameters(), fit.parameters, covariance, steps, 20000);
            std::vector<double> plain(steps.size());
            evaluator->evaluate(fit.parameters, steps, plain, nullptr);
            for (std::size_t i = 0; i < steps.size(); ++i) {
                QCOMPARE(band.values[i], plain[i]);
                QVERIFY(band.sigma[i] > 0.0);
                // 20000 samples estimate a standard deviation to about 0.5%.
                const double relative = std::abs(band.sigma[i] - sampled[i]) / sampled[i];
                QVERIFY2(relative < 0.03, qPrintable(QStringLiteral("%1 step %2: %3 vs %4")
                                                         .arg(name)
                                                         .arg(steps[i])
                                                         .arg(band.sigma[i])
                                                         .arg(sampled[i])));
            }
        }
    }

    void sampledBandMatchesMonteCarlo_data() {
        QTest::addColumn<QString>("lawId");
        QTest::newRow("momentum") << QStringLiteral("momentum");
        QTest::newRow("multipower") << QStringLiteral("multipower");
    }

    // sampleBand against 20000 draws of the same distribution by other code (its own
    // generator, quantiles and log transform), on the full covariance. With 4096 draws half the
    // 16-84% range is known to about 2%, so they agree within 6%; the default 64 draws know it
    // to about 12%, so within 40%.
    void sampledBandMatchesMonteCarlo() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        QFETCH(QString, lawId);
        const auto law = lawOf(lawId);
        const FitResult& fit = demoFit(lawId);
        const auto reference =
            monteCarloDraws(law->parameters(), fit.parameters, fit.covariance, true, 20000, 7);
        QVERIFY(reference.size() > 19900);
        for (const QString& name :
             {QStringLiteral("cosine_24000"), QStringLiteral("wsd_20000_24000"),
              QStringLiteral("cosine_72000")}) {
            const Run run = readRun(name);
            const auto evaluator = law->prepare(run.schedule);
            const std::vector<std::int64_t> steps = checkSteps(run);
            const auto perStep = valuesPerStep(*evaluator, reference, steps);
            const SampledBand many = sampleBand(*evaluator, law->parameters(), fit.parameters,
                                                fit.covariance, steps, {4096, 11});
            const SampledBand band =
                sampleBand(*evaluator, law->parameters(), fit.parameters, fit.covariance, steps);
            const PredictionBand delta =
                predictBand(*evaluator, fit.parameters, fit.covariance, steps);
            QCOMPARE(many.method, BandMethod::Sampled);
            QCOMPARE(band.method, BandMethod::Sampled);
            QCOMPARE(band.draws, 64);
            QCOMPARE(band.values, delta.values);
            for (std::size_t i = 0; i < steps.size(); ++i) {
                const double expected = halfCentralRange(perStep[i]);
                qInfo(
                    "%s %s step %lld: L %.5f, delta %.3g, sampled %.3g (4096 draws %.3g), "
                    "Monte-Carlo %.3g",
                    qPrintable(lawId), qPrintable(name), static_cast<long long>(steps[i]),
                    band.values[i], delta.sigma[i], band.sigma[i], many.sigma[i], expected);
                QVERIFY2(std::abs(many.sigma[i] / expected - 1.0) < 0.06,
                         qPrintable(QStringLiteral("%1 step %2: %3 vs %4")
                                        .arg(name)
                                        .arg(steps[i])
                                        .arg(many.sigma[i])
                                        .arg(expected)));
                QVERIFY(std::abs(band.sigma[i] / expected - 1.0) < 0.4);
            }
        }
    }

    // Where the law is nearly linear over the covariance, sampling is the delta method again.
    void sampledBandIsTheDeltaMethodForTheMomentumLaw() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const auto law = lawOf(QStringLiteral("momentum"));
        const FitResult& fit = demoFit(QStringLiteral("momentum"));
        for (const QString& name :
             {QStringLiteral("cosine_24000"), QStringLiteral("cosine_72000")}) {
            const Run run = readRun(name);
            const auto evaluator = law->prepare(run.schedule);
            const std::vector<std::int64_t> steps = checkSteps(run);
            const PredictionBand delta =
                predictBand(*evaluator, fit.parameters, fit.covariance, steps);
            const SampledBand sampled = sampleBand(*evaluator, law->parameters(), fit.parameters,
                                                   fit.covariance, steps, {4096, 3});
            for (std::size_t i = 0; i < steps.size(); ++i)
                QVERIFY2(std::abs(sampled.sigma[i] / delta.sigma[i] - 1.0) < 0.05,
                         qPrintable(QStringLiteral("%1 step %2: sampled %3, delta %4")
                                        .arg(name)
                                        .arg(steps[i])
                                        .arg(sampled.sigma[i])
                                        .arg(delta.sigma[i])));
        }
    }

    // The spread the data support, by importance sampling: draws from the sampled band's own
    // Gaussian, each weighted by likelihood / proposal density, where the likelihood is that of
    // the fitted runs' log losses with the fit's residual variance. On a least-squares fit (no
    // Huber loss), as s^2 (J^T J)^-1 describes that likelihood's curvature. The delta method
    // lands within 20% of that spread at every step; the sampled band, drawn to convergence, up
    // to 1.5x above it (see the top of this file).
    void likelihoodAgreesWithTheDeltaMethod() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const auto law = lawOf(QStringLiteral("multipower"));
        const FitResult& fit = demoFit(QStringLiteral("multipower"), 0.0);
        const std::vector<LawParameter>& specs = law->parameters();
        const std::size_t p = fit.parameters.size();
        std::vector<std::unique_ptr<LawEvaluator>> fitted;
        for (const Run& run : demoRuns()) fitted.push_back(law->prepare(run.schedule));
        const auto squaredResiduals = [&](const std::vector<double>& theta) {
            double sum = 0.0;
            for (std::size_t k = 0; k < fitted.size(); ++k) {
                const Run& run = demoRuns()[k];
                std::vector<double> values(run.lossSteps.size());
                fitted[k]->evaluate(theta, run.lossSteps, values, nullptr);
                for (std::size_t i = 0; i < values.size(); ++i) {
                    const double r = std::log(run.loss[i]) - std::log(values[i]);
                    sum += std::isfinite(r) ? r * r : HUGE_VAL;
                }
            }
            return sum;
        };
        std::size_t points = 0, free = 0;
        for (const Run& run : demoRuns()) points += run.lossSteps.size();
        for (std::size_t j = 0; j < p; ++j) free += fit.covariance[j * p + j] > 0.0 ? 1 : 0;
        const double least = squaredResiduals(fit.parameters);
        const double residualVariance = least / static_cast<double>(points - free);

        // The proposal's density in the space it is drawn in (log for positive lower bounds).
        const auto toSampled = [&](const std::vector<double>& theta) {
            Eigen::VectorXd u(static_cast<Eigen::Index>(p));
            for (std::size_t j = 0; j < p; ++j)
                u(static_cast<Eigen::Index>(j)) =
                    specs[j].lower > 0.0 ? std::log(theta[j]) : theta[j];
            return u;
        };
        Eigen::VectorXd scale(static_cast<Eigen::Index>(p));
        for (std::size_t j = 0; j < p; ++j)
            scale(static_cast<Eigen::Index>(j)) =
                specs[j].lower > 0.0 ? 1.0 / fit.parameters[j] : 1.0;
        const auto size = static_cast<Eigen::Index>(p);
        const Eigen::MatrixXd sampledCovariance =
            scale.asDiagonal() * Eigen::Map<const RowMajor>(fit.covariance.data(), size, size) *
            scale.asDiagonal();
        const Eigen::MatrixXd precision =
            sampledCovariance.completeOrthogonalDecomposition().pseudoInverse();
        const Eigen::VectorXd centre = toSampled(fit.parameters);

        // How far the fit to the data worsens, in chi^2, for parameters drawn from the
        // covariance: 6 on average for 6 free parameters if the Gaussian were exact.
        const auto meanChiSquareRise = [&](const std::vector<std::vector<double>>& draws) {
            double sum = 0.0;
            for (const std::vector<double>& theta : draws)
                sum += (squaredResiduals(theta) - least) / residualVariance;
            return sum / static_cast<double>(draws.size());
        };
        const double naturalRise =
            meanChiSquareRise(monteCarloDraws(specs, fit.parameters, fit.covariance, false, 1000));

        const std::vector<std::vector<double>> draws =
            drawParameters(specs, fit.parameters, fit.covariance, 3000, 5);
        QCOMPARE(draws.size(), std::size_t{3000});
        std::vector<double> logWeights;
        double rise = 0.0;
        for (const std::vector<double>& theta : draws) {
            const Eigen::VectorXd offset = toSampled(theta) - centre;
            const double chiSquare = (squaredResiduals(theta) - least) / residualVariance;
            rise += chiSquare / static_cast<double>(draws.size());
            logWeights.push_back(-0.5 * chiSquare + 0.5 * offset.dot(precision * offset));
        }
        const double top = *std::max_element(logWeights.begin(), logWeights.end());
        std::vector<double> weights;
        double total = 0.0, squares = 0.0;
        for (double logWeight : logWeights) {
            weights.push_back(std::exp(logWeight - top));
            total += weights.back();
            squares += weights.back() * weights.back();
        }
        const double effective = total * total / squares;
        qInfo(
            "multipower, least squares, %zu free parameters: mean chi^2 rise %.1f for draws with "
            "alpha, C and beta as logarithms, %.1f for all of them Gaussian; effective sample "
            "size of the weighted draws %.0f of %zu",
            free, rise, naturalRise, effective, draws.size());
        QVERIFY(rise < 3.0 * static_cast<double>(free));
        QVERIFY(naturalRise > 10.0 * static_cast<double>(free));
        QVERIFY(effective > 300.0);

        for (const QString& name :
             {QStringLiteral("cosine_24000"), QStringLiteral("wsd_20000_24000"),
              QStringLiteral("cosine_72000")}) {
            const Run run = readRun(name);
            const auto evaluator = law->prepare(run.schedule);
            const std::vector<std::int64_t> steps = checkSteps(run);
            const auto perStep = valuesPerStep(*evaluator, draws, steps);
            const PredictionBand delta =
                predictBand(*evaluator, fit.parameters, fit.covariance, steps);
            const SampledBand sampled =
                sampleBand(*evaluator, specs, fit.parameters, fit.covariance, steps, {4096, 11});
            for (std::size_t i = 0; i < steps.size(); ++i) {
                // Half the weighted 16-84% range.
                std::vector<std::size_t> order(draws.size());
                for (std::size_t d = 0; d < order.size(); ++d) order[d] = d;
                std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                    return perStep[i][a] < perStep[i][b];
                });
                const auto weightedQuantile = [&](double q) {
                    double below = 0.0;
                    for (std::size_t d : order)
                        if ((below += weights[d]) >= q * total) return perStep[i][d];
                    return perStep[i][order.back()];
                };
                const double supported =
                    0.5 * (weightedQuantile(0.841344746) - weightedQuantile(0.158655254));
                qInfo(
                    "multipower %s step %lld: delta %.3g, sampled (4096 draws) %.3g, "
                    "likelihood-weighted %.3g "
                    "(delta/weighted %.2f, sampled/weighted %.2f)",
                    qPrintable(name), static_cast<long long>(steps[i]), delta.sigma[i],
                    sampled.sigma[i], supported, delta.sigma[i] / supported,
                    sampled.sigma[i] / supported);
                QVERIFY(std::abs(delta.sigma[i] / supported - 1.0) < 0.3);
                QVERIFY(sampled.sigma[i] / supported < 1.7);
            }
        }
    }

    void sameInputsSameBand() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const auto law = lawOf(QStringLiteral("multipower"));
        const FitResult& fit = demoFit(QStringLiteral("multipower"));
        const Run run = readRun(QStringLiteral("wsd_20000_24000"));
        const auto evaluator = law->prepare(run.schedule);
        const SampledBand first = sampleBand(*evaluator, law->parameters(), fit.parameters,
                                             fit.covariance, run.lossSteps);
        const SampledBand again = sampleBand(*evaluator, law->parameters(), fit.parameters,
                                             fit.covariance, run.lossSteps);
        QCOMPARE(first.method, BandMethod::Sampled);
        QCOMPARE(again.sigma, first.sigma);
        QCOMPARE(again.values, first.values);
        const SampledBand otherSeed = sampleBand(*evaluator, law->parameters(), fit.parameters,
                                                 fit.covariance, run.lossSteps, {64, 1});
        QVERIFY(otherSeed.sigma != first.sigma);
    }

    // Every draw lies inside the law's bounds; gamma, which the multi-power fit holds at its
    // upper bound 1 (no variance), stays exactly there; and where a bound cuts the Gaussian
    // (momentum's C >= 0 with a standard error as large as C), the draws are the Gaussian
    // restricted to the bounds, not a pile at the bound.
    void drawsStayInsideTheBounds() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const auto multipower = lawOf(QStringLiteral("multipower"));
        const FitResult& fit = demoFit(QStringLiteral("multipower"));
        const int gamma = multipower->parameterIndex(QStringLiteral("gamma"));
        QCOMPARE(fit.parameters[static_cast<std::size_t>(gamma)], 1.0);
        const auto draws =
            drawParameters(multipower->parameters(), fit.parameters, fit.covariance, 2000, 1);
        QCOMPARE(draws.size(), std::size_t{2000});
        for (const std::vector<double>& theta : draws) {
            QVERIFY(multipower->checkParameters(theta));
            QCOMPARE(theta[static_cast<std::size_t>(gamma)], 1.0);
        }

        const auto momentum = lawOf(QStringLiteral("momentum"));
        const FitResult& momentumFit = demoFit(QStringLiteral("momentum"));
        const std::size_t p = momentumFit.parameters.size();
        const auto c = static_cast<std::size_t>(momentum->parameterIndex(QStringLiteral("C")));
        const double value = momentumFit.parameters[c];
        std::vector<double> covariance(p * p, 0.0);
        covariance[c * p + c] = value * value;
        const auto cut =
            drawParameters(momentum->parameters(), momentumFit.parameters, covariance, 4000, 2);
        QCOMPARE(cut.size(), std::size_t{4000});
        int nearZero = 0;
        double mean = 0.0;
        for (const std::vector<double>& theta : cut) {
            QVERIFY(momentum->checkParameters(theta));
            nearZero += theta[c] < 0.01 * value ? 1 : 0;
            mean += theta[c] / static_cast<double>(cut.size());
        }
        // N(C, C^2) cut at 0: about 0.3% of it below C/100 (clamping would put 16% at 0), and a
        // mean of C + C * phi(1) / Phi(1) = 1.288 C.
        QVERIFY(nearZero < 40);
        QVERIFY(std::abs(mean / value - 1.288) < 0.03);
    }

    // With the draws' distribution known (a straight line in t), the band is its spread; draws
    // the law cannot evaluate are left out; and with too few usable draws, or too few inside the
    // bounds, the band falls back to the delta method and says so.
    void unusableDrawsFallBackToTheDeltaMethod() {
        const std::vector<double> parameters = {1.0, 0.5};
        const std::vector<double> covariance = {0.04, 0.0, 0.0, 0.01};  // sd 0.2 and 0.1
        const std::vector<std::int64_t> steps = {0, 3};
        const SampledBand band = sampleBand(StraightLine(HUGE_VAL), kLineSpecs, parameters,
                                            covariance, steps, {4096, 4});
        QCOMPARE(band.method, BandMethod::Sampled);
        QVERIFY(std::abs(band.sigma[0] / 0.2 - 1.0) < 0.05);
        QVERIFY(std::abs(band.sigma[1] / std::sqrt(0.04 + 9 * 0.01) - 1.0) < 0.05);

        // a > 1.2 (16% of draws) gives NaN: the band is the spread of the other 84%.
        const SampledBand partly =
            sampleBand(StraightLine(1.2), kLineSpecs, parameters, covariance, steps, {4096, 4});
        QCOMPARE(partly.method, BandMethod::Sampled);
        QVERIFY(partly.sigma[0] < 0.9 * band.sigma[0]);

        // a > 0.9 (69% of draws) gives NaN: too few left.
        const SampledBand mostly =
            sampleBand(StraightLine(0.9), kLineSpecs, parameters, covariance, steps);
        QCOMPARE(mostly.method, BandMethod::DeltaMethod);
        QCOMPARE(mostly.sigma[1], std::sqrt(0.04 + 9 * 0.01));

        // Bounds a in [0.995, 1.005]: 2% of draws inside, too few even after 16 tries per draw.
        std::vector<LawParameter> narrow = kLineSpecs;
        narrow[0].lower = 0.995;
        narrow[0].upper = 1.005;
        const SampledBand cut =
            sampleBand(StraightLine(HUGE_VAL), narrow, parameters, covariance, steps);
        QCOMPARE(cut.method, BandMethod::DeltaMethod);
        QVERIFY(cut.draws < 32);
        QCOMPARE(cut.sigma[0], 0.2);
    }

    void noCovarianceNoBand() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const auto law = lawOf(QStringLiteral("multipower"));
        const FitResult& fit = demoFit(QStringLiteral("multipower"));
        const Run run = readRun(QStringLiteral("wsdcon_3"));
        const auto evaluator = law->prepare(run.schedule);
        const std::vector<double> zeros(fit.covariance.size(), 0.0);
        std::vector<double> plain(run.lossSteps.size());
        evaluator->evaluate(fit.parameters, run.lossSteps, plain, nullptr);
        for (const std::vector<double>& covariance : {zeros, std::vector<double>{}}) {
            for (const PredictionBand& band : std::initializer_list<PredictionBand>{
                     predictBand(*evaluator, fit.parameters, covariance, run.lossSteps),
                     sampleBand(*evaluator, law->parameters(), fit.parameters, covariance,
                                run.lossSteps)}) {
                QCOMPARE(band.steps, run.lossSteps);
                QCOMPARE(band.values, plain);
                for (double sigma : band.sigma) QCOMPARE(sigma, 0.0);
            }
            QCOMPARE(
                sampleBand(*evaluator, law->parameters(), fit.parameters, covariance, run.lossSteps)
                    .method,
                BandMethod::None);
        }
    }

    // The widening by the fit's cross-validated error on a constructed band: sigma 0.01 at loss
    // 3 (a straight line whose intercept has standard error 0.01), PredE 0.02, reach 0, 0.5, 1.
    // The added sigma is the one a normal error of mean absolute value PredE has (E|e| =
    // sigma sqrt(2/pi)), times the reach, times the loss, in quadrature with the band's.
    void widenedByTheCrossValidatedErrorInQuadrature() {
        const std::vector<double> parameters = {3.0, 0.0};
        const std::vector<double> covariance = {1e-4, 0.0, 0.0, 0.0};
        const std::vector<std::int64_t> steps = {10, 20, 30};
        PredictionBand band = predictBand(StraightLine(HUGE_VAL), parameters, covariance, steps);
        QCOMPARE(band.sigma, (std::vector<double>{0.01, 0.01, 0.01}));
        const std::vector<double> reach = {0.0, 0.5, 1.0};
        QVERIFY(widenBeyondRange(band, reach, 0.02));
        const double sigmaCv = 0.02 / std::sqrt(2.0 / M_PI);
        QCOMPARE(band.sigma[0], 0.01);
        for (std::size_t i = 1; i < steps.size(); ++i) {
            const double added = reach[i] * sigmaCv * 3.0;
            QCOMPARE(band.sigma[i], std::sqrt(0.01 * 0.01 + added * added));
            // As half-widths: sqrt(half^2 + (z reach sigma_cv L)^2).
            QCOMPARE(kBandSigmas * band.sigma[i],
                     std::sqrt(std::pow(kBandSigmas * 0.01, 2) + std::pow(kBandSigmas * added, 2)));
        }
        QCOMPARE(band.values, (std::vector<double>{3.0, 3.0, 3.0}));
        // A normal sample's mean absolute error over sqrt(2/pi) is its standard deviation.
        std::mt19937_64 random(7);
        std::normal_distribution<double> normal(0.0, 0.03);
        double sumAbs = 0.0;
        constexpr int kDraws = 200000;
        for (int i = 0; i < kDraws; ++i) sumAbs += std::abs(normal(random));
        QVERIFY(std::abs(relativeSigmaOfPredE(sumAbs / kDraws) / 0.03 - 1.0) < 0.01);
    }

    // Without a cross-validated PredE (a fit of one run, or an older fit.json: NaN), or with a
    // reach that does not match the band, the band stays as it was, bit for bit.
    void noCrossValidatedErrorLeavesTheBand() {
        const Schedule higher = [] {
            Schedule schedule = builtInDemoSchedule(QStringLiteral("cosine10"));
            schedule.peak *= 2.0;
            return schedule;
        }();
        for (const double predE : {std::numeric_limits<double>::quiet_NaN(), 0.0, -0.01}) {
            const DemoBand band = demoBand(higher, predE);
            QVERIFY(!band.exit.isInside());
            QVERIFY(band.reach.back() > 0.0);
            QVERIFY(std::memcmp(band.widened.sigma.data(), band.plain.sigma.data(),
                                band.plain.sigma.size() * sizeof(double)) == 0);
        }
        PredictionBand band = demoBand(higher, 0.01).plain;
        const std::vector<double> before = band.sigma;
        QVERIFY(!widenBeyondRange(band, std::vector<double>(before.size() - 1, 1.0), 0.01));
        QVERIFY(band.sigma == before);
    }

    // The built-in demo's fit (multi-power, cross-validated on its three runs) and its designed
    // cosine: inside the fitted range the band is exactly the delta method's; with the peak LR
    // raised above the fitted runs', from the step it passes their peak on the band is at least
    // as wide, and the more the peak is raised the wider, to the full cross-validated error at
    // twice the fitted peak; the same for a schedule made longer than twice the longest run.
    void widenedBeyondTheRangeOnlyAndGrowingWithTheExtrapolation() {
        const FitResult& fit = builtInDemoFit();
        QVERIFY(std::isfinite(fit.crossValidatedPredE) && fit.crossValidatedPredE > 0.0);
        const Schedule demo = builtInDemoSchedule(QStringLiteral("cosine10"));
        const DemoBand inside = demoBand(demo, fit.crossValidatedPredE);
        QVERIFY(inside.exit.isInside());
        QVERIFY(std::memcmp(inside.widened.sigma.data(), inside.plain.sigma.data(),
                            inside.plain.sigma.size() * sizeof(double)) == 0);
        QVERIFY(inside.widened.values == inside.plain.values);

        const double sigmaCv = relativeSigmaOfPredE(fit.crossValidatedPredE);
        // The added term, in units of the full one, of the last schedule: `lastAdded`.
        std::vector<double> lastAdded;
        const auto check = [&](const std::vector<Schedule>& schedules) {
            std::map<std::int64_t, double> previousAdded;  // by step, of the schedule before
            for (const Schedule& schedule : schedules) {
                const DemoBand band = demoBand(schedule, fit.crossValidatedPredE);
                const std::optional<std::int64_t> first = band.exit.firstStepOutside();
                QVERIFY(first);
                std::vector<double> added(band.plain.sigma.size());
                for (std::size_t i = 0; i < added.size(); ++i) {
                    const double plain = band.plain.sigma[i];
                    const double widened = band.widened.sigma[i];
                    QVERIFY(plain > 0.0);
                    if (band.plain.steps[i] < *first) {
                        QVERIFY(std::memcmp(&widened, &plain, sizeof(double)) == 0);
                    } else {
                        QVERIFY(widened >= plain);
                    }
                    // What was added, in units of the full term sigma_cv * L.
                    added[i] = std::sqrt(std::max(0.0, widened * widened - plain * plain)) /
                               (sigmaCv * band.plain.values[i]);
                    QVERIFY(std::abs(added[i] - band.reach[i]) < 1e-6);
                    if (i > 0) QVERIFY(added[i] >= added[i - 1] - 1e-9);
                    const auto before = previousAdded.find(band.plain.steps[i]);
                    if (before != previousAdded.end())
                        QVERIFY(added[i] >= before->second - 1e-9);
                }
                QVERIFY(added.back() > 0.0);
                previousAdded.clear();
                for (std::size_t i = 0; i < added.size(); ++i)
                    previousAdded[band.plain.steps[i]] = added[i];
                lastAdded = added;
            }
        };
        std::vector<Schedule> higher;
        for (const double factor : {1.1, 1.3, 1.6, 2.0 * (1.0 + FitRange::kPeakTolerance), 3.0}) {
            Schedule schedule = demo;
            schedule.peak *= factor;
            higher.push_back(schedule);
        }
        check(higher);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(lastAdded.back(), 1.0);  // the full cross-validated error at 2x the peak
        std::vector<Schedule> longer;
        for (const double factor : {2.5, 3.0, 4.0}) {  // times the longest fitted run
            Schedule schedule = demo;
            schedule.steps = static_cast<std::int64_t>(
                factor * static_cast<double>(builtInDemoRange().longestSteps));
            longer.push_back(schedule);
        }
        check(longer);
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
