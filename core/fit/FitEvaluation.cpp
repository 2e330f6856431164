#include "fit/FitEvaluation.h"

#include "run/RunDataKey.h"

namespace annealer {

Result<FittedRun> evaluateHeldOutRun(const LossLaw& law, const FitResult& fit, const Run& run) {
    const QString where = run.source.isEmpty() ? run.name : run.source;
    std::vector<std::int64_t> steps;
    std::vector<double> observed;
    for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
        const std::int64_t step = run.lossSteps[i];
        if ((fit.fromStep && step < *fit.fromStep) || (fit.toStep && step > *fit.toStep)) continue;
        if (step >= run.schedule.steps())
            return Error{QStringLiteral("%1: the loss at step %2 lies beyond the LR schedule (%3 "
                                        "steps)")
                             .arg(where)
                             .arg(step)
                             .arg(run.schedule.steps())};
        steps.push_back(step);
        observed.push_back(run.loss[i]);
    }
    if (steps.empty())
        return Error{QStringLiteral("%1: no loss points inside the fit window").arg(where)};
    std::vector<double> predicted(steps.size());
    law.prepare(run.schedule)->evaluate(fit.parameters, steps, predicted, nullptr);
    FittedRun result;
    result.name = run.name;
    result.source = run.source;
    result.metrics = computeFitMetrics(predicted, observed);
    result.dataKey = runDataKey(run);
    return result;
}

}  // namespace annealer
