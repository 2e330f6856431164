#pragma once

#include "fit/FitResult.h"

#include <QStringList>

namespace annealer {

// Relative standard error above which a parameter is not determined by the fit (100%).
inline constexpr double kDoubtfulRelativeError = 1.0;

// Why a fit should not be made the one that predicts without asking, one line each (empty: no
// doubt): a held-out run it predicts worse than that run's own mean (R² below 0), a parameter
// whose standard error exceeds kDoubtfulRelativeError of its value, a fit that did not converge.
// A parameter the fit held with a weak prior (LawParameter::priorWidth, fitted with a prior
// weight) is not counted: its error is the prior's width where the runs say little, and the
// prior keeps it at values the papers' fits had (the demo's C is one).
// The fitter's other warnings (FitResult::warnings: a parameter at a bound, one the runs alone
// leave ill-determined but the prior holds) are shown with the fit but are no doubt here: nearly
// every multi-power fit of two or three runs has them, the demo's too.
QStringList fitDoubts(const FitResult& fit);

}  // namespace annealer
