#include "run/recognition/RoundValues.h"

#include "MessageText.h"
#include "NumberText.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace annealer::recognition {

// ---------------------------------------------------------------------------------------------
// Round values: designed schedules have them, so among the values that match, the roundest wins.

// Trailing zeros of a whole number (0 counts as the roundest of all).
int roundness(std::int64_t v) {
    if (v == 0) return 99;
    int zeros = 0;
    while (v % 10 == 0) {
        v /= 10;
        ++zeros;
    }
    return zeros;
}

// The roundest whole number in [lo, hi] (the most trailing zeros; nearest `prefer` among
// equals), or nullopt if there is none.
std::optional<std::int64_t> roundestIn(double lo, double hi, double prefer) {
    const auto first = static_cast<std::int64_t>(std::ceil(lo - 1e-9));
    const auto last = static_cast<std::int64_t>(std::floor(hi + 1e-9));
    if (first > last) return std::nullopt;
    if (first <= 0 && last >= 0) return 0;
    for (std::int64_t unit = 1'000'000'000'000; unit >= 1; unit /= 10) {
        const auto low = static_cast<double>(first);
        const auto high = static_cast<double>(last);
        const double u = static_cast<double>(unit);
        const double from = std::ceil(low / u) * u;
        if (from > high) continue;
        const double to = std::floor(high / u) * u;
        const double nearest = std::clamp(std::round(prefer / u) * u, from, to);
        return static_cast<std::int64_t>(nearest);
    }
    return first;
}

// The shortest decimal (fewest significant digits) near `value` for which `matches` holds.
double shortestDecimal(double value, const std::function<bool(double)>& matches) {
    if (value == 0.0 || !std::isfinite(value)) return value;
    for (int digits = 1; digits <= 17; ++digits) {
        char text[40];
        const auto [end, ec] = std::to_chars(text, text + sizeof text, value,
                                             std::chars_format::scientific, digits - 1);
        if (ec != std::errc()) break;
        double rounded = 0.0;
        std::from_chars(text, end, rounded);
        if (matches(rounded)) return rounded;
    }
    return value;
}


QString familyWords(const Schedule& schedule, std::int64_t origin) {
    const auto at = [origin](std::int64_t local) { return QString::number(local + origin); };
    const QString peak = shortestText(schedule.peak);
    const QString floorLr = shortestText(schedule.floorLr());
    const QString start = at(schedule.warmupSteps);
    const QString end = at(schedule.steps);
    switch (schedule.family) {
        case ScheduleFamily::Constant:
            return QStringLiteral("constant at %1").arg(peak);
        case ScheduleFamily::Linear:
            return formatMessage(QStringLiteral("linear decay from %1 at step %2 to %3 at step %4"),
                                 peak, start, floorLr, end);
        case ScheduleFamily::Cosine:
            return formatMessage(QStringLiteral("cosine decay from %1 at step %2 to %3 at step %4"),
                                 peak, start, floorLr, end);
        case ScheduleFamily::Polynomial:
            return formatMessage(
                QStringLiteral("polynomial decay (power %1) from %2 at step %3 to %4 at step %5"),
                shortestText(schedule.power), peak, start, floorLr, end);
        case ScheduleFamily::Exponential:
            return formatMessage(
                QStringLiteral("exponential decay from %1 at step %2 to %3 at step %4"), peak,
                start, floorLr, end);
        case ScheduleFamily::InverseSqrt:
            return formatMessage(
                QStringLiteral("inverse square root decay from %1 at step %2 (timescale %3)"), peak,
                start, QString::number(schedule.timescale.value_or(1)));
        case ScheduleFamily::Step:
            return formatMessage(QStringLiteral("step: %1, times %2 every %3 steps from step %4"),
                                 peak, shortestText(schedule.gamma),
                                 QString::number(schedule.stepSize), start);
        case ScheduleFamily::MultiStep: {
            QStringList steps;
            for (std::int64_t m : schedule.milestones) steps << at(m);
            return formatMessage(QStringLiteral("multi-step: %1, times %2 at steps %3"), peak,
                                 shortestText(schedule.gamma), steps.join(QStringLiteral(", ")));
        }
        case ScheduleFamily::Wsd: {
            const std::int64_t decayStart = schedule.steps - schedule.decaySteps.value_or(0);
            QString shape = decayShapeName(schedule.decayShape);
            if (schedule.decayShape == DecayShape::Polynomial) {
                shape += QStringLiteral(" (power %1)").arg(shortestText(schedule.power));
            }
            return formatMessage(
                QStringLiteral("WSD: %1 until step %2, then %3 decay to %4 at step %5"), peak,
                at(decayStart), shape, floorLr, end);
        }
        default:
            break;
    }
    return familyName(schedule.family);
}

bool endsAtFloor(ScheduleFamily family) {
    return family == ScheduleFamily::Linear || family == ScheduleFamily::Cosine ||
           family == ScheduleFamily::Polynomial || family == ScheduleFamily::Exponential ||
           family == ScheduleFamily::Wsd;
}

}  // namespace annealer::recognition
