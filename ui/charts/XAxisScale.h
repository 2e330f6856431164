#pragma once

#include "project/Project.h"

#include <QString>

namespace annealer {

// The x axis both charts share: steps or tokens, in a unit that keeps labels short, over the
// longest visible schedule or run, rounded up to a nice number of ticks. Series hold x in
// display units (step * perStep) so the axis labels need no conversion.
struct XAxisScale {
    double perStep = 1.0;     // display units per step
    double maximum = 1000.0;  // axis end, display units
    int tickCount = 6;
    QString title;
    QString labelFormat;

    static XAxisScale of(const Project& project);

    double toDisplay(double step) const { return step * perStep; }
    double toStep(double display) const { return display / perStep; }
};

// Rounds `maximum` up to 1, 2, 2.5 or 5 times a power of ten split into 4 to 8 ticks.
void niceAxisEnd(double maximum, double& niceMaximum, int& tickCount);

}  // namespace annealer
