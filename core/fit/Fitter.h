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
    int refinedStarts = 6;    // the best starts of the design screened by the solver
    // A safety cap: the solver stops when the cost reaches a plateau; a fit stopped by the cap
    // while its cost still falls is reported as not converged.
    int maxIterations = 5000;
    // Starting points of the nonlinear parameters in the fit's units (the largest LR is 1), in
    // place of the law's design (LossLaw::startGrid) when not empty; the linear parameters are
    // solved at each as for the design.
    std::vector<std::vector<double>> startDesign;
    // Weight of the laws' weak priors on shape parameters (LawParameter::priorWidth), per logged
    // loss fitted: with n losses the prior adds 0.5 * n * w * ((u - centre) / width)^2 per parameter
    // to the objective, so that logging a curve more or less densely does not shift the
    // balance. 2e-7 (about 1e-4 in all for the public sets' 440-490 points) weighs a one-width
    // departure like a 1% log-residual on one point: negligible where the runs pin a parameter
    // down, decisive only along directions they leave flat. 0 turns it off.
    double priorWeight = 2e-7;
    // A run with more than 2000 logged losses in the window is fitted on short bins of them
    // (Fitter.cpp, binDenseRun: the same information, a solver's work that no longer grows with
    // the logging rate). false fits every loss as its own point: for comparisons.
    bool binDenseRuns = true;
    // Leave-one-run-out cross-validation of the fit (one more fit per run).
    bool crossValidate = true;
    // Called now and then with the fraction done (from the fit's worker threads, possibly
    // several at once); returning false cancels the fit.
    std::function<bool(double)> progress;
};

// Fits a law to one or more runs jointly (shared parameters), with Ceres.
//
// The fit works in units where the largest LR of the runs is 1 (the laws are invariant under a
// change of LR unit, so the same curves fit the same way at any LR) and reports parameters in
// the runs' own units. Starting points: a space-filling design over the law's nonlinear
// parameters, the linear ones (e.g. L0, A, B) solved exactly by bounded least squares on the
// relative residuals at each design point; the best few starts get a few Levenberg-Marquardt
// iterations (bounds, analytic Jacobian) in parallel and the lowest cost among them is refined
// until the cost reaches a plateau. Standard errors come from s^2 (J^T J)^-1 at the optimum,
// over the parameters not held at a bound. Leave-one-run-out cross-validation gives each run's
// PredE when predicted by a fit on the other runs.
class Fitter {
public:
    Result<FitResult> fit(const LossLaw& law, const std::vector<Run>& runs,
                          const FitOptions& options) const;
};

// The law's predictions at a run's loss steps (all of them). `progress` as for
// LossLaw::prepareWithProgress; empty when it stopped the preparation.
std::vector<double> predictAtLossSteps(const LossLaw& law, std::span<const double> parameters,
                                       const Run& run,
                                       const LossLaw::PreparationProgress& progress = {});

}  // namespace annealer
