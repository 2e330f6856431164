#pragma once

#include "fit/FitMetrics.h"

#include <QString>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace annealer {

// One run of a fit (fitted on, or held out and predicted): where it came from and how well the
// fitted law matches it.
struct FittedRun {
    QString name;
    QString source;
    FitMetrics metrics;
    // runDataKey() of the run when the fit was made: a project whose run no longer has it holds
    // other data than the fit saw. Empty if not recorded (fits made by `annealer fit`).
    QString dataKey;
    // The end of warmup the laws used (schedule/WarmupEnd.h), in steps; -1 if not recorded.
    std::int64_t warmupEnd = -1;
    // Leave-one-run-out: PredE of this run predicted by a fit on the other runs alone (NaN
    // where there was no other run to fit).
    double crossValidatedPredE = std::numeric_limits<double>::quiet_NaN();
};

// A law fitted to runs: parameters, their uncertainty and the fit's quality.
struct FitResult {
    QString lawId;                  // "momentum" | "multipower"
    QString lawConvention;          // LossLaw::warmupConvention() at fit time
    std::vector<QString> parameterNames;
    std::vector<double> parameters;
    std::vector<double> standardErrors;  // 0 for a parameter held at a bound
    std::vector<double> covariance;      // row-major, parameters x parameters
    double huberDelta = 1e-3;            // on log(loss); 0 = plain least squares
    std::optional<std::int64_t> fromStep;
    std::optional<std::int64_t> toStep;
    double cost = 0.0;                   // the objective at the optimum (the prior's part included)
    double priorWeight = 0.0;            // FitOptions::priorWeight of the fit
    double priorCost = 0.0;              // the prior's part of cost
    bool converged = false;
    QString solverMessage;               // what the solver said, for a fit that did not converge
    // What the fit cannot vouch for, one line each, for people: parameters at a bound or
    // ill-determined, and why a fit did not converge with what to try.
    std::vector<QString> warnings;
    // The fit worked in units where this LR is 1 (the largest LR of the fitted runs); the
    // parameters above are in the runs' own units.
    double lrUnit = 1.0;
    // Mean over the fitted runs of crossValidatedPredE: how well a fit of this kind predicts a
    // run it has not seen (NaN with a single run).
    double crossValidatedPredE = std::numeric_limits<double>::quiet_NaN();
    int starts = 0;                      // starting points refined
    int iterations = 0;                  // solver iterations of the best start
    double seconds = 0.0;                // wall time of the fit
    std::vector<FittedRun> runs;
    // Runs left out of the fit and predicted with its parameters, over the same window: how well
    // the law predicts curves it has not seen.
    std::vector<FittedRun> heldOut;
};

}  // namespace annealer
