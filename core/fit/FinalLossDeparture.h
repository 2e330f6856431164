#pragma once

#include <optional>
#include <span>

namespace annealer {

// A run's last logged loss that breaks with the losses logged before it: many trainers
// evaluate once more at the end, on the full validation set or through another code path, and
// that value is not a point of the same curve (the 124M runs of ../shared/data/schaipp124m all
// end 0.9-1.8% above their trend). The fit's Huber loss limits its pull; the user should know.
//
// With r_i = log(observed_i / predicted_i): the run's scatter s = 1.4826 * median |r_i - m_i|,
// m_i the median r of up to kNeighbours losses on each side of i (the nearest 2 * kNeighbours
// at an end), the robust standard deviation for normal scatter; the last loss departs when
// d = r_last - (median r of the kNeighbours losses before it) exceeds kIsolation * s and
// kSmallest both. A departure in the middle of a run is left to the Huber loss: there, an LR
// that changed between two logged steps or a transient the law draws differently looks the
// same, and a warning would mislead. Runs of fewer than kFewest losses are not judged.
struct FinalLossDeparture {
    double departure = 0.0;  // d above
    double scatter = 0.0;    // s above
};

std::optional<FinalLossDeparture> finalLossDeparture(std::span<const double> predicted,
                                                     std::span<const double> observed);

inline constexpr std::size_t kNeighbours = 3;
inline constexpr double kIsolation = 10.0;
inline constexpr double kSmallest = 5e-3;  // 0.5%: less is not worth a user's attention
inline constexpr std::size_t kFewest = 8;

}  // namespace annealer
