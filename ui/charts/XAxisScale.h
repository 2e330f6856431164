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
    QString suffix;  // the unit the labels carry: "", "k", "M" (steps), "k" ... "T" (tokens)

    static XAxisScale of(const Project& project);
    // The axis of `steps` steps alone (labels "0k", "5k", ...), as a chart of one schedule shows.
    static XAxisScale ofSteps(std::int64_t steps);

    double toDisplay(double step) const { return step * perStep; }
    double toStep(double display) const { return display / perStep; }

private:
    void finish(double displayMaximum);  // the nice end, ticks and label format
};

// The largest magnitude a chart axis spans. Larger values (which no valid input holds, but a
// file can) are drawn at the axis edge, so that no range computed from data is infinite: Qt
// Charts' log axis recurses until the stack overflows on an infinite end.
inline constexpr double kAxisLimit = 1e300;

// Rounds `maximum` up to 1, 2, 2.5 or 5 times a power of ten split into 4 to 8 ticks; a
// maximum above kAxisLimit is taken as kAxisLimit, one that is not positive and finite as 1.
void niceAxisEnd(double maximum, double& niceMaximum, int& tickCount);

// A log axis over whole decades from the decade of `lowestPositive` to the one above
// `highest` (with 2% room at the top), both ends finite and within [1/kAxisLimit, 10*kAxisLimit]
// for any input, the top at least a decade above the bottom.
struct DecadeRange {
    double low = 1e-4;
    double high = 1e-3;
};
DecadeRange decadeRange(double lowestPositive, double highest);

}  // namespace annealer
