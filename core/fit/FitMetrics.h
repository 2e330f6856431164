#pragma once

#include <span>

namespace annealer {

// How well predicted losses match observed ones, on one run.
struct FitMetrics {
    int points = 0;
    double r2 = 0.0;           // 1 - SS_res / SS_tot
    double mae = 0.0;          // mean |pred - obs|
    double predE = 0.0;        // mean |pred - obs| / obs
    double worstE = 0.0;       // max |pred - obs| / obs
    double finalError = 0.0;   // pred - obs at the last point (signed)
    double finalRelError = 0.0;  // (pred - obs) / obs at the last point
};

// The metrics above; predicted and observed have the same length (at least one point).
FitMetrics computeFitMetrics(std::span<const double> predicted, std::span<const double> observed);

}  // namespace annealer
