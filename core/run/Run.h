#pragma once

#include "schedule/SampledSchedule.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

// One training run as the laws see it: sparse observed losses and the LR of every step.
// schedule.lr covers steps 0..lossSteps.back() at least.
struct Run {
    QString name;
    QString source;      // the file it came from
    QString lossMetric;  // which metric of the log was taken as the loss
    QString lrMetric;    // ... and as the LR (empty if the LR came from a schedule)
    QString lrRebuild;   // how the per-step LR was made, in words, for the user
    std::vector<std::int64_t> lossSteps;  // strictly increasing
    std::vector<double> loss;
    SampledSchedule schedule;
};

}  // namespace annealer
