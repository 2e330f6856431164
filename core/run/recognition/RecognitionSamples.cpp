#include "run/recognition/RecognitionSamples.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace annealer::recognition {

// ---------------------------------------------------------------------------------------------
// Samples and how closely each must be matched

// Significant digits of the shortest text that reads back as the value ("0.000299977": 6).
int significantDigits(double value) {
    char text[40];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    if (ec != std::errc()) return 17;
    int digits = 0;
    int trailingZeros = 0;
    bool leading = true;
    for (const char* p = text; p != end && *p != 'e' && *p != 'E'; ++p) {
        if (*p < '0' || *p > '9') continue;
        if (leading && *p == '0') continue;
        leading = false;
        ++digits;
        trailingZeros = *p == '0' ? trailingZeros + 1 : 0;
    }
    return digits - trailingZeros;
}



// How many significant digits the log printed its LRs with, if that is few enough to matter:
// a log written with "%.6g" has some LRs that need all 6, and rounding then dominates. Logs of
// full doubles (or of round values only) get the relative tolerance alone.
std::optional<int> printedDigits(const std::vector<double>& y) {
    const std::size_t stride = std::max<std::size_t>(1, y.size() / 20000);
    int most = 0;
    for (std::size_t i = 0; i < y.size(); i += stride) {
        if (y[i] != 0.0) most = std::max(most, significantDigits(y[i]));
    }
    if (most >= 5 && most <= 8) return most;
    return std::nullopt;
}

void setTolerances(Samples& samples, double relative) {
    const std::optional<int> digits = printedDigits(samples.y);
    double largest = 0.0;
    for (double v : samples.y) largest = std::max(largest, std::abs(v));
    samples.tol.resize(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const double v = std::abs(samples.y[i]);
        double tol = relative * v;
        if (digits && v > 0.0) {
            // half a unit in the last printed digit: 0.5 * 10^(exponent - digits + 1)
            const double exponent = std::floor(std::log10(v));
            tol = std::max(tol, 0.5 * std::pow(10.0, exponent - *digits + 1));
        }
        samples.tol[i] = std::max(tol, 1e-12 * largest);
    }
}

}  // namespace annealer::recognition
