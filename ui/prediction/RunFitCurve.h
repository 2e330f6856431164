#pragma once

#include "fit/FitResult.h"
#include "project/Project.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

class ProjectDocument;

// A run as the fit views draw it: its observed points inside the fit's window, and the fitted
// law's prediction at each with the standard deviation the fit leaves in it.
struct RunFitCurve {
    ItemId runId = 0;
    QString name;
    QString colour;  // "#rrggbb", the run's
    bool heldOut = false;
    std::vector<std::int64_t> steps;
    std::vector<double> observed;
    std::vector<double> predicted;
    std::vector<double> sigma;
    QString error;  // why there is no prediction
};

// A run a fit used, taken from the project to be predicted off the GUI thread.
struct RunToPredict {
    ItemId runId = 0;
    QString colour;
    bool heldOut = false;
    Run run;
};

// The project's runs a fit used, fitted ones first; runs no longer in the project are left out.
std::vector<RunToPredict> runsToPredict(const ProjectDocument& document, const FitResult& fit);

// Predicts each run with the fit's parameters and covariance (fit/PredictionBand.h). Costs a
// law preparation per run: call it off the GUI thread.
std::vector<RunFitCurve> predictRunCurves(const FitResult& fit,
                                          const std::vector<RunToPredict>& runs);

}  // namespace annealer
