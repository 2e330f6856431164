#pragma once

// Internal to the schedule recogniser (ScheduleRecognizer.h is its interface): the continuous
// families as models fitted to the samples (warmup ramps, decays, WSD), by variable projection
// and Levenberg-Marquardt.
#include "run/recognition/RecognitionSamples.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace annealer::recognition {

// ---------------------------------------------------------------------------------------------
// Models: a warmup ramp and a decay rule. The peak P, floor F and initial LR I enter linearly:
// lr(x) = P * a(x) + F * b(x) + I * c(x), with a, b, c set by the shape parameters.

enum class Ramp { None, Linear0, Linear, Cosine0, Cosine, Exponential };
enum class Decay {
    Constant,
    Linear,
    Cosine,
    Polynomial,
    Exponential,
    InverseSqrt,
    WsdLinear,
    WsdCosine,
    WsdOneMinusSqrt,
    WsdExponential,
    WsdPolynomial,
};

inline bool isWsd(Decay decay) {
    return decay == Decay::WsdLinear || decay == Decay::WsdCosine ||
           decay == Decay::WsdOneMinusSqrt || decay == Decay::WsdExponential ||
           decay == Decay::WsdPolynomial;
}
// Decays that end at a floor at step T (and hold it after).
inline bool hasFloor(Decay decay) {
    return decay == Decay::Linear || decay == Decay::Cosine || decay == Decay::Polynomial ||
           (isWsd(decay) && decay != Decay::WsdExponential);
}
inline bool isGeometric(Decay decay) {
    return decay == Decay::Exponential || decay == Decay::WsdExponential;
}
// Decays whose progress counts from the end of warmup W.
inline bool dependsOnWarmup(Decay decay) {
    return decay == Decay::Linear || decay == Decay::Cosine || decay == Decay::Polynomial ||
           decay == Decay::Exponential || decay == Decay::InverseSqrt;
}
inline bool hasPower(Decay decay) {
    return decay == Decay::Polynomial || decay == Decay::WsdPolynomial;
}

// The shape parameters, in steps after the origin.
struct Shape {
    double w = 0.0;   // end of warmup W
    double t = 1.0;   // end of the decay T
    double d = 0.0;   // WSD: start of the decay
    double p = 2.0;   // power
    double k = 0.0;   // geometric decays: e-folds per step
    double ts = 1.0;  // inverse square root: timescale
    double r = 0.1;   // exponential warmup: I / P
};
using ShapeField = double Shape::*;

enum class AmpKind { Unused, Free, Fixed, PeakRatio };
struct AmpRule {
    AmpKind kind = AmpKind::Unused;
    double value = 0.0;  // Fixed: the value; PeakRatio: the fraction of the peak
};

struct Amplitudes {
    double peak = 0.0;
    double floor = 0.0;
    double init = 0.0;
};

struct Model {
    Ramp ramp = Ramp::None;
    Decay decay = Decay::Constant;
    AmpRule peak{AmpKind::Free, 0.0};
    AmpRule floor;
    AmpRule init;
    std::vector<ShapeField> free;  // the shape parameters fitted
    std::vector<double> lo;        // and their bounds
    std::vector<double> hi;
    // Amplitudes that minimise the largest residual rather than the sum of squares (see
    // project()); for the last, strict checks only, as it costs many solves.
    bool minimax = false;

    void addFree(ShapeField field, double low, double high) {
        free.push_back(field);
        lo.push_back(low);
        hi.push_back(high);
    }
    void removeFree(ShapeField field) {
        for (std::size_t j = 0; j < free.size(); ++j) {
            if (free[j] != field) continue;
            free.erase(free.begin() + static_cast<std::ptrdiff_t>(j));
            lo.erase(lo.begin() + static_cast<std::ptrdiff_t>(j));
            hi.erase(hi.begin() + static_cast<std::ptrdiff_t>(j));
            return;
        }
    }
    bool isFree(ShapeField field) const {
        return std::find(free.begin(), free.end(), field) != free.end();
    }
    int parameterCount() const {
        int count = static_cast<int>(free.size());
        for (const AmpRule* rule : {&peak, &floor, &init}) count += rule->kind == AmpKind::Free;
        return count;
    }
};

struct Basis {
    double peak = 0.0;
    double floor = 0.0;
    double init = 0.0;
};

struct Fit {
    Model model;
    Shape shape;
    Amplitudes amplitudes;
    double worst = kInfinity;  // on the samples fitted, in tolerances
    int parameters = 0;        // fitted in all (before any was rounded and fixed)
};

// (1 + cos(pi u)) / 2: from 1 at u = 0 to 0 at u = 1.
double cosineDown(double u);
// The coefficients of P, F and I at step x: the same formulas as schedule/Schedule.cpp, with
// the steps continuous so that they can be fitted.
Basis basisAt(const Model& model, const Shape& q, double x);
bool shapeIsValid(const Model& model, const Shape& q);
// Solves for the free amplitudes and returns the residuals in units of each sample's
// tolerance (least squares, or with `minimax` the smallest largest residual). False where the
// shape is not valid.
bool project(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
             std::vector<double>* residuals, bool minimax = false);
double worstOf(const std::vector<double>& residuals, std::size_t* at = nullptr);
double sumOfSquares(const std::vector<double>& residuals);

void setFree(const Model& model, Shape& q, const std::vector<double>& theta);
// Levenberg-Marquardt over the free shape parameters (bounded); the final cost.
double levenbergMarquardt(const Model& model, Shape& q, const Samples& s, int iterations = 80);
// The worst residual of a shape (in tolerances), its amplitudes solved for.
double worstFor(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
                std::size_t* at = nullptr);
// The best of several starting shapes, by the worst residual.
Fit fitFrom(const Model& model, const std::vector<Shape>& starts, const Samples& s);

}  // namespace annealer::recognition
