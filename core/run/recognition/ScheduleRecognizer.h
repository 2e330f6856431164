#pragma once

#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace annealer {

struct ScheduleRecognitionOptions {
    // A sample matches the formula when they differ by at most this much relative to the sample,
    // or by half a unit in the last digit the log printed with, whichever is larger.
    double relativeTolerance = 1e-6;
    // The first step the LR must be explained from: 0 for a run of its own, the branch step for
    // a run that continues another (steps before it are the parent's, and samples there are
    // not looked at).
    std::int64_t origin = 0;
    // The last step the LR is wanted for (the run's last step): families without an end (constant,
    // step, exponential, inverse square root) are carried on to it. -1: the last sample's.
    std::int64_t lastStep = -1;
};

// A learning-rate schedule recognised from the sparse LR samples of a log.
struct RecognizedSchedule {
    // The family and its parameters in the program's own terms (schedule/Schedule.h), with
    // steps counted from `origin`. schedule.steps is where the decay ends (for families without
    // an end, one past the last sample); from there on the floor is held. When the warmup was not
    // logged, warmupSteps is where the formula starts and the warmup before it is assumed linear
    // from 0.
    Schedule schedule;
    std::int64_t origin = 0;
    // Whether samples pin the LR down from the origin on: the first sample is at the origin, or
    // the warmup has enough samples to tell its length, shape and start.
    bool warmupLogged = false;
    std::int64_t firstSample = 0;  // the first LR sample's step
    std::int64_t samples = 0;      // how many samples were explained
    // The largest |formula - sample| over the samples, as a fraction of the tolerance (<= 1).
    double worstMismatch = 0.0;
    double holdLr = 0.0;  // the LR from origin + schedule.steps on
    // For people, e.g. "cosine: linear warmup from 0 to 0.0003 over steps 0..2000, then down to
    // 3e-05 at step 24000".
    QString description;

    // The LR at a step (from the origin on): the schedule's formula, then holdLr.
    double lrAt(std::int64_t step) const;
};

struct ScheduleRecognition {
    std::optional<RecognizedSchedule> recognized;
    QString reason;  // when nothing was recognised: why, for the user
};

// Tries constant, step, multi-step, linear, cosine, exponential, inverse square root,
// polynomial and WSD (linear, cosine, 1-sqrt, exponential and polynomial decays), each after a
// linear, cosine or exponential warmup (from 0 or from an initial LR) or none, and returns the
// simplest that matches every sample within rounding. Samples: steps strictly increasing, LRs
// finite and >= 0.
//
// Parameters are fitted by variable projection (the peak, floor and initial LR enter linearly and
// are solved for exactly; steps, rates and powers by Levenberg-Marquardt), then steps are rounded
// to whole numbers and every parameter to the roundest value that still matches: a drop between
// two samples is put at the roundest step between them, a floor at a round fraction of the peak
// when one fits. The result is checked against the program's own Schedule formulas.
ScheduleRecognition recognizeSchedule(const std::vector<std::int64_t>& steps,
                                      const std::vector<double>& lr,
                                      const ScheduleRecognitionOptions& options = {});

}  // namespace annealer
