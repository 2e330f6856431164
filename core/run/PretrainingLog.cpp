#include "run/PretrainingLog.h"

#include "law/CptLaw.h"
#include "run/LogImport.h"
#include "schedule/CptSchedule.h"

namespace annealer {

Result<Schedule> pretrainingFromLog(const QString& path, const QString& lossMetric) {
    RunAssemblyOptions assembly;
    assembly.lossMetric = lossMetric;
    auto runs = readRuns(path, {}, assembly);
    if (!runs) return Error{runs.error()};
    if (runs->empty()) return Error{path + QStringLiteral(": no run with a loss and an LR in it")};
    Run& run = runs->front();
    run.schedule.transferStep = run.schedule.steps() - 1;
    const std::int64_t warmup = cptWarmupSteps(run.schedule);
    auto schedule = pretrainingFromLr(run.schedule.lr, warmup, run.name);
    if (!schedule) return Error{path + QStringLiteral(": ") + schedule.error()};
    return schedule;
}

}  // namespace annealer
