#include "CptHandles.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

std::int64_t decayLength(const CptPhase& phase) {
    return std::clamp<std::int64_t>(
        std::llround(phase.decayFraction * static_cast<double>(phase.steps)), 1, phase.steps);
}

}  // namespace

QString CptHandle::description() const {
    const QString at = QStringLiteral("CPT step %1, LR %2").arg(step).arg(lr, 0, 'g', 3);
    switch (kind) {
        case Kind::RewarmEnd:
            return QStringLiteral("Re-warm end and peak: ") + at;
        case Kind::DecayStart:
            return QStringLiteral("Start of the decay (end of the stable part): ") + at;
        case Kind::Floor:
            return QStringLiteral("Floor: ") + at;
        case Kind::End:
            return QStringLiteral("CPT length: %1 steps").arg(step);
    }
    return at;
}

std::vector<CptHandle> cptHandles(const CptPhase& phase) {
    std::vector<CptHandle> handles;
    handles.push_back({CptHandle::Kind::RewarmEnd, phase.rewarmSteps, phase.peak, true, true});
    if (phase.shape == QLatin1String("wsd"))
        handles.push_back({CptHandle::Kind::DecayStart, phase.steps - decayLength(phase),
                           phase.peak, true, false});
    handles.push_back({CptHandle::Kind::Floor, phase.steps, phase.floor, false, true});
    // The end handle sits on the x axis below the last step, so that it and the floor do not
    // overlap.
    handles.push_back({CptHandle::Kind::End, phase.steps, 0.0, true, false});
    return handles;
}

CptPhase moveCptHandle(const CptPhase& phase, CptHandle::Kind kind, double step, double lr) {
    CptPhase moved = phase;
    const double maxLr = 1e3;
    switch (kind) {
        case CptHandle::Kind::RewarmEnd: {
            std::int64_t limit = phase.steps - 1;
            if (phase.shape == QLatin1String("wsd"))
                limit = std::min(limit, phase.steps - decayLength(phase));
            moved.rewarmSteps =
                std::clamp<std::int64_t>(std::llround(step), 0, std::max<std::int64_t>(limit, 0));
            if (std::isfinite(lr))
                moved.peak = std::clamp(lr, std::max(phase.floor, 1e-12), maxLr * 0.999);
            break;
        }
        case CptHandle::Kind::DecayStart: {
            const double start = std::clamp(step, static_cast<double>(phase.rewarmSteps),
                                            static_cast<double>(phase.steps - 1));
            moved.decayFraction = std::clamp(
                (static_cast<double>(phase.steps) - start) / static_cast<double>(phase.steps),
                1.0 / static_cast<double>(phase.steps), 1.0);
            break;
        }
        case CptHandle::Kind::Floor:
            if (std::isfinite(lr)) moved.floor = std::clamp(lr, 0.0, phase.peak);
            break;
        case CptHandle::Kind::End: {
            std::int64_t shortest = std::max<std::int64_t>(2, phase.rewarmSteps + 1);
            // A WSD decay must fit after the re-warm: round(decay * steps) <= steps - rewarm.
            const double f = phase.decayFraction;
            if (phase.shape == QLatin1String("wsd") && f < 1.0) {
                shortest = std::max(
                    shortest, static_cast<std::int64_t>(
                                  std::ceil(static_cast<double>(phase.rewarmSteps) / (1.0 - f))));
                while (std::llround(f * static_cast<double>(shortest)) >
                       shortest - phase.rewarmSteps)
                    ++shortest;
            } else if (phase.shape == QLatin1String("wsd")) {
                shortest = std::max(shortest, phase.steps);  // a decay over every step: no shorter
            }
            moved.steps =
                std::clamp<std::int64_t>(std::llround(step), shortest, kMaxScheduleSteps / 2);
            break;
        }
    }
    return moved;
}

}  // namespace annealer
