#pragma once

#include "schedule/Schedule.h"

#include <QString>

#include <vector>

namespace annealer {

// A point of a schedule's LR curve the user can drag, tied to one or two of its parameters.
struct ScheduleHandle {
    enum class Kind {
        WarmupEnd,     // (warmup, peak): x sets warmup, y sets peak
        DecayStart,    // WSD (steps - decay length, peak): x sets the decay length, y the peak
        Floor,         // (last step, floor): y sets floor or floor_ratio
        StepDrop,      // Step: the first drop; x sets step_size
        Milestone,     // MultiStep: x sets milestones[index]
        CycleEnd,      // Cyclic: end of the first cycle; x sets cycle
        Timescale,     // InverseSqrt: where the LR is peak/sqrt(2); x sets timescale
        ControlPoint,  // FreeForm: points[index], both axes
        CycleTop,      // OneCycle (top of the rise, peak): x sets pct_start, y the peak
        CycleStart,    // OneCycle (0, peak / div_factor): y sets div_factor
        CycleLast,     // OneCycle (last step, final LR): y sets final_div_factor
    };
    Kind kind;
    int index = 0;
    std::int64_t step = 0;
    double lr = 0.0;
    bool movesStep = false;
    bool movesLr = false;

    // What the handle sets, for tooltips and the status bar ("End of warmup: step 2160 ...").
    QString description() const;
    bool operator==(const ScheduleHandle& other) const {
        return kind == other.kind && index == other.index;
    }
};

// The handles of a schedule, in drawing order. A chain has none (it is edited as JSON).
std::vector<ScheduleHandle> scheduleHandles(const Schedule& schedule);

// The schedule with a handle moved as near to (step, lr) as the schedule stays valid: each axis
// the handle moves is clamped to its range (a warmup inside the run, milestones in order, ...).
// An axis whose value still makes the schedule invalid keeps its old value.
Schedule moveHandle(const Schedule& schedule, const ScheduleHandle& handle, std::int64_t step,
                    double lr);

}  // namespace annealer
