// Timings of the numerical core, printed as a table: schedule sampling, both laws' predictions
// on long schedules, both laws' fits on the standard three-curve protocol, and the uncertainty
// band of a prediction.
//   build/benchmarks/bench_core [DATA_DIR]      (DATA_DIR: ../shared/data/multipower by default,
//                                                read in place; the fits are left out without it)
#include "CptDemoRuns.h"
#include "fit/Fitter.h"
#include "fit/PredictionBand.h"
#include "law/LossDropSum.h"
#include "law/LossLaw.h"
#include "optimize/ScheduleOptimizer.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include "SharedData.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
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

// VmRSS or VmHWM of this process from /proc/self/status, in MB (-1 where not available).
double statusMb(const char* key) {
    std::FILE* status = std::fopen("/proc/self/status", "r");
    if (status == nullptr) return -1.0;
    char line[256];
    double kb = -1.0;
    const std::size_t length = std::strlen(key);
    while (std::fgets(line, sizeof line, status))
        if (std::strncmp(line, key, length) == 0 && std::sscanf(line + length, ": %lf", &kb) == 1)
            break;
    std::fclose(status);
    return kb / 1024.0;
}

// How far resident memory rose above what the process held before `work`, in MB (Linux:
// writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS; -1 where that fails).
double peakRiseMbDuring(const std::function<void()>& work) {
    std::FILE* reset = std::fopen("/proc/self/clear_refs", "w");
    if (reset == nullptr) return -1.0;
    const bool cleared = std::fputs("5", reset) >= 0;
    std::fclose(reset);
    const double before = statusMb("VmRSS");
    work();
    if (!cleared || before < 0.0) return -1.0;
    return statusMb("VmHWM") - before;
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
                                     : sharedDataPath(QStringLiteral("multipower"));
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
    // The families of the papers: a pow (power scheduler) or cos (one-cycle) per step.
    const Schedule rex10M = makeSchedule(
        QStringLiteral("rex"), {QStringLiteral("steps=10000000"), QStringLiteral("peak=3e-4"),
                                QStringLiteral("warmup=100000"), QStringLiteral("floor=3e-5")});
    const Schedule power10M = makeSchedule(
        QStringLiteral("power"),
        {QStringLiteral("steps=10000000"), QStringLiteral("peak=3e-4"),
         QStringLiteral("warmup=100000"), QStringLiteral("power_a=0.59"),
         QStringLiteral("tokens_per_step=4096"), QStringLiteral("decay=0.1"),
         QStringLiteral("shape=exponential"), QStringLiteral("floor=1e-8")});
    const Schedule oneCycle10M = makeSchedule(
        QStringLiteral("onecycle"), {QStringLiteral("steps=10000000"), QStringLiteral("peak=3e-4")});
    row("sample 10M steps, REX", medianMs(5, [&] { (void)rex10M.sample(); }), "");
    row("sample 10M steps, power scheduler", medianMs(5, [&] { (void)power10M.sample(); }), "");
    row("sample 10M steps, one-cycle", medianMs(5, [&] { (void)oneCycle10M.sample(); }), "");

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

    // Very long schedules (issue 16): sample, prepare and predict 2000 points, whole; the
    // peak memory includes the sampled schedule (8 bytes a step).
    for (const auto& [steps, target] :
         {std::pair<std::int64_t, const char*>{10'000'000, "<= 1000 ms, <= 300 MB"},
          std::pair<std::int64_t, const char*>{50'000'000, "<= 5000 ms, <= 1000 MB"}}) {
        const Schedule longCosine = makeSchedule(
            QStringLiteral("cosine"),
            {QStringLiteral("steps=%1").arg(steps), QStringLiteral("peak=3e-4"),
             QStringLiteral("warmup=%1").arg(steps / 100), QStringLiteral("floor_ratio=0.1")});
        const std::vector<std::int64_t> longPoints =
            evenlySpaced(steps / 100, steps - 1, 2000);
        std::vector<double> longValues(longPoints.size());
        double ms = 0.0;
        const double mb = peakRiseMbDuring([&] {
            ms = medianMs(1, [&] {
                (*multipower)
                    ->prepare(longCosine.sample())
                    ->evaluate(multiParams, longPoints, longValues, nullptr);
            });
        });
        const QByteArray what = QStringLiteral("multi-power: sample, prepare, predict 2000 points, %1M-step cosine")
                                    .arg(steps / 1'000'000)
                                    .toLatin1();
        std::printf("%-64s %10.2f ms   %s (memory rose %.0f MB)\n", what.constData(), ms, target, mb);
    }

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

    // The fits need the paper's curves (../shared/data/multipower, not part of the project).
    const QString missing = argc > 1 ? QString() : missingSharedData(QStringLiteral("multipower"));
    if (!missing.isEmpty()) {
        std::printf("fits and band skipped: %s\n", qPrintable(missing));
    } else {
        std::vector<Run> training;
        for (const char* name : {"cosine_24000", "constant_24000", "wsdcon_9"}) {
            auto runs = readRuns(dataDir + QStringLiteral("/csv_25/") + QLatin1String(name) +
                                     QStringLiteral(".csv"),
                                 {}, {});
            if (!runs) qFatal("%s", qPrintable(runs.error()));
            training.push_back(runs->front());
        }
        row("momentum fit, 3 curves (25M protocol)",
            medianMs(11, [&] { (void)Fitter().fit(**momentum, training, {}); }), "<= 30 ms");
        row("multi-power fit, 3 curves (25M protocol)",
            medianMs(5, [&] { (void)Fitter().fit(**multipower, training, {}); }), "<= 1000 ms");

        // The band of a predicted curve from the multi-power fit's covariance (delta method), at
        // 200 points of the prepared 1M-step cosine.
        const FitResult multiFit = *Fitter().fit(**multipower, training, {});
        const std::vector<std::int64_t> bandSteps = evenlySpaced(10000, 999999, 200);
        row("multi-power: band (delta method), 200 points of the 1M-step cosine",
            medianMs(11,
                     [&] {
                         (void)predictBand(*prepared, multiFit.parameters, multiFit.covariance,
                                           bandSteps);
                     }),
            "");
    }

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
