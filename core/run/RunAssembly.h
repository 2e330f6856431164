#pragma once

#include "Result.h"
#include "run/LogContents.h"
#include "run/Run.h"

#include <QString>

#include <optional>

namespace annealer {

// How the LR before the first logged LR sample is filled in.
enum class LeadingLr {
    WarmupFromZero,  // linear from 0 at step 0 to the first sample (default; the first sample's
                     // step is then taken as the warmup length)
    WarmupFromValue, // linear from leadingValue at step 0 to the first sample
    HoldFirst,       // the first sample's LR from step 0 (no warmup)
};

struct RunAssemblyOptions {
    QString lossMetric;  // --loss-col; empty = detect (validation loss before training loss)
    QString lrMetric;    // --lr-col; empty = detect
    LeadingLr leading = LeadingLr::WarmupFromZero;
    double leadingValue = 0.0;
    std::optional<std::int64_t> warmupSteps;  // overrides the warmup length the laws see
};

// Picks the loss and LR metrics of a logged run and rebuilds the per-step LR by linear
// interpolation between the LR samples (held constant after the last one). Errors name the
// source, the metric and the reason (no loss values, NaN or negative LR, ...).
Result<Run> assembleRun(const LogContents& log, const LogRun& logRun,
                        const RunAssemblyOptions& options);

// The names tried, in order, when the user names no metric.
QStringList lossMetricCandidates();
QStringList lrMetricCandidates();
QStringList stepColumnCandidates();

}  // namespace annealer
