#include "fit/FinalLossDeparture.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace annealer {

namespace {

double median(std::vector<double> values) {
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) return *middle;
    return 0.5 * (*middle + *std::max_element(values.begin(), middle));
}

}  // namespace

std::optional<FinalLossDeparture> finalLossDeparture(std::span<const double> predicted,
                                                     std::span<const double> observed) {
    const std::size_t n = std::min(predicted.size(), observed.size());
    if (n < kFewest) return std::nullopt;
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(predicted[i] > 0.0) || !(observed[i] > 0.0)) return std::nullopt;
        r[i] = std::log(observed[i] / predicted[i]);
    }
    const auto medianOf = [&](std::size_t begin, std::size_t end, std::size_t skip) {
        std::vector<double> values;
        for (std::size_t j = begin; j < end; ++j)
            if (j != skip) values.push_back(r[j]);
        return median(std::move(values));
    };
    std::vector<double> scatter(n);
    const std::size_t window = 2 * kNeighbours + 1;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t end = std::min(n, (i >= kNeighbours ? i - kNeighbours : 0) + window);
        scatter[i] = std::abs(r[i] - medianOf(end - window, end, i));
    }
    const double s = 1.4826 * median(std::move(scatter));
    const double d = r[n - 1] - medianOf(n - 1 - kNeighbours, n - 1, n);
    if (std::abs(d) > kIsolation * s && std::abs(d) > kSmallest) return FinalLossDeparture{d, s};
    return std::nullopt;
}

}  // namespace annealer
