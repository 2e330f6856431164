// Timings of the numerical core, printed as a table: schedule sampling, both laws' predictions
// on long schedules, both laws' fits on the standard three-curve protocol, and the uncertainty
// band of a prediction.
//   build/benchmarks/bench_core [DATA_DIR]      (DATA_DIR: tests/data/multipower by default)
#include "CptDemoRuns.h"
#include "fit/Fitter.h"
#include "fit/PredictionBand.h"
#include "law/LossDropSum.h"
#include "law/LossLaw.h"
#include "optimize/ScheduleOptimizer.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

using namespace annealer;

namespace {

// Median wall time of `repeats` calls, in milliseconds.
double medianMs(int repeats, const std::function<void()>& work) {
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void row(const char* what, double ms, const char* target) {
    std::printf("%-64s %10.2f ms   %s\n", what, ms, target);
}

Schedule makeSchedule(const QString& family, const QStringList& keys) {
    auto schedule = scheduleFromKeyValues(family, keys);
    if (!schedule) qFatal("%s", qPrintable(schedule.error()));
    return *schedule;
}

std::vector<std::int64_t> evenlySpaced(std::int64_t first, std::int64_t last, int count) {
    std::vector<std::int64_t> steps;
    for (int i = 0; i < count; ++i) steps.push_back(first + (last - first) * i / (count - 1));
    return steps;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QString dataDir = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                     : QStringLiteral(ANNEALER_SOURCE_DIR "/tests/data/multipower");
    std::printf("%-64s %13s   %s\n", "benchmark (median of repeats)", "time", "target");

    const Schedule cosine10M =
        makeSchedule(QStringLiteral("cosine"),
                     {QStringLiteral("steps=10000000"), QStringLiteral("peak=3e-4"),
                      QStringLiteral("warmup=100000"), QStringLiteral("floor_ratio=0.1")});
    const Schedule wsd10M = makeSchedule(
        QStringLiteral("wsd"), {QStringLiteral("steps=10000000"), QStringLiteral("peak=3e-4"),
                                QStringLiteral("warmup=100000"), QStringLiteral("decay=0.2"),
                                QStringLiteral("shape=1-sqrt"), QStringLiteral("floor=3e-5")});
    row("sample 10M steps, cosine", medianMs(5, [&] { (void)cosine10M.sample(); }), "");
    row("sample 10M steps, WSD 1-sqrt", medianMs(5, [&] { (void)wsd10M.sample(); }), "");

    const SampledSchedule cosine1M =
        makeSchedule(QStringLiteral("cosine"),
                     {QStringLiteral("steps=1000000"), QStringLiteral("peak=3e-4"),
                      QStringLiteral("warmup=10000"), QStringLiteral("floor=3e-5")})
            .sample();
    const std::vector<std::int64_t> points = evenlySpaced(10000, 999999, 2000);
    std::vector<double> values(points.size());

    auto momentum = makeLaw(QStringLiteral("momentum"));
    const std::vector<double> momentumParams = {3.25, 0.54, 0.83, 0.39};
    row("momentum: prepare 1M-step cosine and predict 2000 points",
        medianMs(11,
                 [&] {
                     (*momentum)->prepare(cosine1M)->evaluate(momentumParams, points, values,
                                                              nullptr);
                 }),
        "<= 5 ms");

    auto multipower = makeLaw(QStringLiteral("multipower"));
    const std::vector<double> multiParams = {3.04, 0.52, 0.51, 364, 2.07, 0.58, 0.64};
    std::unique_ptr<LawEvaluator> prepared;
    row("multi-power: prepare 1M-step cosine (build the loss-drop tree)",
        medianMs(5, [&] { prepared = (*multipower)->prepare(cosine1M); }), "");
    row("multi-power: predict 2000 points of the prepared 1M-step cosine",
        medianMs(11, [&] { prepared->evaluate(multiParams, points, values, nullptr); }),
        "<= 20 ms");
    row("multi-power: prepare + predict, total",
        medianMs(
            5,
            [&] {
                (*multipower)->prepare(cosine1M)->evaluate(multiParams, points, values, nullptr);
            }),
        "");

    // The exact O(points x steps) sum on a tenth of the points, for scale and for the error.
    const LossDropSum exactSum(cosine1M.lr, cosine1M.warmupSteps + 1);
    const LossDropSum::Parameters dropParams{2.07, 0.58, 0.64};
    double worst = 0.0;
    const double exactMs = medianMs(1, [&] {
        for (std::size_t i = 0; i < points.size(); i += 10) {
            const double exact = exactSum.evaluateExact(points[i], dropParams, false).value;
            const double fast = exactSum.evaluate(points[i], dropParams, false).value;
            if (exact != 0.0) worst = std::max(worst, std::abs(fast - exact) / std::abs(exact));
        }
    });
    row("multi-power: exact sum, 200 of those points (for comparison)", exactMs, "");
    std::printf("%-64s %10.2g\n", "multi-power: worst relative error of the fast sum there", worst);

    std::vector<Run> training;
    for (const char* name : {"cosine_24000", "constant_24000", "wsdcon_9"}) {
        auto runs = readRuns(
            dataDir + QStringLiteral("/csv_25/") + QLatin1String(name) + QStringLiteral(".csv"), {},
            {});
        if (!runs) qFatal("%s", qPrintable(runs.error()));
        training.push_back(runs->front());
    }
    row("momentum fit, 3 curves (25M protocol)",
        medianMs(11, [&] { (void)Fitter().fit(**momentum, training, {}); }), "<= 30 ms");
    row("multi-power fit, 3 curves (25M protocol)",
        medianMs(5, [&] { (void)Fitter().fit(**multipower, training, {}); }), "<= 1000 ms");

    // The CPT law on the demo CPT curves (resources/demo/cpt): the PT run and two CPT runs.
    for (const char* column : {"val_pt", "val_cpt"}) {
        std::vector<Run> cptRuns;
        for (const char* name : {"pt_wsd", "cpt_rewarm100_cosine", "cpt_rewarm20_cosine"})
            cptRuns.push_back(readCptDemoRun(QLatin1String(name), QLatin1String(column)));
        auto cptLaw = makeLaw(QLatin1String(column) == QLatin1String("val_pt") ? QStringLiteral("cpt-pt")
                                                                                : QStringLiteral("cpt-cpt"));
        const QByteArray what = QByteArray("CPT fit, 3 curves (demo CPT runs), ") + column;
        row(what.constData(), medianMs(5, [&] { (void)Fitter().fit(**cptLaw, cptRuns, {}); }), "<= 1000 ms");
    }

    // The band of a predicted curve from the multi-power fit's covariance (delta method), at 200
    // points of the prepared 1M-step cosine.
    const FitResult multiFit = *Fitter().fit(**multipower, training, {});
    const std::vector<std::int64_t> bandSteps = evenlySpaced(10000, 999999, 200);
    row("multi-power: band (delta method), 200 points of the 1M-step cosine",
        medianMs(11,
                 [&] {
                     (void)predictBand(*prepared, multiFit.parameters, multiFit.covariance,
                                       bandSteps);
                 }),
        "");

    // The multi-power law with the paper's 25M parameters: the optimal schedule for a 24k-step
    // run (free-form, after the family searches it starts from).
    FitResult published;
    published.lawId = QStringLiteral("multipower");
    published.parameters = {3.04045406, 0.52468604, 0.50786857, 363.78751622,
                            2.06560812, 0.58279013, 0.64142257};
    OptimizationConstraints constraints;
    constraints.steps = 24000;
    constraints.peak = 3e-4;
    constraints.warmupSteps = 2160;
    int iterations = 0;
    row("optimize: free-form schedule, 24k steps, multi-power",
        medianMs(3,
                 [&] {
                     iterations =
                         ScheduleOptimizer().optimize(published, constraints, {})->iterations;
                 }),
        "<= 5000 ms");
    std::printf("%-64s %10d\n", "optimize: solver iterations", iterations);
    return 0;
}
