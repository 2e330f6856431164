#pragma once

#include "project/Project.h"

#include <QString>

namespace annealer {

// The x axis both charts share: steps or tokens, in a unit that keeps axis values small, over
// the longest visible schedule or run, rounded up to a nice number of ticks. Series hold x in
// display units (step * perStep); the tick labels read in steps or tokens ("0", "5k", "1.5M").
struct XAxisScale {
    double perStep = 1.0;     // display units per step
    double unit = 1.0;        // steps or tokens per display unit
    double maximum = 1000.0;  // axis end, display units
    int tickCount = 6;
    QString title;

    static XAxisScale of(const Project& project);
    // The axis of `steps` steps alone, as a chart of one schedule shows.
    static XAxisScale ofSteps(std::int64_t steps);

    double toDisplay(double step) const { return step * perStep; }
    double toStep(double display) const { return display / perStep; }
    // The label of the tick at `display` ("0", "250", "5k", "1.5M"; tokens "2B").
    QString tickLabel(double display) const;

private:
    void finish(double displayMaximum);  // the nice end and ticks
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
