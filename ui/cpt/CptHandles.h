#pragma once

#include "schedule/CptSchedule.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace annealer {

// A point of a CPT phase's LR the user drags on the LR chart. Steps count from the transfer
// step (0 = the transfer step, 1 = the first CPT step).
struct CptHandle {
    enum class Kind {
        RewarmEnd,   // (rewarm, peak): x sets the re-warm length, y the re-warm peak
        DecayStart,  // WSD (steps - decay length, peak): x sets the decay fraction (the stable
                     // part)
        Floor,       // (steps, floor): y sets the floor
        End,         // (steps, floor) moved sideways: x sets the CPT length
    };
    Kind kind;
    std::int64_t step = 0;  // after the transfer
    double lr = 0.0;
    bool movesStep = false;
    bool movesLr = false;

    QString description() const;  // for tooltips and the status bar
    bool operator==(const CptHandle& other) const { return kind == other.kind; }
};

// The handles of a phase, in drawing order.
std::vector<CptHandle> cptHandles(const CptPhase& phase);

// The phase with a handle moved as near to (step after the transfer, lr) as it stays valid:
// the re-warm inside the phase and before a WSD decay, the peak positive and at least the
// floor, the floor between 0 and the peak, the length at least 2 steps and past the re-warm.
CptPhase moveCptHandle(const CptPhase& phase, CptHandle::Kind kind, double step, double lr);

}  // namespace annealer
