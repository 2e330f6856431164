#include "run/recognition/ScheduleRecognizer.h"

#include "MessageText.h"
#include "NumberText.h"
#include "VectorRegisters.h"
#include "run/LogLimits.h"

#include <Eigen/Dense>
#include <QStringList>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>

namespace annealer {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Fits look at this many samples at most (evenly spread, the turning points kept); the result
// is then checked against every sample.
constexpr std::size_t kFitSamples = 2500;
// A match within the tolerance, with room for the rounding of the check itself.
constexpr double kMatch = 1.0 + 1e-9;
// A least-squares fit is not a best fit in the worst case: with the right parameters every
// sample is within its tolerance, but while some are still being fitted a few may be off by a
// little more. Decisions on the way use this; the final check uses kMatch.
constexpr double kFitMatch = 2.0;

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

// The LR samples from the origin on, steps counted from it, each with its tolerance.
struct Samples {
    std::vector<double> x;  // steps after the origin
    std::vector<double> y;
    std::vector<double> tol;
    std::size_t size() const { return x.size(); }
};

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

bool isWsd(Decay decay) {
    return decay == Decay::WsdLinear || decay == Decay::WsdCosine ||
           decay == Decay::WsdOneMinusSqrt || decay == Decay::WsdExponential ||
           decay == Decay::WsdPolynomial;
}
// Decays that end at a floor at step T (and hold it after).
bool hasFloor(Decay decay) {
    return decay == Decay::Linear || decay == Decay::Cosine || decay == Decay::Polynomial ||
           (isWsd(decay) && decay != Decay::WsdExponential);
}
bool isGeometric(Decay decay) {
    return decay == Decay::Exponential || decay == Decay::WsdExponential;
}
// Decays whose progress counts from the end of warmup W.
bool dependsOnWarmup(Decay decay) {
    return decay == Decay::Linear || decay == Decay::Cosine || decay == Decay::Polynomial ||
           decay == Decay::Exponential || decay == Decay::InverseSqrt;
}
bool hasPower(Decay decay) {
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

// (1 + cos(pi u)) / 2: from 1 at u = 0 to 0 at u = 1.
double cosineDown(double u) {
    return 0.5 * (1.0 + std::cos(kPi * u));
}

// The coefficients of P, F and I at step x: the same formulas as schedule/Schedule.cpp, with
// the steps continuous so that they can be fitted.
Basis basisAt(const Model& model, const Shape& q, double x) {
    if (model.ramp != Ramp::None && x < q.w) {
        const double u = x / q.w;
        switch (model.ramp) {
            case Ramp::Linear0:  // P x / W
                return {u, 0.0, 0.0};
            case Ramp::Linear:  // I + (P - I) x / W
                return {u, 0.0, 1.0 - u};
            case Ramp::Cosine0:  // P (1 - cos(pi x / W)) / 2
                return {1.0 - cosineDown(u), 0.0, 0.0};
            case Ramp::Cosine:
                return {1.0 - cosineDown(u), 0.0, cosineDown(u)};
            case Ramp::Exponential:  // I (P / I)^(x / W) = P r^(1 - x / W), r = I / P
                return {std::pow(q.r, 1.0 - u), 0.0, 0.0};
            case Ramp::None:
                break;
        }
    }
    const auto progress = [x](double from, double to) {
        return std::clamp((x - from) / (to - from), 0.0, 1.0);
    };
    double g = 1.0;  // the peak's share; the floor has 1 - g
    switch (model.decay) {
        case Decay::Constant:
            return {1.0, 0.0, 0.0};
        case Decay::Linear:  // F + (P - F) (1 - tau), tau = (x - W) / (T - W)
            g = 1.0 - progress(q.w, q.t);
            break;
        case Decay::Cosine:  // F + (P - F) (1 + cos(pi tau)) / 2
            g = cosineDown(progress(q.w, q.t));
            break;
        case Decay::Polynomial:  // F + (P - F) (1 - tau)^p
            g = std::pow(1.0 - progress(q.w, q.t), q.p);
            break;
        case Decay::Exponential:  // P e^(-k (x - W)), i.e. P (F / P)^tau, held from T on
            return {std::exp(-q.k * std::max(std::min(x, q.t) - q.w, 0.0)), 0.0, 0.0};
        case Decay::InverseSqrt:  // P sqrt(ts / (x - W + ts))
            return {std::sqrt(q.ts / (std::max(x - q.w, 0.0) + q.ts)), 0.0, 0.0};
        case Decay::WsdExponential:  // P until D, then P e^(-k (x - D)), held from T on
            return {x < q.d ? 1.0 : std::exp(-q.k * (std::min(x, q.t) - q.d)), 0.0, 0.0};
        case Decay::WsdLinear:  // P until D, then F + (P - F) g(u), u = (x - D) / (T - D)
            g = 1.0 - progress(q.d, q.t);
            break;
        case Decay::WsdCosine:
            g = cosineDown(progress(q.d, q.t));
            break;
        case Decay::WsdOneMinusSqrt:
            g = 1.0 - std::sqrt(progress(q.d, q.t));
            break;
        case Decay::WsdPolynomial:
            g = std::pow(1.0 - progress(q.d, q.t), q.p);
            break;
    }
    return {g, 1.0 - g, 0.0};
}

bool shapeIsValid(const Model& model, const Shape& q) {
    if (model.ramp != Ramp::None && !(q.w > 0.0)) return false;
    if (hasFloor(model.decay) && !isWsd(model.decay) && !(q.t > q.w + 0.5)) return false;
    if (isWsd(model.decay) && !(q.d >= q.w - 1e-9)) return false;
    if (isWsd(model.decay) && hasFloor(model.decay) && !(q.t > q.d + 0.5)) return false;
    return std::isfinite(q.w) && std::isfinite(q.t) && std::isfinite(q.d) && std::isfinite(q.p) &&
           std::isfinite(q.k) && std::isfinite(q.ts) && std::isfinite(q.r);
}

// Solves for the free amplitudes by weighted least squares (variable projection) and returns
// the residuals in units of each sample's tolerance. With `minimax`, the amplitudes instead make
// the largest residual as small as it can be (Lawson's algorithm: least squares reweighted by
// each residual's size, which converges to the Chebyshev solution of a linear problem): the
// right schedule keeps every sample within its rounding, which least squares need not. False
// where the shape is not valid.
bool project(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
             std::vector<double>* residuals, bool minimax = false) {
    if (!shapeIsValid(model, q)) return false;
    const std::size_t n = s.size();
    // Columns of the free amplitudes, in the order peak, floor, init.
    const AmpRule* rules[3] = {&model.peak, &model.floor, &model.init};
    int column[3] = {-1, -1, -1};
    int columns = 0;
    for (int j = 0; j < 3; ++j) {
        if (rules[j]->kind == AmpKind::Free) column[j] = columns++;
    }
    const bool floorTied = model.floor.kind == AmpKind::PeakRatio;
    // Each sample scaled by its tolerance: row . amplitudes - target is its residual.
    std::vector<Eigen::Vector3d> rows(n);
    std::vector<double> targets(n);
    std::vector<Basis> basis(n);
    for (std::size_t i = 0; i < n; ++i) {
        Basis phi = basisAt(model, q, s.x[i]);
        if (floorTied) phi.peak += model.floor.value * phi.floor;
        basis[i] = phi;
        const double coefficient[3] = {phi.peak, phi.floor, phi.init};
        double target = s.y[i];
        Eigen::Vector3d row = Eigen::Vector3d::Zero();
        for (int j = 0; j < 3; ++j) {
            if (rules[j]->kind == AmpKind::Fixed) target -= rules[j]->value * coefficient[j];
            if (column[j] >= 0) row[column[j]] = coefficient[j];
        }
        rows[i] = row / s.tol[i];
        targets[i] = target / s.tol[i];
    }
    const auto solve = [&](const std::vector<double>& weight) {
        Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
        Eigen::Vector3d b = Eigen::Vector3d::Zero();
        for (std::size_t i = 0; i < n; ++i) {
            a.noalias() += weight[i] * rows[i] * rows[i].transpose();
            b += weight[i] * targets[i] * rows[i];
        }
        Eigen::Vector3d solution = Eigen::Vector3d::Zero();
        if (columns > 0) {
            const Eigen::MatrixXd block = a.topLeftCorner(columns, columns);
            Eigen::JacobiSVD<Eigen::MatrixXd> svd(block, Eigen::ComputeFullU | Eigen::ComputeFullV);
            svd.setThreshold(1e-13);
            solution.head(columns) = svd.solve(b.head(columns));
        }
        return solution;
    };
    std::vector<double> weight(n, 1.0);
    Eigen::Vector3d solution = solve(weight);
    if (minimax && columns > 0 && n > static_cast<std::size_t>(columns)) {
        for (int iteration = 0; iteration < 60; ++iteration) {
            double total = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                weight[i] *= std::abs(rows[i].dot(solution) - targets[i]) + 1e-300;
                total += weight[i];
            }
            if (!(total > 0.0) || !std::isfinite(total)) break;
            for (double& w : weight) w /= total;
            solution = solve(weight);
        }
    }
    double value[3];
    for (int j = 0; j < 3; ++j) {
        value[j] = column[j] >= 0 ? solution[column[j]] : rules[j]->value;
        if (rules[j]->kind == AmpKind::Unused) value[j] = 0.0;
    }
    if (floorTied) value[1] = model.floor.value * value[0];
    // A floor or initial LR below 0 is no schedule's: solve again with it at 0.
    for (int j : {1, 2}) {
        if (column[j] >= 0 && value[j] < 0.0) {
            Model again = model;
            (j == 1 ? again.floor : again.init) = AmpRule{AmpKind::Fixed, 0.0};
            return project(again, q, s, amplitudes, residuals, minimax);
        }
    }
    if (!(value[0] > 0.0) || !std::isfinite(value[0])) return false;
    if (amplitudes) *amplitudes = {value[0], value[1], value[2]};
    if (residuals) {
        residuals->resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const Basis& phi = basis[i];
            const double fitted = value[0] * phi.peak + (floorTied ? 0.0 : value[1] * phi.floor) +
                                  value[2] * phi.init;
            (*residuals)[i] = (fitted - s.y[i]) / s.tol[i];
        }
    }
    return true;
}

