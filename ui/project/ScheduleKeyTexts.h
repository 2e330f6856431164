#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QMap>
#include <QString>

namespace annealer {

// A schedule as the texts of its keys (those of parameterKeys(family)), the way the parameter
// panel shows them and `annealer schedule FAMILY key=value...` reads them: numbers in shortest
// form, milestones "8000,12000", points "0:0,2000:3e-4". A key the schedule does not set
// (floor when floor_ratio is given, an unset timescale) has no text.
QMap<QString, QString> scheduleKeyTexts(const Schedule& schedule);

// The schedule with one key's text replaced, parsed and validated by the same code as the
// command line; the error names the key. An empty text removes the key (its default applies);
// setting floor clears floor_ratio and setting decay clears decay_steps, and the other way round.
Result<Schedule> withKeyText(const Schedule& schedule, const QString& key, const QString& text);

// The schedule turned into another family, keeping the length, peak, warmup and floor where the
// new family has them; a free-form curve gets control points that follow the old curve.
Schedule withFamily(const Schedule& schedule, ScheduleFamily family);

}  // namespace annealer
