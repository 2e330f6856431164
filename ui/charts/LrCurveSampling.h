#pragma once

#include "schedule/Schedule.h"

#include <QPointF>

#include <vector>

namespace annealer {

// The LR curve of a schedule as (step, lr) points for drawing at `columns` pixel columns: a
// short schedule is sampled at every step and min/max decimated; a long one (a million steps)
// is evaluated at a point per column plus both sides of every corner and drop, which is
// cheap enough to redo on every mouse move.
std::vector<QPointF> lrCurvePoints(const Schedule& schedule, int columns);

}  // namespace annealer