double worstOf(const std::vector<double>& residuals, std::size_t* at = nullptr) {
    double worst = 0.0;
    for (std::size_t i = 0; i < residuals.size(); ++i) {
        if (std::abs(residuals[i]) > worst) {
            worst = std::abs(residuals[i]);
            if (at) *at = i;
        }
    }
    return worst;
}

double sumOfSquares(const std::vector<double>& residuals) {
    double sum = 0.0;
    for (double r : residuals) sum += r * r;
    return sum;
}

// ---------------------------------------------------------------------------------------------
// Levenberg-Marquardt over the free shape parameters (bounded), forward-difference derivatives.

void setFree(const Model& model, Shape& q, const std::vector<double>& theta) {
    for (std::size_t j = 0; j < model.free.size(); ++j) q.*model.free[j] = theta[j];
}

double levenbergMarquardt(const Model& model, Shape& q, const Samples& s, int iterations = 80) {
    const std::size_t n = model.free.size();
    std::vector<double> residuals;
    if (!project(model, q, s, nullptr, &residuals)) return kInfinity;
    double cost = sumOfSquares(residuals);
    if (n == 0) return cost;
    std::vector<double> theta(n);
    for (std::size_t j = 0; j < n; ++j) {
        theta[j] = std::clamp(q.*model.free[j], model.lo[j], model.hi[j]);
    }
    setFree(model, q, theta);
    if (!project(model, q, s, nullptr, &residuals)) return kInfinity;
    cost = sumOfSquares(residuals);

    const std::size_t m = s.size();
    Eigen::MatrixXd jacobian(m, n);
    std::vector<double> probe;
    double lambda = 1e-3;
    for (int iteration = 0; iteration < iterations && cost > 1e-12; ++iteration) {
        for (std::size_t j = 0; j < n; ++j) {
            Shape moved = q;
            double h = 1e-7 * std::max(std::abs(theta[j]), 1e-4 * (model.hi[j] - model.lo[j]));
            h = std::max(h, 1e-12);
            if (theta[j] + h > model.hi[j]) h = -h;
            moved.*model.free[j] = theta[j] + h;
            if (!project(model, moved, s, nullptr, &probe)) {
                jacobian.col(static_cast<Eigen::Index>(j)).setZero();
                continue;
            }
            for (std::size_t i = 0; i < m; ++i) {
                jacobian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                    (probe[i] - residuals[i]) / h;
            }
        }
        const Eigen::Map<const Eigen::VectorXd> r(residuals.data(), static_cast<Eigen::Index>(m));
        const Eigen::MatrixXd normal = jacobian.transpose() * jacobian;
        const Eigen::VectorXd gradient = jacobian.transpose() * r;
        bool improved = false;
        const double before = cost;
        while (lambda < 1e14) {
            Eigen::MatrixXd damped = normal;
            for (Eigen::Index j = 0; j < damped.rows(); ++j) {
                damped(j, j) += lambda * std::max(normal(j, j), 1e-30);
            }
            const Eigen::VectorXd delta = damped.ldlt().solve(-gradient);
            std::vector<double> trial(n);
            for (std::size_t j = 0; j < n; ++j) {
                trial[j] = std::clamp(theta[j] + delta[static_cast<Eigen::Index>(j)], model.lo[j],
                                      model.hi[j]);
            }
            Shape trialShape = q;
            setFree(model, trialShape, trial);
            std::vector<double> trialResiduals;
            if (delta.allFinite() && project(model, trialShape, s, nullptr, &trialResiduals)) {
                const double trialCost = sumOfSquares(trialResiduals);
                if (trialCost < cost) {
                    theta = trial;
                    q = trialShape;
                    residuals = std::move(trialResiduals);
                    cost = trialCost;
                    lambda = std::max(lambda / 4.0, 1e-12);
                    improved = true;
                    break;
                }
            }
            lambda *= 4.0;
        }
        if (!improved || before - cost <= 1e-12 * before) break;
    }
    return cost;
}

