#pragma once

#include "Result.h"
#include "fit/FitResult.h"
#include "law/LossLaw.h"
#include "run/Run.h"

#include <functional>
#include <optional>
#include <vector>

namespace annealer {

struct FitOptions {
    // Huber loss on log(L_obs) - log(L_pred), the field's convention (Luo et al., Tissue et
    // al.); 0 fits plain least squares on the log residuals.
    double huberDelta = 1e-3;
    std::optional<std::int64_t> fromStep;  // only points with step >= fromStep
    std::optional<std::int64_t> toStep;    // only points with step <= toStep
    int refinedStarts = 4;    // the best grid starts refined by the solver
    int maxIterations = 500;
    // Called now and then with the fraction done (from the fit's worker threads, possibly
    // several at once); returning false cancels the fit.
    std::function<bool(double)> progress;
};

// Fits a law to one or more runs jointly (shared parameters), with Ceres.
//
// Starting points come from the data: for every point of the law's start grid of nonlinear
// parameters, the linear ones (e.g. L0, A, B) are solved by non-negative least squares on the
// relative residuals; the best few starts get a few Levenberg-Marquardt iterations (with the
// parameter bounds and an analytic Jacobian) and the lowest cost among them is refined to
// convergence. Standard errors come from
// s^2 (J^T J)^-1 at the optimum, over the parameters not held at a bound.
class Fitter {
public:
    Result<FitResult> fit(const LossLaw& law, const std::vector<Run>& runs,
                          const FitOptions& options) const;
};

// The law's predictions at a run's loss steps (all of them).
std::vector<double> predictAtLossSteps(const LossLaw& law, std::span<const double> parameters,
                                       const Run& run);

}  // namespace annealer
