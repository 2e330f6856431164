#pragma once

#include <QIcon>

namespace annealer {

// The application icon: resources/icons/annealer.svg painted with QPainter at the usual sizes
// (so no SVG plugin is needed at run time).
QIcon appIcon();

}  // namespace annealer