// The worst residual of a shape (in tolerances), its amplitudes solved for.
double worstFor(const Model& model, const Shape& q, const Samples& s, Amplitudes* amplitudes,
                std::size_t* at = nullptr) {
    std::vector<double> residuals;
    if (!project(model, q, s, amplitudes, &residuals, model.minimax)) return kInfinity;
    return worstOf(residuals, at);
}

struct Fit {
    Model model;
    Shape shape;
    Amplitudes amplitudes;
    double worst = kInfinity;  // on the samples fitted, in tolerances
    int parameters = 0;        // fitted in all (before any was rounded and fixed)
};

// The best of several starting shapes, by the worst residual.
Fit fitFrom(const Model& model, const std::vector<Shape>& starts, const Samples& s) {
    Fit best{model, starts.empty() ? Shape{} : starts.front(), {}, kInfinity};
    for (const Shape& start : starts) {
        Shape q = start;
        if (!std::isfinite(levenbergMarquardt(model, q, s))) continue;
        Amplitudes amplitudes;
        const double worst = worstFor(model, q, s, &amplitudes);
        if (worst < best.worst) best = Fit{model, q, amplitudes, worst};
    }
    return best;
}

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

// Floors designers pick, as fractions of the peak, in the order tried.
constexpr double kFloorRatios[] = {0.0, 0.1, 0.01, 0.05, 0.2, 0.001, 0.5, 0.02, 0.005, 1e-4};

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

// ---------------------------------------------------------------------------------------------
// The recognizer

class Recognizer {
public:
    Recognizer(const Samples& all, std::int64_t origin, std::int64_t lastStep)
        : all_(all), origin_(origin), end_(std::max(lastStep - origin, std::int64_t(0)) + 1) {}

    ScheduleRecognition run();

private:
    Samples fitSubset(std::size_t from, std::size_t to, std::size_t limit = kFitSamples) const;
    QString stepText(double local) const {
        return QString::number(static_cast<std::int64_t>(std::llround(local)) + origin_);
    }
    void note(const QString& family, double worst, double atLocal);

    std::optional<RecognizedSchedule> tryPlateaus();
    std::optional<RecognizedSchedule> tryDecay(Decay decay, std::size_t postFrom);
    std::optional<Fit> fitWarmup(const Fit& post, std::size_t postFrom, std::size_t postTo);
    std::optional<RecognizedSchedule> finish(const Fit& fit, bool warmupFitted,
                                             std::size_t postFrom, const QString& family);
    std::optional<RecognizedSchedule> finishWith(Fit fit, bool warmupFitted, std::size_t postFrom,
                                                 const QString& family);

    bool roundStepCounts(Fit& fit, const Samples& s) const;
    void snapAmplitudes(Fit& fit, const Samples& s) const;
    std::optional<RecognizedSchedule> build(const Fit& fit, bool warmupLogged, std::size_t from,
                                            double geometricFloorRatio) const;
    // The worst mismatch over the samples from `from` on, in tolerances, and where.
    double mismatch(const RecognizedSchedule& recognized, std::size_t from, double* atLocal) const;
    bool supported(const Schedule& schedule, const Model& model, std::size_t from, int parameters,
                   const QString& family);
    void describe(RecognizedSchedule& recognized, bool rampFitted) const;

    const Samples& all_;
    std::int64_t origin_;
    std::int64_t end_;      // steps (from the origin) the LR is wanted for
    std::size_t peak_ = 0;  // the first sample at the largest LR
    std::size_t drop_ = 0;  // the first sample after it below it (all_.size() if none)
    // The closest miss, and a family that matched but had too few samples to be sure of, for
    // the reason given when nothing is recognised.
    QString closest_;
    double closestWorst_ = kInfinity;
    QString supportProblem_;
    // How closely the steps of finish() must match (kFitMatch, then kMatch if that fails).
    double loose_ = kFitMatch;
};

Samples Recognizer::fitSubset(std::size_t from, std::size_t to, std::size_t limit) const {
    Samples s;
    const std::size_t n = to - from;
    const std::size_t stride = n <= limit ? 1 : (n + limit - 1) / limit;
    const auto near = [](std::size_t i, std::size_t mark) {
        return i + 3 >= mark && i <= mark + 3;
    };
    for (std::size_t i = from; i < to; ++i) {
        const bool turning = i < from + 3 || i + 3 >= to || near(i, peak_) || near(i, drop_);
        if ((i - from) % stride != 0 && !turning) continue;
        s.x.push_back(all_.x[i]);
        s.y.push_back(all_.y[i]);
        s.tol.push_back(all_.tol[i]);
    }
    return s;
}

void Recognizer::note(const QString& family, double worst, double atLocal) {
    if (!(worst < closestWorst_)) return;
    closestWorst_ = worst;
    closest_ =
        formatMessage(QStringLiteral("closest: %1, off by %2 times the tolerance at step %3"),
                      family, QString::number(worst, 'g', 3), stepText(atLocal));
}

double Recognizer::mismatch(const RecognizedSchedule& recognized, std::size_t from,
                            double* atLocal) const {
    double worst = 0.0;
    for (std::size_t i = from; i < all_.size(); ++i) {
        const double fitted = recognized.lrAt(static_cast<std::int64_t>(all_.x[i]) + origin_);
        const double off = std::abs(fitted - all_.y[i]) / all_.tol[i];
        if (!(off <= worst)) {
            worst = std::isfinite(off) ? off : kInfinity;
            *atLocal = all_.x[i];
        }
    }
    return worst;
}

// Rounds W, D, T and the timescale to whole steps (the other shape parameters fitted again
// after each), then moves each to the roundest step that still matches: a designer types 24000,
// not 23998, and samples seldom pin a step down to one.
bool Recognizer::roundStepCounts(Fit& fit, const Samples& s) const {
    const ShapeField order[] = {&Shape::w, &Shape::d, &Shape::t, &Shape::ts};
    std::vector<ShapeField> rounded;
    bool startsAtFirstSample = false;
    for (ShapeField field : order) {
        if (!fit.model.isFree(field)) continue;
        Model rest = fit.model;
        rest.removeFree(field);
        const double value = fit.shape.*field;
        double bestWorst = kInfinity;
        Fit best = fit;
        std::vector<double> candidates = {std::round(value), std::floor(value), std::ceil(value)};
        // Without a logged warmup, a decay whose start the samples do not pin down (linear,
        // exponential) starts at the first sample, where the log starts.
        const bool preferFirstSample = field == &Shape::w && fit.model.ramp == Ramp::None;
        double firstSample = 0.0;
        if (preferFirstSample) {
            for (std::size_t j = 0; j < fit.model.free.size(); ++j) {
                if (fit.model.free[j] == field) firstSample = fit.model.hi[j];
            }
            candidates.insert(candidates.begin(), firstSample);
        }
        for (double candidate : candidates) {
            Shape q = fit.shape;
            q.*field = candidate;
            if (!rest.free.empty()) levenbergMarquardt(rest, q, s, 40);
            Amplitudes amplitudes;
            const double worst = worstFor(rest, q, s, &amplitudes);
            if (worst < bestWorst) {
                bestWorst = worst;
                best = Fit{rest, q, amplitudes, worst, fit.parameters};
            }
            if (preferFirstSample && candidate == firstSample && worst <= loose_) {
                startsAtFirstSample = true;
                break;
            }
        }
        fit = best;
        rounded.push_back(field);
    }
    fit.worst = worstFor(fit.model, fit.shape, s, &fit.amplitudes);
    if (!(fit.worst <= loose_)) return false;
    for (ShapeField field : rounded) {
        const double value = fit.shape.*field;
        if (field == &Shape::w && startsAtFirstSample) continue;
        const double radius = 2.0 + 0.02 * std::abs(value);
        for (std::int64_t unit = 1'000'000; unit >= 10; unit /= 10) {
            const double u = static_cast<double>(unit);
            const double candidate = std::round(value / u) * u;
            if (candidate == value) break;
            if (std::abs(candidate - value) > radius) continue;
            Shape q = fit.shape;
            q.*field = candidate;
            if (!fit.model.free.empty()) levenbergMarquardt(fit.model, q, s, 40);
            Amplitudes amplitudes;
            const double worst = worstFor(fit.model, q, s, &amplitudes);
            if (worst <= loose_) {
                fit.shape = q;
                fit.amplitudes = amplitudes;
                fit.worst = worst;
                break;
            }
        }
    }
    return true;
}

