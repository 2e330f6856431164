#pragma once

#include <QString>
#include <QStringList>

namespace annealer {

// Colours for new schedules and runs: distinct hues that read on light and dark backgrounds.
// The first not already used is taken; when all are used, they repeat.
QString nextScheduleColour(const QStringList& used);
QString nextRunColour(const QStringList& used);

}  // namespace annealer
