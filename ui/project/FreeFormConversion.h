#pragma once

#include "schedule/Schedule.h"

#include <vector>

namespace annealer {

// A free-form schedule that follows `schedule`: the same length and warmup, with control points
// (linear interpolation) placed where the curve bends, so the user can edit its shape by hand.
Schedule toFreeForm(const Schedule& schedule);

// The schedule with the stretch a drawn stroke covers replaced by the stroke's points (already
// simplified). The rest of the curve is kept (turned into control points first if the schedule
// is not free-form); the warmup stays as set, so stroke points inside it are dropped.
Schedule withStroke(const Schedule& schedule, std::vector<ControlPoint> stroke);

}  // namespace annealer