// Each amplitude (and power) to the shortest decimal that still matches, the peak first.
void Recognizer::snapAmplitudes(Fit& fit, const Samples& s) const {
    Model& model = fit.model;
    AmpRule* rules[3] = {&model.peak, &model.floor, &model.init};
    double Amplitudes::*values[3] = {&Amplitudes::peak, &Amplitudes::floor, &Amplitudes::init};
    for (int j = 0; j < 3; ++j) {
        const AmpKind kind = rules[j]->kind;
        if (kind != AmpKind::Free && kind != AmpKind::PeakRatio) continue;
        const double snapped = shortestDecimal(fit.amplitudes.*values[j], [&](double candidate) {
            Model trial = model;
            AmpRule* rule = j == 0 ? &trial.peak : j == 1 ? &trial.floor : &trial.init;
            // A floor tied to the peak is untied once the peak is fixed.
            *rule = AmpRule{AmpKind::Fixed, candidate};
            return worstFor(trial, fit.shape, s, nullptr) <= loose_;
        });
        *rules[j] = AmpRule{AmpKind::Fixed, snapped};
        fit.worst = worstFor(model, fit.shape, s, &fit.amplitudes);
    }
    for (ShapeField field : {&Shape::p, &Shape::r}) {
        if (!model.isFree(field)) continue;
        fit.shape.*field = shortestDecimal(fit.shape.*field, [&](double candidate) {
            Shape q = fit.shape;
            q.*field = candidate;
            return worstFor(model, q, s, nullptr) <= loose_;
        });
        model.removeFree(field);
        fit.worst = worstFor(model, fit.shape, s, &fit.amplitudes);
    }
}

// The fitted model as a Schedule with steps from the origin. A geometric decay's floor is
// geometricFloorRatio times the peak, reached at shape.t.
std::optional<RecognizedSchedule> Recognizer::build(const Fit& fit, bool warmupLogged,
                                                    std::size_t from,
                                                    double geometricFloorRatio) const {
    const Model& model = fit.model;
    const Shape& q = fit.shape;
    const Amplitudes& a = fit.amplitudes;
    const auto whole = [](double v) { return static_cast<std::int64_t>(std::llround(v)); };

    Schedule schedule;
    schedule.name = QStringLiteral("recognised");
    schedule.peak = a.peak;
    schedule.warmupSteps = whole(q.w);
    schedule.warmupInit = 0.0;
    switch (model.ramp) {
        case Ramp::None:
            // Without a logged warmup, one from 0 is assumed, as when interpolating.
            schedule.warmupShape =
                schedule.warmupSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
            break;
        case Ramp::Linear0:
        case Ramp::Linear:
            schedule.warmupShape = WarmupShape::Linear;
            schedule.warmupInit = a.init;
            break;
        case Ramp::Cosine0:
        case Ramp::Cosine:
            schedule.warmupShape = WarmupShape::Cosine;
            schedule.warmupInit = a.init;
            break;
        case Ramp::Exponential:
            schedule.warmupShape = WarmupShape::Exponential;
            schedule.warmupInit = q.r * a.peak;
            break;
    }
    // Families without an end run as far as the LR is wanted.
    schedule.steps = std::max({whole(all_.x.back()) + 1, schedule.warmupSteps + 1, end_});
    schedule.floor = a.floor;
    switch (model.decay) {
        case Decay::Constant:
            schedule.family = ScheduleFamily::Constant;
            break;
        case Decay::Linear:
            schedule.family = ScheduleFamily::Linear;
            break;
        case Decay::Cosine:
            schedule.family = ScheduleFamily::Cosine;
            break;
        case Decay::Polynomial:
            schedule.family = ScheduleFamily::Polynomial;
            break;
        case Decay::Exponential:
            schedule.family = ScheduleFamily::Exponential;
            break;
        case Decay::InverseSqrt:
            schedule.family = ScheduleFamily::InverseSqrt;
            schedule.timescale = std::max<std::int64_t>(1, whole(q.ts));
            break;
        case Decay::WsdLinear:
            schedule.family = ScheduleFamily::Wsd;
            schedule.decayShape = DecayShape::Linear;
            break;
        case Decay::WsdCosine:
            schedule.family = ScheduleFamily::Wsd;
            schedule.decayShape = DecayShape::Cosine;
            break;
        case Decay::WsdOneMinusSqrt:
            schedule.family = ScheduleFamily::Wsd;
            schedule.decayShape = DecayShape::OneMinusSqrt;
            break;
        case Decay::WsdExponential:
            schedule.family = ScheduleFamily::Wsd;
            schedule.decayShape = DecayShape::Exponential;
            break;
        case Decay::WsdPolynomial:
            schedule.family = ScheduleFamily::Wsd;
            schedule.decayShape = DecayShape::Polynomial;
            break;
    }
    if (hasFloor(model.decay) || isGeometric(model.decay)) schedule.steps = whole(q.t);
    if (hasPower(model.decay)) schedule.power = q.p;
    if (isGeometric(model.decay)) schedule.floor = geometricFloorRatio * a.peak;
    if (schedule.family == ScheduleFamily::Wsd) schedule.decaySteps = schedule.steps - whole(q.d);
    if (!schedule.validate()) return std::nullopt;

    RecognizedSchedule result;
    result.schedule = schedule;
    result.origin = origin_;
    result.warmupLogged = warmupLogged;
    result.firstSample = whole(all_.x[from]) + origin_;
    result.samples = static_cast<std::int64_t>(all_.size() - from);
    result.holdLr =
        endsAtFloor(schedule.family) ? schedule.floorLr() : schedule.lrAt(schedule.steps - 1);
    return result;
}

