#include "RunFitCurve.h"

#include "ProjectDocument.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"

#include <QObject>

namespace annealer {

std::vector<RunToPredict> runsToPredict(const ProjectDocument& document, const FitResult& fit) {
    std::vector<RunToPredict> runs;
    const auto add = [&](const std::vector<FittedRun>& used, bool heldOut) {
        for (const FittedRun& entry : used)
            if (const ProjectRun* found = document.runOfFit(entry))
                runs.push_back({found->id, found->colour, heldOut, found->run});
    };
    add(fit.runs, false);
    add(fit.heldOut, true);
    return runs;
}

std::vector<RunFitCurve> predictRunCurves(const FitResult& fit,
                                          const std::vector<RunToPredict>& runs) {
    std::vector<RunFitCurve> curves;
    auto law = makeLaw(fit.lawId);
    for (const RunToPredict& entry : runs) {
        RunFitCurve curve;
        curve.runId = entry.runId;
        curve.name = entry.run.name;
        curve.colour = entry.colour;
        curve.heldOut = entry.heldOut;
        const Run& run = entry.run;
        for (std::size_t i = 0; i < run.lossSteps.size(); ++i) {
            const std::int64_t step = run.lossSteps[i];
            if ((fit.fromStep && step < *fit.fromStep) || (fit.toStep && step > *fit.toStep) ||
                step >= run.schedule.steps())
                continue;
            curve.steps.push_back(step);
            curve.observed.push_back(run.loss[i]);
        }
        if (!law) {
            curve.error = law.error();
        } else if (!curve.steps.empty()) {
            PredictionBand band = predictBand(*(*law)->prepare(run.schedule), fit.parameters,
                                              fit.covariance, curve.steps);
            curve.predicted = std::move(band.values);
            curve.sigma = std::move(band.sigma);
        } else {
            curve.error = QObject::tr("no loss points inside the fit window");
        }
        curves.push_back(std::move(curve));
    }
    return curves;
}

}  // namespace annealer
