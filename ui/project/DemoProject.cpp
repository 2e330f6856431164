#include "DemoProject.h"

#include "AppResources.h"
#include "ItemColours.h"
#include "fit/FitJson.h"
#include "run/LogImport.h"

#include <QObject>

namespace annealer {

namespace {

// The runs of the paper's protocol, fitted ones first. The 72000-step runs start hidden: they
// would squeeze the 24000-step schedules into a third of the axis.
struct DemoRun {
    const char* file;
    bool visible;
};
constexpr DemoRun kRuns[] = {
    {"cosine_24000", true},     {"constant_24000", true},    {"wsdcon_9", false},
    {"wsd_20000_24000", false}, {"wsdld_20000_24000", true}, {"wsdcon_3", false},
    {"wsdcon_18", false},       {"cosine_72000", false},     {"constant_72000", false},
};

Schedule demoSchedule(const QString& name, ScheduleFamily family) {
    Schedule schedule;
    schedule.name = name;
    schedule.family = family;
    schedule.steps = 24000;
    schedule.peak = 3e-4;
    schedule.warmupSteps = 2160;  // the runs' warmup
    schedule.warmupShape = WarmupShape::Linear;
    return schedule;
}

}  // namespace

Result<Project> buildDemoProject() {
    loadAppResources();
    Project project;
    QStringList runColours;
    for (const DemoRun& demo : kRuns) {
        const QString file = QString::fromLatin1(demo.file);
        auto runs = readRuns(QStringLiteral(":/demo/%1.csv").arg(file), {}, {});
        if (!runs) return Error{runs.error()};
        for (Run& run : *runs) {
            run.name = file;
            run.source = QObject::tr("built-in demo: %1.csv (Luo et al. 2025, 25M)").arg(file);
            ProjectRun entry;
            entry.id = project.takeId();
            entry.run = std::move(run);
            entry.colour = nextRunColour(runColours);
            entry.visible = demo.visible;
            runColours << entry.colour;
            project.runs.push_back(std::move(entry));
        }
    }

    auto fit = loadFitFile(QStringLiteral(":/demo/fit.json"));
    if (!fit) return Error{fit.error()};
    project.fits.push_back(*fit);
    project.law = LawSelection{fit->lawId, fit->parameters, 0};

    Schedule cosine = demoSchedule(QObject::tr("Cosine to 3e-5"), ScheduleFamily::Cosine);
    cosine.floor = 3e-5;
    Schedule wsd = demoSchedule(QObject::tr("WSD, linear decay from 20k"), ScheduleFamily::Wsd);
    wsd.decaySteps = 4000;
    wsd.decayShape = DecayShape::Linear;
    wsd.floor = 3e-5;
    Schedule linear = demoSchedule(QObject::tr("Linear to zero"), ScheduleFamily::Linear);
    linear.floor = 0.0;
    QStringList scheduleColours;
    for (const Schedule* schedule : {&cosine, &wsd, &linear}) {
        ProjectSchedule entry;
        entry.id = project.takeId();
        entry.schedule = *schedule;
        entry.colour = nextScheduleColour(scheduleColours);
        scheduleColours << entry.colour;
        project.schedules.push_back(std::move(entry));
    }
    project.baseline = project.schedules.front().id;
    project.view.tokensPerStep = 128.0 * 4096.0;  // batch 128 x 4096 tokens (see NOTICE)
    return project;
}

}  // namespace annealer
