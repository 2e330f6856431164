#pragma once

#include "Result.h"
#include "fit/FitResult.h"
#include "law/LossLaw.h"
#include "run/Run.h"

namespace annealer {

// How well a fit predicts a run it was not fitted on: the run's loss points inside the fit's
// window, predicted with the fitted parameters (the held-out half of the papers' protocol). The
// result carries the run's data key. Errors name the run: no points inside the window, or points
// beyond its LR schedule.
Result<FittedRun> evaluateHeldOutRun(const LossLaw& law, const FitResult& fit, const Run& run);

}  // namespace annealer