// Whether enough samples stand behind each part of the schedule: a family that matches a
// handful of samples with as many parameters proves nothing.
bool Recognizer::supported(const Schedule& schedule, const Model& model, std::size_t from,
                           int parameters, const QString& family) {
    const auto count = [&](double lo, double hi) {
        int n = 0;
        for (std::size_t i = from; i < all_.size(); ++i) n += all_.x[i] > lo && all_.x[i] < hi;
        return n;
    };
    const auto w = static_cast<double>(schedule.warmupSteps);
    const auto t = static_cast<double>(schedule.steps);
    const int extra = hasPower(model.decay) ? 1 : 0;
    QString problem;
    const auto used = static_cast<int>(all_.size() - from);
    if (used < parameters + 2) {
        problem = formatMessage(QStringLiteral("%1 LR samples for %2 parameters"),
                                QString::number(used), QString::number(parameters));
    } else if (isWsd(model.decay)) {
        const double d = t - static_cast<double>(schedule.decaySteps.value_or(0));
        const double end = isGeometric(model.decay) ? kInfinity : t;
        if (count(std::max(w, all_.x[from]) - 0.5, d) < 2 || count(d, end) < 3 + extra) {
            problem = QStringLiteral("too few samples in its stable or decay phase");
        }
    } else if (dependsOnWarmup(model.decay)) {
        const double end = hasFloor(model.decay) ? t : kInfinity;
        if (count(w, end) < 3 + extra) problem = QStringLiteral("too few samples in its decay");
    }
    if (problem.isEmpty()) return true;
    if (supportProblem_.isEmpty()) {
        supportProblem_ =
            formatMessage(QStringLiteral("%1 matches, but with too few samples to be sure (%2)"),
                          family, problem);
    }
    return false;
}

void Recognizer::describe(RecognizedSchedule& recognized, bool rampFitted) const {
    const Schedule& schedule = recognized.schedule;
    QString text = familyWords(schedule, origin_);
    const QString warmupEnd = QString::number(schedule.warmupSteps + origin_);
    if (rampFitted) {
        text +=
            formatMessage(QStringLiteral("; %1 warmup from %2 over steps %3..%4"),
                          warmupShapeName(schedule.warmupShape), shortestText(schedule.warmupInit),
                          QString::number(origin_), warmupEnd);
    } else if (!recognized.warmupLogged) {
        text += formatMessage(
            QStringLiteral("; the warmup was not logged (the first LR sample is at step %1)"),
            QString::number(recognized.firstSample));
    }
    if (all_.x.back() > static_cast<double>(schedule.steps)) {
        text += formatMessage(QStringLiteral("; held at %1 from step %2"),
                              shortestText(recognized.holdLr),
                              QString::number(schedule.steps + origin_));
    }
    recognized.description = text;
}

// The rounding, snapping and checking shared by every family, after the fit.
std::optional<RecognizedSchedule> Recognizer::finish(const Fit& fit, bool warmupFitted,
                                                     std::size_t postFrom, const QString& family) {
    for (double loose : {kFitMatch, kMatch}) {
        loose_ = loose;
        std::optional<RecognizedSchedule> recognized =
            finishWith(fit, warmupFitted, postFrom, family);
        if (recognized) {
            loose_ = kFitMatch;
            return recognized;
        }
    }
    loose_ = kFitMatch;
    return std::nullopt;
}

std::optional<RecognizedSchedule> Recognizer::finishWith(Fit fit, bool warmupFitted,
                                                         std::size_t postFrom,
                                                         const QString& family) {
    const std::size_t from = warmupFitted ? 0 : postFrom;
    const Samples s = fitSubset(from, all_.size());
    fit.model.minimax = loose_ <= kMatch;
    fit.worst = worstFor(fit.model, fit.shape, s, &fit.amplitudes);
    const Fit unrounded = fit;

    // A floor at a round fraction of the peak (0, 10%, ...) when one matches.
    bool rounded = false;
    if (fit.model.floor.kind == AmpKind::Free) {
        for (double ratio : kFloorRatios) {
            Fit trial = unrounded;
            trial.model.floor =
                ratio == 0.0 ? AmpRule{AmpKind::Fixed, 0.0} : AmpRule{AmpKind::PeakRatio, ratio};
            levenbergMarquardt(trial.model, trial.shape, s, 60);
            trial.worst = worstFor(trial.model, trial.shape, s, &trial.amplitudes);
            if (!(trial.worst <= loose_) || !roundStepCounts(trial, s)) continue;
            fit = trial;
            rounded = true;
            break;
        }
    }
    if (!rounded && !roundStepCounts(fit, s)) {
        note(family, std::max(fit.worst, 1.0 + 1e-6), all_.x[from]);
        return std::nullopt;
    }

    // A geometric decay has a rate, not an end: it ends where it reaches a round fraction of the
    // peak, if one matches, else where the LR is wanted up to (its floor is then whatever the
    // rate gives there).
    double geometricRatio = 1.0;
    if (isGeometric(fit.model.decay)) {
        const double base = fit.model.decay == Decay::Exponential ? fit.shape.w : fit.shape.d;
        const double past = std::max({all_.x.back() + 1.0, base + 1.0, static_cast<double>(end_)});
        bool found = false;
        for (double ratio : kFloorRatios) {
            if (ratio == 0.0) continue;
            const double end = std::round(base + std::log(1.0 / ratio) / fit.shape.k);
            if (!(end > base) || end > static_cast<double>(kMaxScheduleSteps)) continue;
            Fit trial = fit;
            trial.shape.k = std::log(1.0 / ratio) / (end - base);
            trial.shape.t = end;
            trial.worst = worstFor(trial.model, trial.shape, s, &trial.amplitudes);
            if (trial.worst <= loose_) {
                fit = trial;
                geometricRatio = ratio;
                found = true;
                break;
            }
        }
        if (!found) {
            fit.shape.t = past;
            geometricRatio = std::exp(-fit.shape.k * (past - base));
        }
    }
    snapAmplitudes(fit, s);

    const bool rampFitted = fit.model.ramp != Ramp::None;
    const bool warmupLogged = rampFitted || all_.x[from] == 0.0;
    std::optional<RecognizedSchedule> recognized = build(fit, warmupLogged, from, geometricRatio);
    if (recognized && isGeometric(fit.model.decay)) {
        // The floor of the schedule, to a short decimal too.
        Schedule& schedule = recognized->schedule;
        schedule.floor = shortestDecimal(schedule.floor, [&](double candidate) {
            RecognizedSchedule trial = *recognized;
            trial.schedule.floor = candidate;
            trial.holdLr = candidate;
            double at = 0.0;
            return mismatch(trial, from, &at) <= loose_;
        });
        recognized->holdLr = schedule.floorLr();
    }
    if (!recognized) {
        note(family, kInfinity, all_.x[from]);
        return std::nullopt;
    }
    double at = 0.0;
    recognized->worstMismatch = mismatch(*recognized, from, &at);
    if (!(recognized->worstMismatch <= kMatch)) {
        note(family, recognized->worstMismatch, at);
        return std::nullopt;
    }
    if (!supported(recognized->schedule, fit.model, from, fit.parameters, family)) {
        return std::nullopt;
    }
    describe(*recognized, rampFitted);
    return recognized;
}

