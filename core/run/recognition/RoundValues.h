#pragma once

// Internal to the schedule recogniser (ScheduleRecognizer.h is its interface): round values
// (designed schedules have them, so among the values that match, the roundest wins) and the
// words that describe a recognised family.
#include "schedule/Schedule.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace annealer::recognition {

// Floors designers pick, as fractions of the peak, in the order tried.
inline constexpr double kFloorRatios[] = {0.0, 0.1, 0.01, 0.05, 0.2, 0.001, 0.5, 0.02, 0.005, 1e-4};

// Trailing zeros of a whole number (0 counts as the roundest of all).
int roundness(std::int64_t v);
// The roundest whole number in [lo, hi] (the most trailing zeros; nearest `prefer` among
// equals), or nullopt if there is none.
std::optional<std::int64_t> roundestIn(double lo, double hi, double prefer);
// The shortest decimal (fewest significant digits) near `value` for which `matches` holds.
double shortestDecimal(double value, const std::function<bool(double)>& matches);
QString familyWords(const Schedule& schedule, std::int64_t origin);
bool endsAtFloor(ScheduleFamily family);

}  // namespace annealer::recognition
