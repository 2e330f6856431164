#pragma once

#include "schedule/SampledSchedule.h"
#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace annealer {

// The schedules a fit saw, as far as a prediction can lean on them: the largest LR of its runs
// and the length of its longest run. A law fitted there says little about a peak LR above it
// (the LR-area term was never tested there) or a run many times longer (the power law's tail).
struct FitRange {
    double peakLr = 0.0;            // the largest LR of any fitted run
    std::int64_t longestSteps = 0;  // steps of the longest fitted run

    // An LR is above the fitted peak when it exceeds it by more than this (logged LRs are
    // rounded; a schedule designed at the fitted peak is inside).
    static constexpr double kPeakTolerance = 0.01;
    // A schedule is beyond the fitted length from this many times the longest run on.
    static constexpr double kLengthFactor = 2.0;

    bool isKnown() const { return peakLr > 0.0 && longestSteps > 0; }
    double peakLimit() const { return peakLr * (1.0 + kPeakTolerance); }
    std::int64_t lengthLimit() const;
};

// The range of the runs' per-step LRs (stride-1 samples, as runs hold them).
FitRange fitRangeOf(const std::vector<const SampledSchedule*>& fittedRuns);

// Where a schedule leaves a fit's range; every field empty when it stays inside.
struct RangeExit {
    double peakLr = 0.0;  // the schedule's largest LR
    std::int64_t steps = 0;
    std::optional<std::int64_t> aboveFittedPeakFrom;     // first step with an LR above the range
    std::optional<std::int64_t> beyondFittedLengthFrom;  // FitRange::lengthLimit(), if reached

    bool isInside() const { return !aboveFittedPeakFrom && !beyondFittedLengthFrom; }
    // The first step outside the range, if any.
    std::optional<std::int64_t> firstStepOutside() const;
    // For people, one clause per way out, e.g. "peak LR 6e-4 above the fitted runs' 3e-4 (from
    // step 2,160); 60,000 steps, more than 2x the longest fitted run (24,000)"; empty inside.
    QString description(const FitRange& range) const;
};

// Where `schedule` leaves `range` (nothing is outside an unknown range). The schedule is read
// in at most `blocks` blocks (Schedule::sampleBlocks), so the first step above the peak is
// found to within a block: enough to mark it, and cheap for a 50M-step schedule.
RangeExit rangeExit(const FitRange& range, const Schedule& schedule, std::int64_t blocks = 4096);

// The same from LRs already sampled: lr[i] stands for steps i*stride .. (i+1)*stride-1 (a block
// mean, or better its largest LR) of a schedule of `steps` steps.
RangeExit rangeExit(const FitRange& range, std::span<const double> lr, std::int64_t stride,
                    std::int64_t steps);

}  // namespace annealer