// Constant, step and multi-step: the LR after the peak stays on levels, each a fixed fraction
// gamma of the one before, each level logged at least twice.
std::optional<RecognizedSchedule> Recognizer::tryPlateaus() {
    struct Level {
        std::size_t first;
        std::size_t last;
    };
    std::vector<Level> levels;
    for (std::size_t i = peak_; i < all_.size(); ++i) {
        if (!levels.empty()) {
            const std::size_t head = levels.back().first;
            if (std::abs(all_.y[i] - all_.y[head]) <= all_.tol[i] + all_.tol[head]) {
                levels.back().last = i;
                continue;
            }
        }
        levels.push_back({i, i});
    }
    for (const Level& level : levels) {
        if (level.last == level.first) return std::nullopt;
    }
    const std::size_t drops = levels.size() - 1;
    const QString family = drops == 0   ? QStringLiteral("constant")
                           : drops == 1 ? QStringLiteral("multi-step")
                                        : QStringLiteral("step");

    // Levels P gamma^j: P and gamma from the first and last level, then the shortest decimals.
    const auto levelMatches = [&](double peak, double gamma) {
        for (std::size_t j = 0; j < levels.size(); ++j) {
            const double lr = peak * std::pow(gamma, static_cast<double>(j));
            for (std::size_t i = levels[j].first; i <= levels[j].last; ++i) {
                if (!(std::abs(lr - all_.y[i]) <= all_.tol[i] * kMatch)) return false;
            }
        }
        return true;
    };
    const auto levelMean = [&](const Level& level) {
        double sum = 0.0;
        for (std::size_t i = level.first; i <= level.last; ++i) sum += all_.y[i];
        return sum / static_cast<double>(level.last - level.first + 1);
    };
    double peak = levelMean(levels.front());
    double gamma =
        drops == 0 ? 1.0
                   : std::pow(levelMean(levels.back()) / peak, 1.0 / static_cast<double>(drops));
    if (!levelMatches(peak, gamma)) {
        note(family, kInfinity, all_.x[levels.back().first]);
        return std::nullopt;
    }
    peak = shortestDecimal(peak, [&](double p) { return levelMatches(p, gamma); });
    if (drops > 0) gamma = shortestDecimal(gamma, [&](double g) { return levelMatches(peak, g); });

    // The warmup, against the first level.
    Fit post;
    post.model.decay = Decay::Constant;
    post.model.peak = AmpRule{AmpKind::Fixed, peak};
    post.shape.w = all_.x[peak_];
    post.amplitudes.peak = peak;
    bool rampFitted = false;
    if (peak_ > 0) {
        if (std::optional<Fit> warm = fitWarmup(post, peak_, levels.front().last + 1)) {
            const Samples s = fitSubset(0, levels.front().last + 1);
            if (roundStepCounts(*warm, s)) {
                snapAmplitudes(*warm, s);
                post = *warm;
                rampFitted = true;
            }
        }
    }
    const std::size_t from = rampFitted ? 0 : peak_;
    const bool warmupLogged = rampFitted || all_.x[from] == 0.0;
    if (!rampFitted) post.shape.w = all_.x[from];  // where the formula is known from
    int parameters = 2 + (rampFitted ? post.parameters : 0);

    std::optional<RecognizedSchedule> recognized = build(post, warmupLogged, from, 1.0);
    if (!recognized) return std::nullopt;
    Schedule& schedule = recognized->schedule;
    schedule.peak = peak;
    if (drops > 0) {
        // Each drop happened after the last sample of its level and at or before the first of
        // the next: (a_j, b_j].
        std::vector<double> after(drops);
        std::vector<double> upTo(drops);
        for (std::size_t j = 0; j < drops; ++j) {
            after[j] = all_.x[levels[j].last];
            upTo[j] = all_.x[levels[j + 1].first];
        }
        schedule.gamma = gamma;
        // Step: drop j at W + (j + 1) size. With W known, size is the roundest in the
        // intersection of ((a_j - W) / (j + 1), (b_j - W) / (j + 1)]; without, the roundest
        // size for which some first drop m_0 fits every (a_j - j size, b_j - j size].
        std::optional<std::int64_t> size;
        std::int64_t warmupEnd = schedule.warmupSteps;
        if (drops >= 2 && warmupLogged) {
            double lo = 0.0;
            double hi = kInfinity;
            const auto w = static_cast<double>(warmupEnd);
            for (std::size_t j = 0; j < drops; ++j) {
                const auto k = static_cast<double>(j + 1);
                lo = std::max(lo, (after[j] - w) / k + 1e-9);
                hi = std::min(hi, (upTo[j] - w) / k);
            }
            size = roundestIn(lo, hi, 0.5 * (lo + hi));
        } else if (drops >= 2) {
            const auto spans = static_cast<double>(drops - 1);
            const double lo = std::max(1.0, (after[drops - 1] - upTo[0]) / spans);
            const double hi = (upTo[drops - 1] - after[0]) / spans;
            std::vector<std::int64_t> sizes;
            for (auto v = static_cast<std::int64_t>(std::ceil(lo));
                 static_cast<double>(v) <= hi && sizes.size() < 1'000'000; ++v) {
                sizes.push_back(v);
            }
            std::stable_sort(sizes.begin(), sizes.end(), [](std::int64_t a, std::int64_t b) {
                return std::min(roundness(a), 12) > std::min(roundness(b), 12);
            });
            for (std::int64_t v : sizes) {
                double firstLo = -kInfinity;
                double firstHi = kInfinity;
                for (std::size_t j = 0; j < drops; ++j) {
                    const double shift = static_cast<double>(j) * static_cast<double>(v);
                    firstLo = std::max(firstLo, after[j] - shift + 1.0);
                    firstHi = std::min(firstHi, upTo[j] - shift);
                }
                firstLo = std::max(firstLo, static_cast<double>(v));  // W >= 0
                const std::optional<std::int64_t> first = roundestIn(
                    firstLo, std::min(firstHi, all_.x[from] + static_cast<double>(v)), firstHi);
                if (!first) continue;
                size = v;
                warmupEnd = *first - v;
                break;
            }
        }
        if (size) {
            schedule.family = ScheduleFamily::Step;
            schedule.stepSize = *size;
            schedule.warmupSteps = warmupEnd;
            if (!warmupLogged) {
                schedule.warmupShape = warmupEnd > 0 ? WarmupShape::Linear : WarmupShape::None;
            }
            parameters += 2;
        } else {
            schedule.family = ScheduleFamily::MultiStep;
            for (std::size_t j = 0; j < drops; ++j) {
                const std::optional<std::int64_t> m = roundestIn(after[j] + 1.0, upTo[j], upTo[j]);
                if (!m) return std::nullopt;
                schedule.milestones.push_back(*m);
            }
            parameters += static_cast<int>(drops);
        }
        if (!schedule.validate()) return std::nullopt;
        recognized->holdLr = schedule.lrAt(schedule.steps - 1);
    }
    double at = 0.0;
    recognized->worstMismatch = mismatch(*recognized, from, &at);
    if (!(recognized->worstMismatch <= kMatch)) {
        note(family, recognized->worstMismatch, at);
        return std::nullopt;
    }
    const auto used = static_cast<int>(all_.size() - from);
    if (used < parameters + 2) {
        if (supportProblem_.isEmpty()) {
            supportProblem_ = formatMessage(
                QStringLiteral("%1 matches, but with too few samples to be sure (%2 LR samples "
                               "for %3 parameters)"),
                familyName(schedule.family), QString::number(used), QString::number(parameters));
        }
        return std::nullopt;
    }
    describe(*recognized, rampFitted);
    return recognized;
}

