#pragma once

#include "schedule/Schedule.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace annealer {

// The length, peak and warmup a new schedule starts from (those of the selected schedule, so
// that a new one is comparable at once).
struct ScheduleBasics {
    std::int64_t steps = 24000;
    double peak = 3e-4;
    std::int64_t warmupSteps = 2160;

    static ScheduleBasics of(const Schedule& schedule);
};

// A ready-made schedule the "Add schedule" menu offers.
struct SchedulePreset {
    QString title;  // menu text, also the new schedule's name
    Schedule schedule;
};

std::vector<SchedulePreset> schedulePresets(const ScheduleBasics& basics);

// The name a schedule's parameters give it, as the presets are named ("Cosine to 10%",
// "Cosine to 1.58e-4", "Linear to zero", "WSD, 20% linear decay", "Free-form curve"); empty
// for a family named by its phases (a chain). A schedule still called by it is renamed with
// its parameters (EditScheduleCommand); one the user named keeps its name.
QString describedName(const Schedule& schedule);

// The name of a copy of a schedule named `name`: "X (copy)", else "X (copy 2)", "X (copy 3)"
// ..., the first that no name in `taken` is; a copy of a copy counts on from X, not
// "X (copy) (copy)".
QString copyName(const QString& name, const QStringList& taken);

// A sensible schedule of one family, for switching a schedule's family in the parameter panel.
Schedule defaultScheduleOf(ScheduleFamily family, const ScheduleBasics& basics);

}  // namespace annealer
