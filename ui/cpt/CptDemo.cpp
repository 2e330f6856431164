#include "CptDemo.h"

#include "AppResources.h"
#include "ItemColours.h"
#include "fit/FitJson.h"
#include "run/LogImport.h"

namespace annealer {

namespace {

struct DemoCptRun {
    const char* file;
    const char* name;
    std::int64_t rewarm;
    double peak;
    const char* shape;
    double floor;
};
// As tools/train_cpt_curves.py trained them: 250 CPT steps after the PT run's step 500.
constexpr double kPtPeak = 3e-3;
constexpr DemoCptRun kRuns[] = {
    {"cpt_rewarm100_cosine", "re-warm to 100%, cosine", 30, kPtPeak, "cosine", 3e-5},
    {"cpt_rewarm50_cosine", "re-warm to 50%, cosine", 30, 0.5 * kPtPeak, "cosine", 3e-5},
    {"cpt_rewarm20_cosine", "re-warm to 20%, cosine", 30, 0.2 * kPtPeak, "cosine", 3e-5},
    {"cpt_rewarm50_wsd", "re-warm to 50%, WSD", 30, 0.5 * kPtPeak, "wsd", 3e-5},
    {"cpt_norewarm_linear", "no re-warm, linear to 0", 0, 0.1 * kPtPeak, "linear", 0.0},
};

Result<CptObservedRun> readObserved(const QString& file) {
    CptObservedRun observed;
    observed.source = QStringLiteral("built-in demo: %1.csv (resources/demo/cpt)").arg(file);
    for (const char* column : {"val_pt", "val_cpt"}) {
        RunAssemblyOptions assembly;
        assembly.lossMetric = QLatin1String(column);
        assembly.lrMetric = QStringLiteral("lr");
        assembly.recognizeSchedule = false;  // only the losses are shown
        auto runs = readRuns(QStringLiteral(":/demo/cpt/%1.csv").arg(file), {}, assembly);
        if (!runs) return Error{runs.error()};
        if (runs->empty()) return Error{file + QStringLiteral(".csv: no run")};
        const Run& run = runs->front();
        observed.steps = run.lossSteps;
        (QLatin1String(column) == QLatin1String("val_pt") ? observed.lossPt : observed.lossCpt) =
            run.loss;
    }
    return observed;
}

}  // namespace

Result<CptProject> buildCptDemoProject() {
    loadAppResources();
    CptProject project;
    Schedule& pt = project.pretraining;
    pt.name = QStringLiteral("pre-training (WSD)");
    pt.family = ScheduleFamily::Wsd;
    pt.steps = 501;  // steps 0..500: the transfer step is 500
    pt.peak = kPtPeak;
    pt.warmupSteps = 30;
    pt.decaySteps = 100;
    pt.floor = 0.1 * kPtPeak;
    pt.decayShape = DecayShape::Linear;
    project.transferStep = 500;
    project.weight = 0.5;
    QStringList colours;
    for (const DemoCptRun& run : kRuns) {
        CptDesignedSchedule entry;
        entry.name = QLatin1String(run.name);
        entry.colour = nextScheduleColour(colours);
        colours << entry.colour;
        entry.phase.rewarmSteps = run.rewarm;
        entry.phase.peak = run.peak;
        entry.phase.shape = QLatin1String(run.shape);
        entry.phase.steps = 250;
        entry.phase.floor = run.floor;
        auto observed = readObserved(QLatin1String(run.file));
        if (!observed) return Error{observed.error()};
        entry.observed = std::move(*observed);
        project.schedules.push_back(std::move(entry));
    }
    project.baseline = 0;
    for (const auto& [file, fit] :
         {std::pair{"fit_pt", &project.ptFit}, std::pair{"fit_cpt", &project.cptFit}}) {
        auto loaded = loadFitFile(QStringLiteral(":/demo/cpt/%1.json").arg(QLatin1String(file)));
        if (!loaded) return Error{loaded.error()};
        *fit = std::move(*loaded);
    }
    return project;
}

}  // namespace annealer