// The warmup before the peak: each ramp shape in turn, fitted together with the decay after it
// (samples up to postTo), W between the last sample below the peak and the first at it.
std::optional<Fit> Recognizer::fitWarmup(const Fit& post, std::size_t postFrom,
                                         std::size_t postTo) {
    const Samples s = fitSubset(0, postTo);
    const double lastBelow = all_.x[postFrom - 1];
    const double firstAt = all_.x[postFrom];
    const double peak = post.amplitudes.peak;
    // W where a line through the last two warmup samples reaches the peak.
    double extrapolated = firstAt;
    if (postFrom >= 2) {
        const double x0 = all_.x[postFrom - 2];
        const double y0 = all_.y[postFrom - 2];
        const double y1 = all_.y[postFrom - 1];
        if (y1 > y0) extrapolated = lastBelow + (peak - y1) * (lastBelow - x0) / (y1 - y0);
    }
    const double lo = lastBelow + 0.5;
    const double hi = std::max(firstAt, lo);
    for (Ramp ramp :
         {Ramp::Linear0, Ramp::Cosine0, Ramp::Linear, Ramp::Cosine, Ramp::Exponential}) {
        Model model = post.model;
        model.ramp = ramp;
        const bool freeInit = ramp == Ramp::Linear || ramp == Ramp::Cosine;
        model.init = freeInit ? AmpRule{AmpKind::Free, 0.0} : AmpRule{};
        model.removeFree(&Shape::w);
        model.addFree(&Shape::w, lo, hi);
        std::vector<Shape> starts;
        for (double w : {extrapolated, post.shape.w, hi, 0.5 * (lo + hi)}) {
            Shape q = post.shape;
            q.w = std::clamp(w, lo, hi);
            starts.push_back(q);
        }
        if (ramp == Ramp::Exponential) {
            model.addFree(&Shape::r, 1e-9, 1.0 - 1e-9);
            const double r0 = all_.x[0] == 0.0 && all_.y[0] > 0.0 ? all_.y[0] / peak : 0.01;
            for (Shape& q : starts) q.r = std::clamp(r0, 1e-9, 0.999);
        }
        Fit fit = fitFrom(model, starts, s);
        if (!(fit.worst <= kFitMatch)) continue;
        // Enough warmup samples to tell its shape: one more than its parameters.
        int inWarmup = 0;
        for (std::size_t i = 0; i < postFrom; ++i) inWarmup += all_.x[i] < fit.shape.w;
        const int needed = ramp == Ramp::Linear0 || ramp == Ramp::Cosine0 ? 2 : 3;
        if (inWarmup < needed) continue;
        fit.parameters = post.parameters + (freeInit || ramp == Ramp::Exponential ? 2 : 1) -
                         (post.model.isFree(&Shape::w) ? 1 : 0);
        return fit;
    }
    return std::nullopt;
}

// A decay family after the peak (samples from postFrom on), then the warmup before it.
std::optional<RecognizedSchedule> Recognizer::tryDecay(Decay decay, std::size_t postFrom) {
    const std::size_t n = all_.size();
    if (n - postFrom < 3) return std::nullopt;
    const double xa = all_.x[postFrom];
    const double xb = all_.x.back();
    const double ya = all_.y[postFrom];
    const double yb = all_.y.back();
    const QString family = [decay] {
        switch (decay) {
            case Decay::Linear:
                return QStringLiteral("linear");
            case Decay::Cosine:
                return QStringLiteral("cosine");
            case Decay::Polynomial:
                return QStringLiteral("polynomial");
            case Decay::Exponential:
                return QStringLiteral("exponential");
            case Decay::InverseSqrt:
                return QStringLiteral("inverse square root");
            case Decay::WsdLinear:
                return QStringLiteral("WSD with a linear decay");
            case Decay::WsdCosine:
                return QStringLiteral("WSD with a cosine decay");
            case Decay::WsdOneMinusSqrt:
                return QStringLiteral("WSD with a 1-sqrt decay");
            case Decay::WsdExponential:
                return QStringLiteral("WSD with an exponential decay");
            case Decay::WsdPolynomial:
                return QStringLiteral("WSD with a polynomial decay");
            case Decay::Constant:
                break;
        }
        return QStringLiteral("constant");
    }();

    Model model;
    model.decay = decay;
    if (hasFloor(decay)) model.floor = AmpRule{AmpKind::Free, 0.0};
    const double wLo = postFrom > 0 ? all_.x[postFrom - 1] + 0.5 : 0.0;
    if (dependsOnWarmup(decay) && xa > wLo) model.addFree(&Shape::w, wLo, xa);
    Shape start;
    start.w = xa;
    start.t = isGeometric(decay) ? std::numeric_limits<double>::max() : start.t;

    // Where the LR reaches its last value and stays: the floor, held after the decay's end.
    double floorStart = xb + 1.0;
    for (std::size_t i = n - 1; i > postFrom; --i) {
        if (std::abs(all_.y[i - 1] - yb) > all_.tol[i - 1] + all_.tol[n - 1]) break;
        floorStart = all_.x[i - 1];
    }
    std::vector<Shape> starts;
    const auto ends = [&](double from) {
        std::vector<double> list = {xb + 1.0, from + 1.25 * (xb - from), from + 2.0 * (xb - from),
                                    from + 5.0 * (xb - from)};
        if (floorStart <= xb) list.push_back(floorStart);
        return list;
    };
    if (isWsd(decay)) {
        // The decay starts after the last sample at the peak.
        if (drop_ >= n || drop_ < postFrom + 2) return std::nullopt;
        const double stable = all_.x[drop_ - 1];
        model.addFree(&Shape::d, xa, xb);
        start.d = stable;
        start.w = xa;
        if (decay == Decay::WsdExponential) {
            const double yd = all_.y[drop_ - 1];
            if (!(yb > 0.0) || !(yd > yb)) return std::nullopt;
            model.addFree(&Shape::k, 1e-14, 10.0);
            start.k = std::log(yd / yb) / (xb - stable);
            starts.push_back(start);
        } else {
            model.addFree(&Shape::t, xa + 1.0, static_cast<double>(kMaxScheduleSteps));
            for (double t : ends(stable)) {
                Shape q = start;
                q.t = t;
                starts.push_back(q);
            }
        }
    } else if (decay == Decay::Exponential) {
        if (!(yb > 0.0) || !(ya > yb)) return std::nullopt;
        model.addFree(&Shape::k, 1e-14, 10.0);
        start.k = std::log(ya / yb) / (xb - xa);
        starts.push_back(start);
    } else if (decay == Decay::InverseSqrt) {
        if (!(yb > 0.0) || !(ya > yb)) return std::nullopt;
        model.addFree(&Shape::ts, 1e-3, 1e10);
        // (P / y)^2 = 1 + (x - W) / ts between the first and last sample after the peak.
        const double ratio = (ya / yb) * (ya / yb);
        for (double ts : {std::max(xa, 1.0), (xb - xa) / (ratio - 1.0)}) {
            Shape q = start;
            q.ts = std::max(ts, 1e-3);
            starts.push_back(q);
        }
    } else {
        model.addFree(&Shape::t, xa + 1.0, static_cast<double>(kMaxScheduleSteps));
        for (double t : ends(xa)) {
            Shape q = start;
            q.t = t;
            starts.push_back(q);
        }
    }
    if (hasPower(decay)) {
        model.addFree(&Shape::p, 0.05, 20.0);
        std::vector<Shape> withPowers;
        for (const Shape& q : starts) {
            for (double p : {2.0, 0.5, 3.0}) {
                Shape r = q;
                r.p = p;
                withPowers.push_back(r);
            }
        }
        starts = std::move(withPowers);
    }

    // A coarse fit on a few samples weeds out the families that are far off.
    const Samples coarse = fitSubset(postFrom, n, 300);
    Fit best = fitFrom(model, starts, coarse);
    if (!(best.worst <= 30.0)) {
        std::size_t at = 0;
        const double worst = worstFor(best.model, best.shape, coarse, nullptr, &at);
        note(family, std::isfinite(worst) ? worst : kInfinity,
             coarse.x.empty() ? 0.0 : coarse.x[std::min(at, coarse.size() - 1)]);
        return std::nullopt;
    }
    const Samples s = fitSubset(postFrom, n);
    Fit post = fitFrom(model, {best.shape}, s);
    post.parameters = model.parameterCount();
    if (!(post.worst <= kFitMatch)) {
        std::size_t at = 0;
        worstFor(post.model, post.shape, s, nullptr, &at);
        note(family, post.worst, s.x[std::min(at, s.size() - 1)]);
        return std::nullopt;
    }
    if (postFrom > 0) {
        if (std::optional<Fit> warm = fitWarmup(post, postFrom, n)) {
            if (auto recognized = finish(*warm, true, postFrom, family)) return recognized;
        }
    }
    return finish(post, false, postFrom, family);
}

