#pragma once

#include "Result.h"
#include "fit/FitResult.h"
#include "schedule/Schedule.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace annealer {

// What the user fixes: the run's length, peak LR and warmup, and the lowest LR allowed.
struct OptimizationConstraints {
    std::int64_t steps = 24000;
    double peak = 3e-4;
    std::int64_t warmupSteps = 0;
    WarmupShape warmupShape = WarmupShape::Linear;
    double floor = 0.0;  // the LR never goes below this after warmup
};

enum class OptimizationFamily { FreeForm, Wsd, Cosine, Linear };

struct OptimizationOptions {
    OptimizationFamily family = OptimizationFamily::FreeForm;
    // Free-form only: weight of sum (eta_(t+1) - 2 eta_t + eta_(t-1))^2 / peak^2, which trades
    // a little predicted loss for a smoother curve. 0 = none.
    double smoothness = 0.0;
    int maxIterations = 3000;
    // Stop when the unit projected-gradient step changes no LR by more than this times the peak,
    // or the objective improved by less than this (relative) over the last 20 iterations.
    double tolerance = 1e-7;
    // Called with the fraction done; returning false cancels.
    std::function<bool(double)> progress;
};

// One candidate and its predicted final loss.
struct OptimizedSchedule {
    Schedule schedule;
    double finalLoss = 0.0;
    QString description;  // e.g. "WSD, 1-sqrt decay over the last 18.4%"
};

struct OptimizationResult {
    OptimizedSchedule best;
    std::vector<OptimizedSchedule> familyBests;  // the best of each family tried, for comparison
    int iterations = 0;           // free-form solver iterations
    bool converged = false;       // free-form: the projected gradient fell below the tolerance
    double freeFormLoss = 0.0;    // free-form: final loss of the per-step optimum, before it was
                                  // simplified to control points (best.finalLoss is after)
    QString caveat;               // the law's caveat, when minimising it is not meaningful
    double seconds = 0.0;
};

// Minimises a fitted law's predicted final loss over schedules that keep the constraints.
//
// Families: WSD (decay fraction by grid then golden-section search, each decay shape),
// cosine (its floor), linear (its end LR). Free-form: the non-increasing per-step LR after
// warmup, floor <= eta_t <= peak, found by spectral projected gradient (Birgin, Martinez and
// Raydan 2000; projection = isotonic regression then clipping) from the best family schedule,
// with the law's analytic gradient in O(T) per iteration. The result is written as a free-form
// schedule of a few hundred control points (Ramer-Douglas-Peucker), whose own final loss is
// reported.
class ScheduleOptimizer {
public:
    Result<OptimizationResult> optimize(const FitResult& fit,
                                        const OptimizationConstraints& constraints,
                                        const OptimizationOptions& options) const;
};

// The predicted loss at a schedule's last step under a fit (sampled per step).
Result<double> predictedFinalLoss(const FitResult& fit, const Schedule& schedule);

}  // namespace annealer
