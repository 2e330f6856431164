#pragma once

#include "schedule/SampledSchedule.h"
#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace annealer {

// The LR shape of one schedule as the laws read it (they predict from the LR's area and from
// how far and how it anneals), each property relative to the schedule's own peak LR, so that
// scaling the LR leaves it unchanged. Read from per-step LRs or from block maxima (lr[i] the
// largest LR of steps i*stride .. (i+1)*stride-1), which can only make a schedule look less
// annealed, less re-warmed and warmed up sooner than it is (never further from a fitted run).
struct LrShape {
    // The lowest LR from the peak on (its first step) over the peak: 1 for a constant LR, 0.1
    // for a cosine to 10%, 0 for a decay to zero.
    double annealedTo = 1.0;
    // How far the LR rises again after having fallen, over the peak: the depth of the deepest
    // valley in the LR that a later LR climbs out of (the lower of its two banks minus its
    // bottom). 0 for any schedule that rises, then only falls or stays; a re-warm or a cycle
    // gives its height.
    double rewarmDepth = 0.0;
    // The end of warmup (schedule/WarmupEnd.h) over the schedule's steps.
    double warmupFraction = 0.0;
};

// The schedules a fit saw, as far as a prediction can lean on them: the largest LR of its runs,
// the length of its longest run and the range of their LR shapes. A law fitted there says
// little about a peak LR above it (the LR-area term was never tested there), a run many times
// longer (the power law's tail), an annealing deeper than any run's (the annealing term), an
// LR that rises again when none did, or a warmup far longer than any run's.
struct FitRange {
    double peakLr = 0.0;            // the largest LR of any fitted run
    std::int64_t longestSteps = 0;  // steps of the longest fitted run
    double lowestAnnealedTo = 1.0;      // the smallest LrShape::annealedTo of the fitted runs
    double deepestRewarm = 0.0;         // the largest LrShape::rewarmDepth of the fitted runs
    double longestWarmupFraction = 0.0; // the largest LrShape::warmupFraction of the fitted runs

    // An LR is above the fitted peak when it exceeds it by more than this (logged LRs are
    // rounded; a schedule designed at the fitted peak is inside).
    static constexpr double kPeakTolerance = 0.01;
    // A schedule is beyond the fitted length from this many times the longest run on.
    static constexpr double kLengthFactor = 2.0;
    // A shape property (a fraction of the peak LR, or of the steps for the warmup) is beyond the
    // fitted runs' when it passes theirs by more than this: a schedule anneals deeper when its
    // lowest LR is more than 5% of its peak below every run's; it re-warms when its LR rises
    // again by more than 5% of its peak beyond any run's.
    static constexpr double kShapeMargin = 0.05;
    // A warmup is far longer than the fitted runs' when it is more than twice the longest of
    // them, relative to the steps, and longer by more than this fraction of the steps.
    static constexpr double kWarmupMargin = 0.1;

    bool isKnown() const { return peakLr > 0.0 && longestSteps > 0; }
    double peakLimit() const { return peakLr * (1.0 + kPeakTolerance); }
    std::int64_t lengthLimit() const;
    // LrShape::annealedTo below this, rewarmDepth above, warmupFraction above: beyond the runs.
    double annealLimit() const { return lowestAnnealedTo - kShapeMargin; }
    double rewarmLimit() const { return deepestRewarm + kShapeMargin; }
    double warmupLimit() const;
    bool operator==(const FitRange&) const = default;
};

// The shape of a schedule of `steps` steps from its LRs, lr[i] standing for steps
// i*stride .. (i+1)*stride-1 (per-step LRs: stride 1).
LrShape lrShapeOf(std::span<const double> lr, std::int64_t stride, std::int64_t steps);

// The range of the runs' per-step LRs (stride-1 samples, as runs hold them), shapes included.
FitRange fitRangeOf(const std::vector<const SampledSchedule*>& fittedRuns);

// Where a schedule leaves a fit's range; every field empty when it stays inside.
struct RangeExit {
    double peakLr = 0.0;  // the schedule's largest LR
    std::int64_t steps = 0;
    std::optional<std::int64_t> aboveFittedPeakFrom;     // first step with an LR above the range
    std::optional<std::int64_t> beyondFittedLengthFrom;  // FitRange::lengthLimit(), if reached
    LrShape shape;
    // The first step with an LR lower, relative to the peak, than FitRange::annealLimit().
    std::optional<std::int64_t> annealsDeeperFrom;
    // The first step where the LR has risen again by more than FitRange::rewarmLimit().
    std::optional<std::int64_t> rewarmsFrom;
    // The first step of the warmup beyond FitRange::warmupLimit() of the steps.
    std::optional<std::int64_t> longerWarmupFrom;

    bool isInside() const { return !firstStepOutside(); }
    // The first step outside the range, if any.
    std::optional<std::int64_t> firstStepOutside() const;
    // For people, one clause per way out, e.g. "peak LR 6e-4 above the fitted runs' 3e-4 (from
    // step 2,160); 60,000 steps, more than 2x the longest fitted run (24,000); anneals to 0% of
    // its peak LR (from step 21,700); the fitted runs went no lower than 10% of their peaks";
    // empty inside.
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

// How far beyond `range` the schedule `exit` was read from (rangeExit() of the same LRs) is at
// each of `at`, from 0 to 1: 0 inside the range, and at the step where the schedule leaves it;
// 1 where it is as far beyond a limit again as the limit itself lies. Each way out is measured
// by how far the schedule has gone past its limit by that step, over the limit:
//   peak LR:   (largest LR so far / FitRange::peakLimit() - 1)         1 at twice the fitted peak
//   length:    (step - FitRange::lengthLimit()) / lengthLimit()          1 at 4x the longest run
//   annealing: (annealLimit() - annealedTo so far) / annealLimit()     1 at an LR annealed to 0
//   re-warm:   (rewarmDepth so far - rewarmLimit()) / rewarmLimit()
//   warmup:    (warmup so far, over the steps, - warmupLimit()) / warmupLimit()
// and the reach is the largest of them, at most 1. Each only grows with the step (a schedule
// once beyond a limit stays beyond it: the loss remembers its LR), and from 0 where it
// starts, so a band widened by it (widenBeyondRange in fit/PredictionBand.h) has no jump.
// `lr` and `stride` as for rangeExit(); read to within a block.
std::vector<double> extrapolationReach(const FitRange& range, const RangeExit& exit,
                                       std::span<const double> lr, std::int64_t stride,
                                       std::span<const std::int64_t> at);

// For people, how a band beyond where `exit` leaves the range was treated: widened by the fit's
// cross-validated error, with the step it starts from, or why it could not be (no
// cross-validated error: a fit of a single run, or one saved before the fitter computed it).
// Empty inside the range.
QString extrapolationBandNote(const RangeExit& exit, double crossValidatedPredE, int fittedRuns);

}  // namespace annealer
