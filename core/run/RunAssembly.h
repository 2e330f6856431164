#pragma once

#include "Result.h"
#include "run/LogContents.h"
#include "run/Run.h"
#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

// How the LR before the first logged LR sample is filled in.
enum class LeadingLr {
    WarmupFromZero,   // linear from 0 at step 0 to the first sample (default; the first sample's
                      // step is then taken as the warmup length)
    WarmupFromValue,  // linear from leadingValue at step 0 to the first sample
    HoldFirst,        // the first sample's LR from step 0 (no warmup)
};

// A run that continues another from a step on: a cooldown branched from a checkpoint of a
// constant-LR run, or continual pre-training from a base run. Steps count on from the parent's
// (the branch step is the same step in both logs). Before the branch step the run's per-step LR
// is the parent's; its own LR samples there, if any, are passed over.
struct RunLineage {
    QString parentName;            // for messages and Run::lrRebuild
    std::vector<double> parentLr;  // the parent's per-step LR, at least branchStep steps of it
    std::int64_t branchStep = 0;

    // The lineage of a run branched from `parent` at `branchStep`.
    static RunLineage from(const Run& parent, std::int64_t branchStep);
};

struct RunAssemblyOptions {
    QString lossMetric;  // --loss; empty = detect (validation loss before training loss)
    QString lrMetric;    // --lr; empty = detect
    LeadingLr leading = LeadingLr::WarmupFromZero;
    double leadingValue = 0.0;
    std::optional<std::int64_t> warmupSteps;  // overrides the warmup length the laws see
    // Recognise the schedule's family from the LR samples (run/recognition/ScheduleRecognizer.h) and take
    // the per-step LR from its formula rather than by interpolation, when the samples pin the LR
    // down from step 0 (or from the branch step) on: the first sample is there, or the warmup is
    // logged well enough to tell its length and shape. Off: --no-recognize.
    bool recognizeSchedule = true;
    // A designed schedule for runs that log no LR metric (--schedule S.json): their per-step LR is
    // the schedule's. Runs that log their LR keep it. scheduleSource names it in messages.
    std::optional<Schedule> schedule;
    QString scheduleSource;
    std::optional<RunLineage> lineage;
};

// Picks the loss and LR metrics of a logged run (or the schedule of the options) and rebuilds
// the per-step LR: from the recognised schedule's formula, or else by linear interpolation
// between the LR samples (held constant after the last one); before a branch step, the parent's.
// Errors name the source, the metric and the reason (no loss values, NaN or negative LR, ...).
Result<Run> assembleRun(const LogContents& log, const LogRun& logRun,
                        const RunAssemblyOptions& options);

// Which metric would be taken as the loss or the LR of a run, and why, for `annealer import`.
struct MetricChoice {
    const MetricSeries* series = nullptr;  // nullptr: none can be
    QString why;  // e.g. "validation loss, taken over the training loss 'loss'"; or the problem
};
MetricChoice chooseLossMetric(const LogRun& run, const QString& requested);
MetricChoice chooseLrMetric(const LogRun& run, const QString& requested);

// The names tried, in order, when the user names no metric.
QStringList lossMetricCandidates();
QStringList lrMetricCandidates();
QStringList stepColumnCandidates();
// Whether a step column is the epoch ("epoch", any case).
bool isEpochName(const QString& column);

}  // namespace annealer
