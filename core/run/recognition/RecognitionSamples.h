#pragma once

// Internal to the schedule recogniser (ScheduleRecognizer.h is its interface).

#include <cstddef>
#include <limits>
#include <numbers>
#include <optional>
#include <vector>

namespace annealer::recognition {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Fits look at this many samples at most (evenly spread, the turning points kept); the result
// is then checked against every sample.
inline constexpr std::size_t kFitSamples = 2500;
// A match within the tolerance, with room for the rounding of the check itself.
inline constexpr double kMatch = 1.0 + 1e-9;
// A least-squares fit is not a best fit in the worst case: with the right parameters every
// sample is within its tolerance, but while some are still being fitted a few may be off by a
// little more. Decisions on the way use this; the final check uses kMatch.
inline constexpr double kFitMatch = 2.0;

// ---------------------------------------------------------------------------------------------
// Samples and how closely each must be matched

// The LR samples from the origin on, steps counted from it, each with its tolerance.
struct Samples {
    std::vector<double> x;  // steps after the origin
    std::vector<double> y;
    std::vector<double> tol;
    std::size_t size() const { return x.size(); }
};

// Significant digits of the shortest text that reads back as the value ("0.000299977": 6).
int significantDigits(double value);
std::optional<int> printedDigits(const std::vector<double>& y);
void setTolerances(Samples& samples, double relative);

}  // namespace annealer::recognition
