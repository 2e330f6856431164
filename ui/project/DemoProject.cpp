#include "DemoProject.h"

#include "AppResources.h"
#include "ItemColours.h"
#include "fit/FitJson.h"
#include "run/LogImport.h"
#include "schedule/ScheduleJson.h"

#include <QObject>

namespace annealer {

namespace {

// The project's own curves (resources/demo/curves, trained by tools/train_demo_curves.py; see
// resources/demo/NOTICE): the three the fit was made on first, then the held-out ones. The
// 4800-step cosine starts hidden (it would squeeze the 2400-step runs into half the axis), and so
// do the runs no designed schedule resembles, to keep the first view readable.
struct DemoRun {
    const char* file;
    bool visible;
};
constexpr DemoRun kRuns[] = {
    {"constant", true}, {"cosine10", true}, {"wsd10", false},         {"wsd30", true},
    {"linear0", true},  {"cosine0", false}, {"cosine10_long", false}, {"step", false},
};

// The designed schedules, written by tools/make_demo_project.sh with `annealer schedule`.
constexpr const char* kSchedules[] = {"cosine10", "wsd30", "linear0"};

}  // namespace

Result<Project> buildDemoProject() {
    loadAppResources();
    Project project;
    QStringList runColours;
    for (const DemoRun& demo : kRuns) {
        const QString file = QString::fromLatin1(demo.file);
        auto runs = readRuns(QStringLiteral(":/demo/curves/%1.csv").arg(file), {}, {});
        if (!runs) return Error{runs.error()};
        for (Run& run : *runs) {
            run.name = file;
            run.source = QObject::tr("built-in demo: %1.csv (a tiny GPT trained for this demo)")
                             .arg(file);
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

    QStringList scheduleColours;
    for (const char* file : kSchedules) {
        auto schedule =
            loadScheduleFile(QStringLiteral(":/demo/schedules/%1.json").arg(QLatin1String(file)));
        if (!schedule) return Error{schedule.error()};
        ProjectSchedule entry;
        entry.id = project.takeId();
        entry.schedule = *schedule;
        entry.colour = nextScheduleColour(scheduleColours);
        scheduleColours << entry.colour;
        project.schedules.push_back(std::move(entry));
    }
    project.baseline = project.schedules.front().id;
    project.view.tokensPerStep = 16.0 * 64.0;  // batch 16 x 64 bytes (see NOTICE)
    return project;
}

}  // namespace annealer