ScheduleRecognition Recognizer::run() {
    ScheduleRecognition result;
    const std::size_t n = all_.size();
    if (n < 3) {
        result.reason = formatMessage(
            QStringLiteral("%1 LR samples are too few to tell a schedule"), QString::number(n));
        return result;
    }
    double largest = 0.0;
    for (double v : all_.y) largest = std::max(largest, v);
    if (!(largest > 0.0)) {
        result.reason = QStringLiteral("the LR is 0 at every sample");
        return result;
    }
    peak_ = 0;
    while (all_.y[peak_] < largest - all_.tol[peak_]) ++peak_;
    for (std::size_t i = 1; i <= peak_; ++i) {
        if (all_.y[i] < all_.y[i - 1] - all_.tol[i] - all_.tol[i - 1]) {
            result.reason = formatMessage(
                QStringLiteral("the LR falls at step %1, before it reaches its peak at step %2"),
                stepText(all_.x[i]), stepText(all_.x[peak_]));
            return result;
        }
    }
    for (std::size_t i = peak_ + 1; i < n; ++i) {
        if (all_.y[i] > all_.y[i - 1] + all_.tol[i] + all_.tol[i - 1]) {
            result.reason = formatMessage(
                QStringLiteral("the LR rises again at step %1 after falling (re-warms and cycles "
                               "are not recognised)"),
                stepText(all_.x[i]));
            return result;
        }
    }
    if (n - peak_ < 3) {
        result.reason = formatMessage(
            QStringLiteral("only %1 LR sample(s) from the peak (step %2) on: too few to tell the "
                           "schedule after the warmup"),
            QString::number(n - peak_), stepText(all_.x[peak_]));
        return result;
    }
    drop_ = peak_ + 1;
    while (drop_ < n && all_.y[drop_] >= all_.y[peak_] - all_.tol[drop_] - all_.tol[peak_]) {
        ++drop_;
    }

    const auto done = [&](std::optional<RecognizedSchedule> recognized) {
        result.recognized = std::move(recognized);
        return result;
    };
    if (auto recognized = tryPlateaus()) return done(std::move(recognized));
    const Decay decays[] = {Decay::Linear,       Decay::Cosine,          Decay::Exponential,
                            Decay::InverseSqrt,  Decay::Polynomial,      Decay::WsdLinear,
                            Decay::WsdCosine,    Decay::WsdOneMinusSqrt, Decay::WsdExponential,
                            Decay::WsdPolynomial};
    // The sample at the peak may be the last of the warmup when the decay starts right after it.
    std::vector<std::size_t> splits = {peak_};
    if (peak_ + 1 < n && (peak_ > 0 || all_.x[peak_] > 0.0)) splits.push_back(peak_ + 1);
    for (std::size_t postFrom : splits) {
        for (Decay decay : decays) {
            if (auto recognized = tryDecay(decay, postFrom)) return done(std::move(recognized));
        }
    }
    if (!supportProblem_.isEmpty()) {
        result.reason = supportProblem_;
    } else {
        result.reason =
            QStringLiteral("no schedule family matches every LR sample within rounding");
        if (!closest_.isEmpty()) result.reason += QStringLiteral(" (") + closest_ + u')';
    }
    return result;
}

}  // namespace

double RecognizedSchedule::lrAt(std::int64_t step) const {
    const std::int64_t local = std::max<std::int64_t>(step - origin, 0);
    if (local >= schedule.steps) return holdLr;
    return schedule.lrAt(local);
}

ScheduleRecognition recognizeSchedule(const std::vector<std::int64_t>& steps,
                                      const std::vector<double>& lr,
                                      const ScheduleRecognitionOptions& options) {
    Samples samples;
    const std::size_t n = std::min(steps.size(), lr.size());
    // Steps as readers give them (run/LogLimits.h), so that no sum or difference below overflows.
    if (!isLogStep(options.origin) || options.lastStep > kMaxLogStep) {
        return {std::nullopt, QStringLiteral("the origin or last step is outside 0..2^53")};
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!isLogStep(steps[i])) {
            return {std::nullopt, QStringLiteral("step %1 is outside 0..2^53").arg(steps[i])};
        }
        if (i > 0 && steps[i] <= steps[i - 1]) {
            return {std::nullopt,
                    QStringLiteral("step %1 comes after step %2 (steps must increase)")
                        .arg(steps[i])
                        .arg(steps[i - 1])};
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (steps[i] < options.origin) continue;
        if (!std::isfinite(lr[i]) || lr[i] < 0.0 || lr[i] >= kMaxLr) {
            return {std::nullopt, QStringLiteral("the LR at step %1 is negative, not a number or "
                                                 "not below %2")
                                      .arg(steps[i])
                                      .arg(kMaxLr)};
        }
        samples.x.push_back(static_cast<double>(steps[i] - options.origin));
        samples.y.push_back(lr[i]);
    }
    setTolerances(samples, options.relativeTolerance);
    clearUpperVectorRegisters();  // thousands of small solves follow: see VectorRegisters.h
    const std::int64_t lastStep =
        std::max(options.lastStep, samples.size() > 0 ? steps[n - 1] : options.origin);
    return Recognizer(samples, options.origin, lastStep).run();
}

}  // namespace annealer
