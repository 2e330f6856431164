#pragma once

#include <QColor>
#include <QIcon>

namespace annealer {

// Small colour marks that tell the lists and tables which curve a row belongs to: a short
// thick line for a schedule (its curve), a dot for a run (its observed points).
QIcon lineSwatch(const QColor& colour);
QIcon dotSwatch(const QColor& colour);

}  // namespace annealer
