#include "law/StartDesign.h"

#include <cmath>

namespace annealer {

namespace {

// The radical inverse of n in the given base: the n-th point of a van der Corput sequence.
double radicalInverse(int n, int base) {
    double result = 0.0, scale = 1.0 / base;
    for (; n > 0; n /= base, scale /= base) result += (n % base) * scale;
    return result;
}

constexpr int kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};

}  // namespace

std::vector<std::vector<double>> spaceFillingDesign(int count, int size,
                                                    const std::vector<DesignAxis>& axes) {
    std::vector<std::vector<double>> design;
    design.reserve(static_cast<std::size_t>(count));
    for (int n = 1; n <= count; ++n) {
        std::vector<double> point(static_cast<std::size_t>(size), 0.0);
        for (std::size_t a = 0; a < axes.size() && a < std::size(kPrimes); ++a) {
            const DesignAxis& axis = axes[a];
            const double u = radicalInverse(n, kPrimes[a]);
            point[static_cast<std::size_t>(axis.index)] =
                axis.logScale ? std::exp(std::log(axis.low) + u * (std::log(axis.high) - std::log(axis.low)))
                              : axis.low + u * (axis.high - axis.low);
        }
        design.push_back(std::move(point));
    }
    return design;
}

}  // namespace annealer
