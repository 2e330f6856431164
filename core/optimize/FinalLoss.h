#pragma once

#include "Result.h"
#include "fit/FitResult.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace annealer {

// The predicted loss at the last step of a per-step schedule, and its gradient with respect to
// every step's LR: what a schedule optimiser minimises. One implementation per law, in O(T).
class FinalLoss {
public:
    virtual ~FinalLoss() = default;

    // eta: the LR of steps 0..T-1; warmupSteps as in SampledSchedule. If gradient is not null it
    // receives dL(T-1)/d eta_j for every j (size T).
    virtual double evaluate(std::span<const double> eta, std::int64_t warmupSteps,
                            std::vector<double>* gradient) const = 0;

    // Whether minimising this law's final loss over schedules has a meaningful optimum. The
    // momentum law's annealing term keeps rewarding a larger total LR drop, so its optimum is
    // always to fall to the floor (and without a floor, to zero); say so to the user.
    virtual QString caveat() const = 0;
};

// For a fit's law ("momentum", "multipower", "multipower-published") and parameters.
Result<std::unique_ptr<FinalLoss>> makeFinalLoss(const FitResult& fit);

}  // namespace annealer
