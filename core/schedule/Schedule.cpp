#include "schedule/Schedule.h"

#include "NumberText.h"
#include "VectorRegisters.h"
#include "schedule/WarmupEnd.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

namespace annealer {

namespace {

constexpr double kPi = std::numbers::pi;

double asDouble(std::int64_t value) {
    return static_cast<double>(value);
}

// ---------------------------------------------------------------------------------------------
// Kernels. A libm call per step (cos, pow) costs most of the 10M-step budget, so the shapes that
// need one per step use plain arithmetic the compiler can pipeline. Each is accurate to a few ulp
// and keeps full relative accuracy near zero, where 1 + cos(x) would cancel.

// Taylor coefficients (-1)^k / (2k)! and (-1)^k / (2k+1)!; for |x| <= pi/4 the first omitted
// terms are below 1e-17 relative.
constexpr int kTaylorTerms = 9;
struct TaylorCoefficients {
    double cosine[kTaylorTerms];
    double sine[kTaylorTerms];
};
constexpr TaylorCoefficients makeTaylorCoefficients() {
    TaylorCoefficients result{};
    double factorial = 1.0;  // n!
    for (int n = 0; n < 2 * kTaylorTerms; ++n) {
        if (n > 0) factorial *= n;
        const double sign = (n / 2) % 2 == 0 ? 1.0 : -1.0;
        if (n % 2 == 0)
            result.cosine[n / 2] = sign / factorial;
        else
            result.sine[n / 2] = sign / factorial;
    }
    return result;
}
constexpr TaylorCoefficients kTaylor = makeTaylorCoefficients();

// c[0] + c[1] y + ... + c[8] y^8 in Estrin's scheme: a short dependency chain pipelines better
// across steps than Horner's.
inline double polynomial9(const double (&c)[kTaylorTerms], double y) {
    const double y2 = y * y;
    const double y4 = y2 * y2;
    const double low = (c[0] + c[1] * y) + y2 * (c[2] + c[3] * y);
    const double high = (c[4] + c[5] * y) + y2 * (c[6] + c[7] * y);
    return low + y4 * (high + y4 * c[8]);
}

// cos(x) and sin(x) for |x| <= pi/4.
inline double cosKernel(double x) {
    return polynomial9(kTaylor.cosine, x * x);
}
inline double sinKernel(double x) {
    return x * polynomial9(kTaylor.sine, x * x);
}

// The progress n / d of a phase (0 <= n <= d) and its complement (d - n) / d, both from whole
// numbers: 1 - n / d in doubles would lose the relative accuracy of the small values at the end
// of a decay.
struct Fraction {
    double done;
    double left;
};
inline Fraction fraction(std::int64_t n, std::int64_t d) {
    return {asDouble(n) / asDouble(d), asDouble(d - n) / asDouble(d)};
}

// cos(pi t / 2) and sin(pi t / 2) for t in [0, 1], reduced to |x| <= pi/4.
inline double cosHalfPi(Fraction t) {
    return t.done <= 0.5 ? cosKernel(0.5 * kPi * t.done) : sinKernel(0.5 * kPi * t.left);
}
inline double sinHalfPi(Fraction t) {
    return t.done <= 0.5 ? sinKernel(0.5 * kPi * t.done) : cosKernel(0.5 * kPi * t.left);
}

// (1 + cos(pi t)) / 2 = cos^2(pi t / 2): from 1 at t = 0 to 0 at t = 1.
inline double cosineDown(Fraction t) {
    const double c = cosHalfPi(t);
    return c * c;
}
// (1 - cos(pi t)) / 2 = sin^2(pi t / 2): from 0 at t = 0 to 1 at t = 1.
inline double cosineUp(Fraction t) {
    const double c = sinHalfPi(t);
    return c * c;
}

// The REX profile (Chen, Wolfe, Kyrillidis 2021, "REX: Revisiting Budgeted Training with an
// Improved Schedule", arXiv 2107.04197): eta(z) = eta0 * (1 - z) / (1/2 + (1 - z)/2)
// = eta0 * (1 - z) / (1 - z/2) at progress z in [0, 1]; from 1 at z = 0 to 0 at z = 1. The
// denominator lies in [1/2, 1]: no cancellation, and 1 - z comes from whole numbers.
inline double rexProfile(Fraction z) {
    return z.left / (1.0 - 0.5 * z.done);
}

// x^p: multiplications for a small whole p (the usual 1, 2, 3), std::pow otherwise.
struct Power {
    double exponent = 1.0;
    int whole = 0;  // exponent when it is a whole number in 1..64, else 0

    explicit Power(double p) : exponent(p) {
        if (p >= 1.0 && p <= 64.0 && std::trunc(p) == p) whole = static_cast<int>(p);
    }
    double operator()(double x) const {
        if (whole == 0) return std::pow(x, exponent);
        double result = 1.0;
        double base = x;
        for (int n = whole; n > 0; n >>= 1) {
            if (n & 1) result *= base;
            base *= base;
        }
        return result;
    }
};

// ---------------------------------------------------------------------------------------------
// Sampling. Each family is a small "rule" struct with its constants precomputed and an inline
// operator()(step) for steps >= warmup. sample() runs one tight loop per rule and lrAt() calls
// the same operator(), so both do the very same arithmetic.

// Steps 0..length-1: a ramp from init towards target (the value the decay rule starts at).
struct Warmup {
    WarmupShape shape = WarmupShape::None;
    std::int64_t length = 0;
    double init = 0.0;
    double target = 0.0;
    double logRatio = 0.0;  // log(target / init), exponential shape only

    Warmup(const Schedule& schedule, double targetLr)
        : shape(schedule.warmupShape),
          length(schedule.warmupSteps),
          init(schedule.warmupInit),
          target(targetLr) {
        if (shape == WarmupShape::Exponential && init > 0.0) logRatio = std::log(target / init);
    }

    double ramp(std::int64_t s) const { return asDouble(s) / asDouble(length); }
    // init + (P - init) * s / W
    double linearAt(std::int64_t s) const { return init + (target - init) * ramp(s); }
    // init + (P - init) * (1 - cos(pi s / W)) / 2
    double cosineAt(std::int64_t s) const {
        return init + (target - init) * cosineUp(fraction(s, length));
    }
    // init * (P / init)^(s / W), as exp so one log serves every step
    double exponentialAt(std::int64_t s) const { return init * std::exp(logRatio * ramp(s)); }

    double at(std::int64_t s) const {
        switch (shape) {
            case WarmupShape::Linear:
                return linearAt(s);
            case WarmupShape::Cosine:
                return cosineAt(s);
            case WarmupShape::Exponential:
                return exponentialAt(s);
            case WarmupShape::None:
                break;
        }
        return target;  // unreachable for a valid schedule: no warmup steps without a shape
    }

    // out[s - from] for s in [from, to), to <= length.
    void fill(double* out, std::int64_t from, std::int64_t to) const {
        switch (shape) {
            case WarmupShape::Linear:
                for (std::int64_t s = from; s < to; ++s) out[s - from] = linearAt(s);
                break;
            case WarmupShape::Cosine:
                for (std::int64_t s = from; s < to; ++s) out[s - from] = cosineAt(s);
                break;
            case WarmupShape::Exponential:
                for (std::int64_t s = from; s < to; ++s) out[s - from] = exponentialAt(s);
                break;
            case WarmupShape::None:
                for (std::int64_t s = from; s < to; ++s) out[s - from] = target;
                break;
        }
    }
};

// tau = (s - W) / (T - W), the post-warmup progress.
struct Progress {
    std::int64_t warmup = 0;
    std::int64_t length = 1;

    explicit Progress(const Schedule& schedule)
        : warmup(schedule.warmupSteps), length(schedule.steps - schedule.warmupSteps) {}
    double tau(std::int64_t s) const { return asDouble(s - warmup) / asDouble(length); }
    Fraction at(std::int64_t s) const { return fraction(s - warmup, length); }
};

struct ConstantRule {
    double peak;
    // P
    double operator()(std::int64_t) const { return peak; }
};

struct LinearRule {
    double peak, floorLr;
    Progress progress;
    // P + (F - P) * tau
    double operator()(std::int64_t s) const { return peak + (floorLr - peak) * progress.tau(s); }
};

struct CosineRule {
    double peak, floorLr;
    Progress progress;
    // F + (P - F) * (1 + cos(pi tau)) / 2
    double operator()(std::int64_t s) const {
        return floorLr + (peak - floorLr) * cosineDown(progress.at(s));
    }
};

struct PolynomialRule {
    double peak, floorLr;
    Power power;
    Progress progress;
    // F + (P - F) * (1 - tau)^power
    double operator()(std::int64_t s) const {
        return floorLr + (peak - floorLr) * power(progress.at(s).left);
    }
};

struct ExponentialRule {
    double peak, logRatio;  // log(F / P)
    Progress progress;
    // P * (F / P)^tau, as exp so one log serves every step
    double operator()(std::int64_t s) const { return peak * std::exp(logRatio * progress.tau(s)); }
};

struct InverseSqrtRule {
    double peak, timescale;
    std::int64_t warmup;
    // P * sqrt(ts / (s - W + ts))
    double operator()(std::int64_t s) const {
        return peak * std::sqrt(timescale / (asDouble(s - warmup) + timescale));
    }
};

struct StepRule {
    double peak, gamma;
    std::int64_t warmup, stepSize;
    double level(std::int64_t drops) const { return peak * std::pow(gamma, asDouble(drops)); }
    // P * gamma^floor((s - W) / step_size)
    double operator()(std::int64_t s) const { return level((s - warmup) / stepSize); }
};

struct MultiStepRule {
    double peak, gamma;
    const std::vector<std::int64_t>* milestones;
    double level(std::int64_t drops) const { return peak * std::pow(gamma, asDouble(drops)); }
    // P * gamma^(number of milestones m <= s)
    double operator()(std::int64_t s) const {
        const auto passed = std::upper_bound(milestones->begin(), milestones->end(), s);
        return level(passed - milestones->begin());
    }
};

template <DecayShape shape>
struct WsdRule {
    static constexpr DecayShape kShape = shape;
    double peak, floorLr;
    Power power;
    double logRatio;           // log(F / P), exponential shape only
    std::int64_t decayStart;   // s0 = T - Dd
    std::int64_t decayLength;  // Dd

    double operator()(std::int64_t s) const {
        if (s < decayStart) return peak;
        const Fraction u = fraction(s - decayStart, decayLength);  // u = (s - s0) / Dd
        if constexpr (shape == DecayShape::Linear) {
            return floorLr + (peak - floorLr) * u.left;  // F + (P - F) * (1 - u)
        } else if constexpr (shape == DecayShape::Cosine) {
            // F + (P - F) * (1 + cos(pi u)) / 2
            return floorLr + (peak - floorLr) * cosineDown(u);
        } else if constexpr (shape == DecayShape::OneMinusSqrt) {
            // F + (P - F) * (1 - sqrt(u)), as (1 - u) / (1 + sqrt(u)) to keep the tail accurate
            return floorLr + (peak - floorLr) * (u.left / (1.0 + std::sqrt(u.done)));
        } else if constexpr (shape == DecayShape::Polynomial) {
            return floorLr + (peak - floorLr) * power(u.left);  // F + (P - F) * (1 - u)^p
        } else if constexpr (shape == DecayShape::Rex) {
            return floorLr + (peak - floorLr) * rexProfile(u);  // F + (P - F) * REX(u)
        } else {
            return peak * std::exp(logRatio * u.done);  // P * (F / P)^u
        }
    }
};

struct RexRule {
    double peak, floorLr;
    Progress progress;
    // F + (P - F) * (1 - tau) / (1 - tau / 2)
    double operator()(std::int64_t s) const {
        return floorLr + (peak - floorLr) * rexProfile(progress.at(s));
    }
};

// min(P, a * (s * tokens_per_step)^b); the peak at step 0, where n^b is infinite.
inline double powerLevel(double peak, double a, double b, double tokensPerStep, std::int64_t s) {
    return std::min(peak, a * std::pow(asDouble(s) * tokensPerStep, b));
}

// The power scheduler (Shen et al. 2024, "Power Scheduler: A Batch Size and Token Number
// Agnostic Learning Rate Scheduler", arXiv 2408.13359): eta(n) = min(eta_max, a * n^b) over the
// tokens n seen, after a linear warmup to eta(N_warmup) and before a decay over the last N_decay
// tokens from eta(N - N_decay). The paper writes beta * a * n^b with beta the batch size; here
// `a` is that whole factor. n = s * tokens_per_step for step s (tokens seen before it; step 0
// runs at the peak). The decay takes any WSD shape from eta at its start to the floor; the
// paper's is exponential (shape exponential: eta_start * (floor / eta_start)^u).
template <DecayShape shape>
struct PowerSchedulerRule {
    double peak, a, b, tokensPerStep;
    WsdRule<shape> decay;  // its `peak` is eta at the start of the decay

    double operator()(std::int64_t s) const {
        return s < decay.decayStart ? powerLevel(peak, a, b, tokensPerStep, s) : decay(s);
    }
};

// PyTorch's OneCycleLR (Smith & Topin 2019, "Super-Convergence", arXiv 1708.07120; the
// semantics of torch.optim.lr_scheduler.OneCycleLR): from initial = peak / div_factor up to the
// peak until step pct_start * T - 1, then down to initial / final_div_factor at step T - 1; with
// three_phase, down to initial by step 2 * pct_start * T - 2 first. Phase ends are real numbers;
// in phase [start, end] the LR anneals from its start to its end value at pct = (s - start) /
// (end - start): cos: end + (start - end) / 2 * (cos(pi pct) + 1); linear: start + (end -
// start) * pct. The arithmetic is PyTorch's, in its order, so that an export is exact.
struct OneCycleRule {
    double initial, peak, lowest;
    OneCyclePhases phases;
    bool linear, threePhase;

    double anneal(double start, double end, double pct) const {
        if (linear) return (end - start) * pct + start;
        return end + (start - end) / 2.0 * (std::cos(kPi * pct) + 1.0);
    }
    double operator()(std::int64_t step) const {
        const double s = asDouble(step);
        if (s <= phases.riseEnd) return anneal(initial, peak, s / phases.riseEnd);
        if (!threePhase)
            return anneal(peak, lowest, (s - phases.riseEnd) / (phases.last - phases.riseEnd));
        if (s <= phases.fallEnd)
            return anneal(peak, initial, (s - phases.riseEnd) / (phases.fallEnd - phases.riseEnd));
        return anneal(initial, lowest, (s - phases.fallEnd) / (phases.last - phases.fallEnd));
    }
};

struct CyclicRule {
    double peak, floorLr, cycleDecay;
    std::int64_t warmup, cycle, rewarm;

    // Pi = P * cycle_decay^i
    double cyclePeak(std::int64_t index) const {
        return peak * std::pow(cycleDecay, asDouble(index));
    }
    // r < rewarm: F + (Pi - F) r / rewarm; else F + (Pi - F)(1 + cos(pi u)) / 2,
    // u = (r - rewarm) / (cycle - rewarm)
    double inCycle(double cyclePeakLr, std::int64_t r) const {
        if (r < rewarm) return floorLr + (cyclePeakLr - floorLr) * (asDouble(r) / asDouble(rewarm));
        return floorLr + (cyclePeakLr - floorLr) * cosineDown(fraction(r - rewarm, cycle - rewarm));
    }
    double operator()(std::int64_t s) const {
        const std::int64_t q = s - warmup;
        return inCycle(cyclePeak(q / cycle), q % cycle);
    }
};

// One interval between control points k and k+1 of a free-form curve.
struct Segment {
    std::int64_t start;
    double width, y0, y1, slope0, slope1;
};

struct FreeFormRule {
    const std::vector<ControlPoint>* points;
    Interpolation interpolation;

    double secant(std::size_t k) const {
        const ControlPoint& a = (*points)[k];
        const ControlPoint& b = (*points)[k + 1];
        return (b.lr - a.lr) / asDouble(b.step - a.step);
    }

    // Fritsch-Carlson slope at point k: zero at local extrema, else the mean of the adjacent
    // secants limited to 3x the smaller one. That box (alpha, beta <= 3) keeps every cubic piece
    // monotone between its end values, and it depends only on neighbours, so one segment can be
    // evaluated without the whole curve.
    double slope(std::size_t k) const {
        const std::size_t last = points->size() - 1;
        if (k == 0) return secant(0);
        if (k == last) return secant(last - 1);
        const double before = secant(k - 1);
        const double after = secant(k);
        if (before * after <= 0.0) return 0.0;
        const double mean = 0.5 * (before + after);
        const double limit = 3.0 * std::min(std::abs(before), std::abs(after));
        return std::copysign(std::min(std::abs(mean), limit), mean);
    }

    Segment segment(std::size_t k) const {
        const ControlPoint& a = (*points)[k];
        const ControlPoint& b = (*points)[k + 1];
        Segment result{a.step, asDouble(b.step - a.step), a.lr, b.lr, 0.0, 0.0};
        if (interpolation == Interpolation::MonotoneCubic) {
            result.slope0 = slope(k);
            result.slope1 = slope(k + 1);
        }
        return result;
    }

    double inSegment(const Segment& seg, std::int64_t s) const {
        const double t = asDouble(s - seg.start) / seg.width;
        // linear: y0 + (y1 - y0) * t
        if (interpolation == Interpolation::Linear) return seg.y0 + (seg.y1 - seg.y0) * t;
        // cubic Hermite: h00 y0 + h10 w m0 + h01 y1 + h11 w m1
        const double t2 = t * t;
        const double t3 = t2 * t;
        const double value = (2.0 * t3 - 3.0 * t2 + 1.0) * seg.y0 +
                             (t3 - 2.0 * t2 + t) * seg.width * seg.slope0 +
                             (3.0 * t2 - 2.0 * t3) * seg.y1 + (t3 - t2) * seg.width * seg.slope1;
        // The piece is monotone in exact arithmetic; the clamp removes rounding overshoot.
        return std::clamp(value, std::min(seg.y0, seg.y1), std::max(seg.y0, seg.y1));
    }

    // Constant before the first and after the last point.
    double operator()(std::int64_t s) const {
        const std::vector<ControlPoint>& p = *points;
        if (s < p.front().step) return p.front().lr;
        if (s >= p.back().step) return p.back().lr;
        const auto after = std::upper_bound(
            p.begin(), p.end(), s,
            [](std::int64_t step, const ControlPoint& point) { return step < point.step; });
        const auto k = static_cast<std::size_t>(after - p.begin()) - 1;
        return inSegment(segment(k), s);
    }
};

// Fills out[s - from] = rule(s) for s in [from, to). Families with piecewise structure overload
// this to compute each piece's constants once, calling the same helpers as their operator().
template <typename Rule>
void fillRange(const Rule& rule, double* out, std::int64_t from, std::int64_t to) {
    for (std::int64_t s = from; s < to; ++s) out[s - from] = rule(s);
}

void fillRange(const StepRule& rule, double* out, std::int64_t from, std::int64_t to) {
    for (std::int64_t start = from; start < to;) {
        // the level's last step: the end of its step_size window after warmup
        const std::int64_t drops = (start - rule.warmup) / rule.stepSize;
        const std::int64_t end =
            std::min(rule.warmup + (drops + 1) * rule.stepSize, to);
        std::fill(out + (start - from), out + (end - from), rule.level(drops));
        start = end;
    }
}

void fillRange(const MultiStepRule& rule, double* out, std::int64_t from, std::int64_t to) {
    const std::vector<std::int64_t>& milestones = *rule.milestones;
    auto next = std::upper_bound(milestones.begin(), milestones.end(), from);
    std::int64_t start = from;
    while (start < to) {
        const std::int64_t end = next == milestones.end() ? to : std::min(*next, to);
        std::fill(out + (start - from), out + (end - from),
                  rule.level(next - milestones.begin()));
        start = end;
        if (next != milestones.end()) ++next;
    }
}

void fillRange(const CyclicRule& rule, double* out, std::int64_t from, std::int64_t to) {
    for (std::int64_t start = from; start < to;) {
        const std::int64_t q = start - rule.warmup;
        const double cyclePeakLr = rule.cyclePeak(q / rule.cycle);
        const std::int64_t r0 = q % rule.cycle;  // where in its cycle `start` falls
        const std::int64_t end = std::min(start + (rule.cycle - r0), to);
        for (std::int64_t s = start; s < end; ++s)
            out[s - from] = rule.inCycle(cyclePeakLr, r0 + (s - start));
        start = end;
    }
}

void fillRange(const FreeFormRule& rule, double* out, std::int64_t from, std::int64_t to) {
    const std::vector<ControlPoint>& p = *rule.points;
    std::int64_t s = from;
    for (; s < to && s < p.front().step; ++s) out[s - from] = p.front().lr;
    for (std::size_t k = 0; k + 1 < p.size() && s < to; ++k) {
        if (s >= p[k + 1].step) continue;
        const Segment seg = rule.segment(k);
        const std::int64_t end = std::min(p[k + 1].step, to);
        for (; s < end; ++s) out[s - from] = rule.inSegment(seg, s);
    }
    for (; s < to; ++s) out[s - from] = p.back().lr;
}

// Calls visit(rule) with the WSD decay of the schedule's shape, from `start` at step
// steps - decay length to the floor at the end.
template <typename Visit>
auto visitWsdDecay(const Schedule& schedule, double start, Visit&& visit) {
    const double floorLr = schedule.floorLr();
    const std::int64_t decayLength = std::max<std::int64_t>(schedule.wsdDecaySteps(), 1);
    const std::int64_t decayStart = schedule.steps - decayLength;
    const Power power(schedule.power);
    switch (schedule.decayShape) {
        case DecayShape::Linear:
            break;
        case DecayShape::Cosine:
            return visit(
                WsdRule<DecayShape::Cosine>{start, floorLr, power, 0.0, decayStart, decayLength});
        case DecayShape::OneMinusSqrt:
            return visit(WsdRule<DecayShape::OneMinusSqrt>{start, floorLr, power, 0.0, decayStart,
                                                           decayLength});
        case DecayShape::Polynomial:
            return visit(WsdRule<DecayShape::Polynomial>{start, floorLr, power, 0.0, decayStart,
                                                         decayLength});
        case DecayShape::Rex:
            return visit(
                WsdRule<DecayShape::Rex>{start, floorLr, power, 0.0, decayStart, decayLength});
        case DecayShape::Exponential:
            return visit(WsdRule<DecayShape::Exponential>{
                start, floorLr, power, std::log(floorLr / start), decayStart, decayLength});
    }
    return visit(WsdRule<DecayShape::Linear>{start, floorLr, power, 0.0, decayStart, decayLength});
}

// Calls visit(rule) with the rule of a non-chain schedule. lrAt() may be asked about a schedule
// the user is still typing, so integer divisors and the points list are guarded: an invalid
// schedule gives meaningless values, not a crash.
template <typename Visit>
auto visitRule(const Schedule& schedule, Visit&& visit) {
    const double peak = schedule.peak;
    const double floorLr = schedule.floorLr();
    const Progress progress(schedule);
    switch (schedule.family) {
        case ScheduleFamily::Linear:
            return visit(LinearRule{peak, floorLr, progress});
        case ScheduleFamily::Cosine:
            return visit(CosineRule{peak, floorLr, progress});
        case ScheduleFamily::Polynomial:
            return visit(PolynomialRule{peak, floorLr, Power(schedule.power), progress});
        case ScheduleFamily::Exponential:
            return visit(ExponentialRule{peak, std::log(floorLr / peak), progress});
        case ScheduleFamily::InverseSqrt: {
            const std::int64_t timescale =
                schedule.timescale.value_or(std::max<std::int64_t>(schedule.warmupSteps, 1));
            return visit(InverseSqrtRule{peak, asDouble(timescale), schedule.warmupSteps});
        }
        case ScheduleFamily::Step:
            return visit(StepRule{peak, schedule.gamma, schedule.warmupSteps,
                                  std::max<std::int64_t>(schedule.stepSize, 1)});
        case ScheduleFamily::MultiStep:
            return visit(MultiStepRule{peak, schedule.gamma, &schedule.milestones});
        case ScheduleFamily::Wsd:
            return visitWsdDecay(schedule, peak, [&](const auto& decay) { return visit(decay); });
        case ScheduleFamily::Rex:
            return visit(RexRule{peak, floorLr, progress});
        case ScheduleFamily::PowerScheduler: {
            const double a = schedule.powerA;
            const double b = schedule.powerB;
            const double tokens = schedule.tokensPerStep;
            // The decay starts from the level the power law has reached there.
            const std::int64_t decayStart = schedule.steps - schedule.wsdDecaySteps();
            const double start = powerLevel(peak, a, b, tokens, decayStart);
            return visitWsdDecay(schedule, start, [&](const auto& decay) {
                using Decay = std::decay_t<decltype(decay)>;
                return visit(PowerSchedulerRule<Decay::kShape>{peak, a, b, tokens, decay});
            });
        }
        case ScheduleFamily::OneCycle: {
            const double initial = peak / schedule.divFactor;
            return visit(OneCycleRule{
                initial, peak, initial / schedule.finalDivFactor, oneCyclePhases(schedule),
                schedule.annealStrategy == AnnealStrategy::Linear, schedule.threePhase});
        }
        case ScheduleFamily::Cyclic:
            return visit(CyclicRule{peak, floorLr, schedule.cycleDecay, schedule.warmupSteps,
                                    std::max<std::int64_t>(schedule.cycleSteps, 1),
                                    schedule.rewarmSteps});
        case ScheduleFamily::FreeForm:
            if (schedule.points.empty()) break;
            return visit(FreeFormRule{&schedule.points, schedule.interpolation});
        case ScheduleFamily::Constant:
        case ScheduleFamily::Chain:  // callers handle chains before getting here
            break;
    }
    return visit(ConstantRule{schedule.family == ScheduleFamily::FreeForm ? 0.0 : peak});
}

// The LR the warmup ramps to: the peak, or the rule's own value at W for a free-form curve and
// for the power scheduler (whose warmup ends at eta(N_warmup)).
template <typename Rule>
double warmupTarget(const Schedule& schedule, const Rule& rule) {
    if (schedule.family == ScheduleFamily::FreeForm ||
        schedule.family == ScheduleFamily::PowerScheduler)
        return rule(schedule.warmupSteps);
    return schedule.peak;
}

// out[s - from] = the LR of step s for s in [from, to), 0 <= from <= to <= totalSteps().
void fillSchedule(const Schedule& schedule, double* out, std::int64_t from, std::int64_t to) {
    clearUpperVectorRegisters();  // see VectorRegisters.h
    // chain: the phases back to back, each a whole schedule with its own warmup (a re-warm)
    if (schedule.family == ScheduleFamily::Chain) {
        std::int64_t phaseStart = 0;
        for (const Schedule& phase : schedule.phases) {
            const std::int64_t phaseEnd = phaseStart + phase.totalSteps();
            const std::int64_t a = std::max(from, phaseStart);
            const std::int64_t b = std::min(to, phaseEnd);
            if (a < b) fillSchedule(phase, out + (a - from), a - phaseStart, b - phaseStart);
            phaseStart = phaseEnd;
        }
        return;
    }
    visitRule(schedule, [&](const auto& rule) {
        const std::int64_t warmupEnd = std::clamp(schedule.warmupSteps, from, to);
        Warmup(schedule, warmupTarget(schedule, rule)).fill(out, from, warmupEnd);
        fillRange(rule, out + (warmupEnd - from), warmupEnd, to);
    });
}

// ---------------------------------------------------------------------------------------------
// Validation

Status fail(const QString& prefix, const QString& key, const QString& reason) {
    return Error{prefix + key + QStringLiteral(": ") + reason};
}


QString belowMaxLr() {
    return QStringLiteral("must be below ") + shortestText(kMaxLearningRate) +
           QStringLiteral(", got ");
}

// A learning rate: finite, >= 0 and below kMaxLearningRate.
std::optional<QString> lrProblem(double value) {
    if (!std::isfinite(value))
        return QStringLiteral("must be a finite number, got ") + shortestText(value);
    if (value < 0.0) return QStringLiteral("must be >= 0, got ") + shortestText(value);
    if (value >= kMaxLearningRate) return belowMaxLr() + shortestText(value);
    return std::nullopt;
}

// The largest LR of peak * factor^n over n = 0..count-1 (a step decay's drops, a cyclic
// schedule's cycle peaks), refused when it reaches kMaxLearningRate: computed in logs, so a
// factor like 1e308 cannot overflow on the way.
std::optional<QString> geometricLrProblem(double peak, double factor, std::int64_t count,
                                          const char* steps) {
    if (factor <= 1.0 || count <= 1) return std::nullopt;
    const double logLargest =
        std::log(peak) + static_cast<double>(count - 1) * std::log(factor);
    if (logLargest < std::log(kMaxLearningRate)) return std::nullopt;
    return QStringLiteral("would raise the LR to %1 after %2 %3; the LR must stay below %4")
        .arg(logLargest > 709.0 ? QStringLiteral("more than 1e308")
                                : QString::number(std::exp(logLargest), 'g', 3),
             shortestText(count - 1), QString::fromLatin1(steps), shortestText(kMaxLearningRate));
}

Status validateChain(const Schedule& schedule, const QString& prefix);

bool usesWsdDecay(ScheduleFamily family) {
    return family == ScheduleFamily::Wsd || family == ScheduleFamily::PowerScheduler;
}

// The decay of WSD and of the power scheduler: decay or decay_steps within the steps after
// warmup.
Status validateWsdDecay(const Schedule& schedule, const QString& prefix) {
    const std::int64_t steps = schedule.steps;
    const std::int64_t warmup = schedule.warmupSteps;
    const std::int64_t afterWarmup = steps - warmup;
    if (schedule.decaySteps) {
        const std::int64_t decaySteps = *schedule.decaySteps;
        if (decaySteps < 1)
            return fail(prefix, QStringLiteral("decay_steps"),
                        QStringLiteral("must be >= 1, got ") + shortestText(decaySteps));
        if (decaySteps > afterWarmup)
            return fail(prefix, QStringLiteral("decay_steps"),
                        QStringLiteral("%1 steps is longer than the %2 steps after warmup")
                            .arg(shortestText(decaySteps), shortestText(afterWarmup)));
    } else {
        const double fraction = schedule.decayFraction;
        if (!(fraction > 0.0 && fraction <= 1.0))
            return fail(prefix, QStringLiteral("decay"),
                        QStringLiteral("must be in (0, 1], got ") + shortestText(fraction));
        const std::int64_t decaySteps = schedule.wsdDecaySteps();
        if (decaySteps < 1)
            return fail(prefix, QStringLiteral("decay"),
                        QStringLiteral("%1 of %2 steps rounds to 0 decay steps")
                            .arg(shortestText(fraction), shortestText(steps)));
        if (decaySteps > afterWarmup)
            return fail(prefix, QStringLiteral("decay"),
                        QStringLiteral("%1 of %2 steps is %3 decay steps, longer than "
                                       "the %4 steps after warmup")
                            .arg(shortestText(fraction), shortestText(steps),
                                 shortestText(decaySteps), shortestText(afterWarmup)));
    }
    return {};
}

// A finite number > 0 (power_a, tokens_per_step), or >= 1 (div factors).
std::optional<QString> positiveProblem(double value, double lowest = 0.0) {
    if (!std::isfinite(value))
        return QStringLiteral("must be a finite number, got ") + shortestText(value);
    if (lowest == 0.0 && !(value > 0.0))
        return QStringLiteral("must be > 0, got ") + shortestText(value);
    if (value < lowest)
        return QStringLiteral("must be >= %1, got %2")
            .arg(shortestText(lowest), shortestText(value));
    return std::nullopt;
}

Status validatePowerScheduler(const Schedule& schedule, const QString& prefix) {
    if (auto problem = positiveProblem(schedule.powerA))
        return fail(prefix, QStringLiteral("power_a"), *problem);
    if (!std::isfinite(schedule.powerB))
        return fail(
            prefix, QStringLiteral("power_b"),
            QStringLiteral("must be a finite number, got ") + shortestText(schedule.powerB));
    if (!(schedule.powerB < 0.0))
        return fail(prefix, QStringLiteral("power_b"),
                    QStringLiteral("must be < 0 (the LR falls as tokens grow), got ") +
                        shortestText(schedule.powerB));
    if (auto problem = positiveProblem(schedule.tokensPerStep))
        return fail(prefix, QStringLiteral("tokens_per_step"), *problem);
    if (Status status = validateWsdDecay(schedule, prefix); !status) return status;
    // The decay must fall: the floor at most the level the power law reaches where it starts.
    const std::int64_t decayStart = schedule.steps - schedule.wsdDecaySteps();
    const double start = powerLevel(schedule.peak, schedule.powerA, schedule.powerB,
                                    schedule.tokensPerStep, decayStart);
    if (schedule.floorLr() > start) {
        const QString key =
            schedule.floorRatio ? QStringLiteral("floor_ratio") : QStringLiteral("floor");
        return fail(prefix, key,
                    QStringLiteral("the floor LR %1 is above the LR %2 at the start of the decay "
                                   "(step %3)")
                        .arg(shortestText(schedule.floorLr()), shortestText(start),
                             shortestText(decayStart)));
    }
    return {};
}

Status validateOneCycle(const Schedule& schedule, const QString& prefix) {
    const double pct = schedule.pctStart;
    if (!(std::isfinite(pct) && pct > 0.0 && pct < 1.0))
        return fail(
            prefix, QStringLiteral("pct_start"),
            QStringLiteral("must be between 0 and 1 (exclusive), got ") + shortestText(pct));
    const OneCyclePhases phases = oneCyclePhases(schedule);
    if (!(phases.riseEnd > 0.0))
        return fail(prefix, QStringLiteral("pct_start"),
                    QStringLiteral("%1 of %2 steps leaves no rise: it ends at step pct_start * "
                                   "steps - 1 = %3, which must be > 0")
                        .arg(shortestText(pct), shortestText(schedule.steps),
                             shortestText(phases.riseEnd)));
    if (schedule.threePhase && !(phases.fallEnd < phases.last))
        return fail(
            prefix, QStringLiteral("pct_start"),
            QStringLiteral("%1 is too large for three_phase: the fall ends at step 2 * "
                           "pct_start * steps - 2 = %2, which must be before the last "
                           "step %3")
                .arg(shortestText(pct), shortestText(phases.fallEnd), shortestText(phases.last)));
    if (auto problem = positiveProblem(schedule.divFactor, 1.0))
        return fail(prefix, QStringLiteral("div_factor"), *problem);
    if (auto problem = positiveProblem(schedule.finalDivFactor, 1.0))
        return fail(prefix, QStringLiteral("final_div_factor"), *problem);
    return {};
}

Status validateSchedule(const Schedule& schedule, const QString& prefix) {
    if (schedule.family == ScheduleFamily::Chain) return validateChain(schedule, prefix);
    const std::int64_t steps = schedule.steps;
    if (steps < 1 || steps > kMaxScheduleSteps)
        return fail(prefix, QStringLiteral("steps"),
                    QStringLiteral("must be between 1 and %1, got %2")
                        .arg(shortestText(kMaxScheduleSteps), shortestText(steps)));
    const double peak = schedule.peak;
    if (schedule.family != ScheduleFamily::FreeForm) {
        if (!std::isfinite(peak))
            return fail(prefix, QStringLiteral("peak"),
                        QStringLiteral("must be a finite number, got ") + shortestText(peak));
        if (peak <= 0.0)
            return fail(prefix, QStringLiteral("peak"),
                        QStringLiteral("must be > 0, got ") + shortestText(peak));
        if (peak >= kMaxLearningRate)
            return fail(prefix, QStringLiteral("peak"), belowMaxLr() + shortestText(peak));
    }
    const std::int64_t warmup = schedule.warmupSteps;
    if (warmup < 0)
        return fail(prefix, QStringLiteral("warmup"),
                    QStringLiteral("must be >= 0, got ") + shortestText(warmup));
    if (warmup > steps)
        return fail(prefix, QStringLiteral("warmup"),
                    QStringLiteral("%1 steps is longer than the run (%2 steps)")
                        .arg(shortestText(warmup), shortestText(steps)));
    if (warmup == steps)
        return fail(prefix, QStringLiteral("warmup"),
                    QStringLiteral("%1 steps is as long as the run; it must end before the last "
                                   "step")
                        .arg(shortestText(warmup)));
    if (schedule.family == ScheduleFamily::OneCycle && warmup != 0)
        return fail(prefix, QStringLiteral("warmup"),
                    QStringLiteral("must be 0 for one-cycle, whose rise over pct_start is its "
                                   "warmup; got ") +
                        shortestText(warmup));
    if (schedule.warmupShape == WarmupShape::None && warmup > 0)
        return fail(
            prefix, QStringLiteral("warmup"),
            QStringLiteral("must be 0 when warmup_shape is none, got ") + shortestText(warmup));
    if (auto problem = lrProblem(schedule.warmupInit))
        return fail(prefix, QStringLiteral("warmup_init"), *problem);
    if (schedule.warmupShape == WarmupShape::Exponential && warmup > 0 &&
        schedule.warmupInit <= 0.0)
        return fail(prefix, QStringLiteral("warmup_init"),
                    QStringLiteral("must be > 0 for an exponential warmup, got ") +
                        shortestText(schedule.warmupInit));

    const ScheduleFamily family = schedule.family;
    if (familyUsesFloor(family)) {
        if (schedule.floorRatio) {
            const double ratio = *schedule.floorRatio;
            if (schedule.floor != 0.0)
                return fail(prefix, QStringLiteral("floor_ratio"),
                            QStringLiteral("give floor or floor_ratio, not both"));
            if (!(ratio >= 0.0 && ratio <= 1.0))
                return fail(prefix, QStringLiteral("floor_ratio"),
                            QStringLiteral("must be between 0 and 1, got ") + shortestText(ratio));
        } else if (auto problem = lrProblem(schedule.floor)) {
            return fail(prefix, QStringLiteral("floor"), *problem);
        } else if (schedule.floor > peak) {
            return fail(prefix, QStringLiteral("floor"),
                        QStringLiteral("%1 is above the peak %2")
                            .arg(shortestText(schedule.floor), shortestText(peak)));
        }
        const bool geometric =
            family == ScheduleFamily::Exponential ||
            (usesWsdDecay(family) && schedule.decayShape == DecayShape::Exponential);
        if (geometric && !(schedule.floorLr() > 0.0)) {
            const QString key =
                schedule.floorRatio ? QStringLiteral("floor_ratio") : QStringLiteral("floor");
            const double given = schedule.floorRatio ? *schedule.floorRatio : schedule.floor;
            return fail(
                prefix, key,
                QStringLiteral("must be > 0 for an exponential decay, got ") + shortestText(given));
        }
    }
    const bool usesPower = family == ScheduleFamily::Polynomial || usesWsdDecay(family);
    if (usesPower && !(std::isfinite(schedule.power) && schedule.power > 0.0))
        return fail(
            prefix, QStringLiteral("power"),
            QStringLiteral("must be a finite number > 0, got ") + shortestText(schedule.power));

    switch (family) {
        case ScheduleFamily::Wsd:
            if (Status status = validateWsdDecay(schedule, prefix); !status) return status;
            break;
        case ScheduleFamily::PowerScheduler:
            if (Status status = validatePowerScheduler(schedule, prefix); !status) return status;
            break;
        case ScheduleFamily::OneCycle:
            if (Status status = validateOneCycle(schedule, prefix); !status) return status;
            break;
        case ScheduleFamily::Step:
        case ScheduleFamily::MultiStep:
            if (!(std::isfinite(schedule.gamma) && schedule.gamma > 0.0))
                return fail(prefix, QStringLiteral("gamma"),
                            QStringLiteral("must be a finite number > 0, got ") +
                                shortestText(schedule.gamma));
            if (family == ScheduleFamily::Step && schedule.stepSize < 1)
                return fail(prefix, QStringLiteral("step_size"),
                            QStringLiteral("must be >= 1, got ") + shortestText(schedule.stepSize));
            {
                // drops + 1 levels: (T - 1 - W) / step_size + 1, or one per milestone + 1
                const std::int64_t levels =
                    family == ScheduleFamily::Step
                        ? (steps - 1 - warmup) / schedule.stepSize + 1
                        : static_cast<std::int64_t>(schedule.milestones.size()) + 1;
                if (auto problem = geometricLrProblem(peak, schedule.gamma, levels, "drops"))
                    return fail(prefix, QStringLiteral("gamma"), *problem);
            }
            if (family == ScheduleFamily::MultiStep) {
                const std::vector<std::int64_t>& milestones = schedule.milestones;
                for (std::size_t i = 0; i < milestones.size(); ++i) {
                    const auto key = [i] { return QStringLiteral("milestones[%1]").arg(i); };
                    if (milestones[i] < 1 || milestones[i] >= steps)
                        return fail(prefix, key(),
                                    QStringLiteral("step %1 is outside the run (1..%2)")
                                        .arg(shortestText(milestones[i]), shortestText(steps - 1)));
                    if (i > 0 && milestones[i] <= milestones[i - 1])
                        return fail(
                            prefix, key(),
                            QStringLiteral("step %1 is not after step %2")
                                .arg(shortestText(milestones[i]), shortestText(milestones[i - 1])));
                }
            }
            break;
        case ScheduleFamily::InverseSqrt:
            if (schedule.timescale && *schedule.timescale < 1)
                return fail(
                    prefix, QStringLiteral("timescale"),
                    QStringLiteral("must be >= 1, got ") + shortestText(*schedule.timescale));
            break;
        case ScheduleFamily::Cyclic:
            if (schedule.cycleSteps < 1)
                return fail(
                    prefix, QStringLiteral("cycle"),
                    QStringLiteral("must be >= 1, got ") + shortestText(schedule.cycleSteps));
            if (!(std::isfinite(schedule.cycleDecay) && schedule.cycleDecay > 0.0))
                return fail(prefix, QStringLiteral("cycle_decay"),
                            QStringLiteral("must be a finite number > 0, got ") +
                                shortestText(schedule.cycleDecay));
            if (auto problem = geometricLrProblem(
                    peak, schedule.cycleDecay, (steps - 1 - warmup) / schedule.cycleSteps + 1,
                    "cycles"))
                return fail(prefix, QStringLiteral("cycle_decay"), *problem);
            if (schedule.rewarmSteps < 0)
                return fail(
                    prefix, QStringLiteral("rewarm"),
                    QStringLiteral("must be >= 0, got ") + shortestText(schedule.rewarmSteps));
            if (schedule.rewarmSteps >= schedule.cycleSteps)
                return fail(prefix, QStringLiteral("rewarm"),
                            QStringLiteral("%1 steps is not shorter than the cycle (%2 steps)")
                                .arg(shortestText(schedule.rewarmSteps),
                                     shortestText(schedule.cycleSteps)));
            break;
        case ScheduleFamily::FreeForm: {
            const std::vector<ControlPoint>& points = schedule.points;
            if (points.empty())
                return fail(prefix, QStringLiteral("points"),
                            QStringLiteral("needs at least one control point"));
            for (std::size_t i = 0; i < points.size(); ++i) {
                const auto key = [i] { return QStringLiteral("points[%1]").arg(i); };
                if (points[i].step < 0 || points[i].step >= steps)
                    return fail(prefix, key(),
                                QStringLiteral("step %1 is outside the run (0..%2)")
                                    .arg(shortestText(points[i].step), shortestText(steps - 1)));
                if (i > 0 && points[i].step <= points[i - 1].step)
                    return fail(
                        prefix, key(),
                        QStringLiteral("step %1 is not after step %2")
                            .arg(shortestText(points[i].step), shortestText(points[i - 1].step)));
                if (auto problem = lrProblem(points[i].lr))
                    return fail(prefix, key(), QStringLiteral("lr ") + *problem);
            }
            break;
        }
        default:
            break;
    }
    return {};
}

Status validateChain(const Schedule& schedule, const QString& prefix) {
    if (schedule.phases.empty())
        return fail(prefix, QStringLiteral("phases"), QStringLiteral("needs at least one phase"));
    std::int64_t total = 0;
    for (std::size_t i = 0; i < schedule.phases.size(); ++i) {
        const QString phasePrefix = prefix + QStringLiteral("phases[%1].").arg(i);
        if (Status status = validateSchedule(schedule.phases[i], phasePrefix); !status)
            return status;
        total += schedule.phases[i].totalSteps();
        if (total > kMaxScheduleSteps)
            return fail(prefix, QStringLiteral("phases"),
                        QStringLiteral("more than %1 steps in all").arg(kMaxScheduleSteps));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Names

struct FamilyEntry {
    ScheduleFamily family;
    const char* name;
};
constexpr FamilyEntry kFamilies[] = {
    {ScheduleFamily::Constant, "constant"},
    {ScheduleFamily::Linear, "linear"},
    {ScheduleFamily::Cosine, "cosine"},
    {ScheduleFamily::Wsd, "wsd"},
    {ScheduleFamily::Step, "step"},
    {ScheduleFamily::MultiStep, "multistep"},
    {ScheduleFamily::Exponential, "exponential"},
    {ScheduleFamily::InverseSqrt, "inverse_sqrt"},
    {ScheduleFamily::Polynomial, "polynomial"},
    {ScheduleFamily::Cyclic, "cyclic"},
    {ScheduleFamily::FreeForm, "freeform"},
    {ScheduleFamily::Chain, "chain"},
    {ScheduleFamily::Rex, "rex"},
    {ScheduleFamily::PowerScheduler, "power"},
    {ScheduleFamily::OneCycle, "onecycle"},
};

template <typename Enum, std::size_t N>
QString nameOf(const std::pair<Enum, const char*> (&table)[N], Enum value) {
    for (const auto& [entry, name] : table)
        if (entry == value) return QString::fromLatin1(name);
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::pair<Enum, const char*> (&table)[N], const QString& name) {
    for (const auto& [entry, entryName] : table)
        if (name == QLatin1String(entryName)) return entry;
    return std::nullopt;
}

const std::pair<WarmupShape, const char*> kWarmupShapes[] = {
    {WarmupShape::None, "none"},
    {WarmupShape::Linear, "linear"},
    {WarmupShape::Cosine, "cosine"},
    {WarmupShape::Exponential, "exponential"},
};
const std::pair<DecayShape, const char*> kDecayShapes[] = {
    {DecayShape::Linear, "linear"},         {DecayShape::Cosine, "cosine"},
    {DecayShape::OneMinusSqrt, "1-sqrt"},   {DecayShape::Exponential, "exponential"},
    {DecayShape::Polynomial, "polynomial"}, {DecayShape::Rex, "rex"},
};
const std::pair<AnnealStrategy, const char*> kAnnealStrategies[] = {
    {AnnealStrategy::Cosine, "cos"},
    {AnnealStrategy::Linear, "linear"},
};
const std::pair<Interpolation, const char*> kInterpolations[] = {
    {Interpolation::Linear, "linear"},
    {Interpolation::MonotoneCubic, "monotone_cubic"},
};

}  // namespace

double Schedule::floorLr() const {
    return floorRatio ? *floorRatio * peak : floor;
}

Status Schedule::validate() const {
    return validateSchedule(*this, QString());
}

SampledSchedule Schedule::sample() const {
    SampledSchedule result;
    // Sizes and offsets of an invalid schedule could write out of bounds: nothing instead.
    if (!validate()) return result;
    result.lr.resize(static_cast<std::size_t>(totalSteps()));
    fillSchedule(*this, result.lr.data(), 0, totalSteps());
    // One definition of the end of warmup for designed schedules and imported runs alike.
    result.warmupSteps = warmupEndStep(result.lr);
    return result;
}

void Schedule::sampleRange(std::int64_t first, double* lr, std::int64_t count) const {
    if (!validate() || first < 0 || count < 0 || first > totalSteps() - count) return;
    fillSchedule(*this, lr, first, first + count);
}

SampledSchedule Schedule::sampleBlocks(std::int64_t stride) const {
    SampledSchedule result;
    if (!validate() || stride < 1) return result;
    clearUpperVectorRegisters();  // see VectorRegisters.h
    const std::int64_t total = totalSteps();
    const std::int64_t blocks = (total + stride - 1) / stride;
    result.stride = stride;
    result.warmupSteps = totalWarmupSteps();
    result.lr.resize(static_cast<std::size_t>(blocks));
    const std::int64_t parts = std::min<std::int64_t>(stride, 8);
    for (std::int64_t block = 0; block < blocks; ++block) {
        const std::int64_t first = block * stride;
        const std::int64_t length = std::min(stride, total - first);
        const std::int64_t count = std::min(parts, length);
        double sum = 0.0;
        // `count` near-equal parts; each part's middle (one step, or the mean of the two middle
        // steps) stands for it, weighted by its length: exact where the LR is a straight line.
        for (std::int64_t j = 0; j < count; ++j) {
            const std::int64_t a = first + j * length / count;
            const std::int64_t b = first + (j + 1) * length / count;
            sum += 0.5 * (lrAt((a + b - 1) / 2) + lrAt((a + b) / 2)) * static_cast<double>(b - a);
        }
        result.lr[static_cast<std::size_t>(block)] = sum / static_cast<double>(length);
    }
    return result;
}

double Schedule::lrAt(std::int64_t step) const {
    // Out-of-range steps read the nearest end rather than invent a value.
    step = std::clamp<std::int64_t>(step, 0, std::max<std::int64_t>(totalSteps() - 1, 0));
    if (family == ScheduleFamily::Chain) {
        for (const Schedule& phase : phases) {
            const std::int64_t length = phase.totalSteps();
            if (step < length) return phase.lrAt(step);
            step -= length;
        }
        return 0.0;  // an empty chain: invalid, nothing sensible to return
    }
    return visitRule(*this, [&](const auto& rule) {
        if (step < warmupSteps) return Warmup(*this, warmupTarget(*this, rule)).at(step);
        return rule(step);
    });
}

std::int64_t Schedule::totalSteps() const {
    if (family != ScheduleFamily::Chain) return steps;
    std::int64_t total = 0;
    for (const Schedule& phase : phases) total += phase.totalSteps();
    return total;
}

std::int64_t Schedule::totalWarmupSteps() const {
    if (family == ScheduleFamily::OneCycle) {
        if (!validate()) return 0;
        // The top of the rise: the last step of the rising phase or the first after it,
        // whichever runs higher; warmupEndStep() of the sampled LR finds the same step.
        const auto riseLast = static_cast<std::int64_t>(std::floor(oneCyclePhases(*this).riseEnd));
        const std::int64_t next = std::min(riseLast + 1, steps - 1);
        const std::int64_t top = lrAt(next) > lrAt(riseLast) ? next : riseLast;
        return warmupEndStepOfRise([this](std::int64_t s) { return lrAt(s); }, top);
    }
    if (family != ScheduleFamily::Chain) return warmupSteps;
    return phases.empty() ? 0 : phases.front().totalWarmupSteps();
}

QString familyName(ScheduleFamily family) {
    for (const FamilyEntry& entry : kFamilies)
        if (entry.family == family) return QString::fromLatin1(entry.name);
    return {};
}

std::optional<ScheduleFamily> familyFromName(const QString& name) {
    for (const FamilyEntry& entry : kFamilies)
        if (name == QLatin1String(entry.name)) return entry.family;
    return std::nullopt;
}

QString warmupShapeName(WarmupShape shape) {
    return nameOf(kWarmupShapes, shape);
}
std::optional<WarmupShape> warmupShapeFromName(const QString& name) {
    return valueOf(kWarmupShapes, name);
}
QString decayShapeName(DecayShape shape) {
    return nameOf(kDecayShapes, shape);
}
std::optional<DecayShape> decayShapeFromName(const QString& name) {
    return valueOf(kDecayShapes, name);
}
QString interpolationName(Interpolation interpolation) {
    return nameOf(kInterpolations, interpolation);
}
std::optional<Interpolation> interpolationFromName(const QString& name) {
    return valueOf(kInterpolations, name);
}
QString annealStrategyName(AnnealStrategy strategy) {
    return nameOf(kAnnealStrategies, strategy);
}
std::optional<AnnealStrategy> annealStrategyFromName(const QString& name) {
    return valueOf(kAnnealStrategies, name);
}

bool needsScheduleVersion2(const Schedule& schedule) {
    switch (schedule.family) {
        case ScheduleFamily::Rex:
        case ScheduleFamily::PowerScheduler:
        case ScheduleFamily::OneCycle:
            return true;
        case ScheduleFamily::Wsd:
            return schedule.decayShape == DecayShape::Rex;
        case ScheduleFamily::Chain:
            return std::any_of(schedule.phases.begin(), schedule.phases.end(),
                               [](const Schedule& phase) { return needsScheduleVersion2(phase); });
        default:
            return false;
    }
}

OneCyclePhases oneCyclePhases(const Schedule& schedule) {
    // As PyTorch computes them: float(pct_start * total_steps) - 1,
    // float(2 * pct_start * total_steps) - 2, total_steps - 1.
    const double steps = static_cast<double>(schedule.steps);
    return {schedule.pctStart * steps - 1.0, 2.0 * schedule.pctStart * steps - 2.0, steps - 1.0};
}

QStringList allFamilyNames() {
    QStringList names;
    for (const FamilyEntry& entry : kFamilies) names << QString::fromLatin1(entry.name);
    return names;
}

std::vector<ScheduleParameterInfo> parameterKeys(ScheduleFamily family) {
    auto info = [](const char* key, const char* description) {
        return ScheduleParameterInfo{QString::fromLatin1(key), QString::fromLatin1(description)};
    };
    if (family == ScheduleFamily::Chain)
        return {info("phases",
                     "schedules run one after another, each with its own warmup "
                     "(JSON only)")};

    std::vector<ScheduleParameterInfo> keys;
    // The defaults are said where a key is left out: a schedule made without them is not
    // silently 10000 steps at 3e-4 (Schedule's member defaults, quoted from there).
    const Schedule defaults;
    keys.push_back({QStringLiteral("steps"),
                    QStringLiteral("optimizer steps in the run (T; default %1)")
                        .arg(defaults.steps)});
    // A free-form curve sets its own levels; it has no peak.
    if (family == ScheduleFamily::PowerScheduler)
        keys.push_back(info("peak", "the largest LR (eta_max), the cap on a * n^b"));
    else if (family == ScheduleFamily::OneCycle)
        keys.push_back(info("peak", "the LR at the top of the cycle (PyTorch's max_lr)"));
    else if (family != ScheduleFamily::FreeForm)
        keys.push_back({QStringLiteral("peak"),
                        QStringLiteral("the LR at the end of warmup (default %1)")
                            .arg(shortestText(defaults.peak))});
    // One-cycle's rise over pct_start is its warmup.
    if (family != ScheduleFamily::OneCycle) {
        keys.push_back(info("warmup", "warmup steps (default 0: no warmup)"));
        keys.push_back(info("warmup_shape", "none|linear|cosine|exponential (default linear)"));
        keys.push_back(info("warmup_init",
                            "the LR at step 0 (default 0; must be > 0 for an exponential warmup)"));
    }
    if (familyUsesFloor(family)) {
        keys.push_back(info("floor", "the LR the decay ends at (default 0)"));
        keys.push_back(info("floor_ratio", "the floor as a fraction of peak, instead of floor"));
    }
    const auto addDecayKeys = [&] {
        keys.push_back(info("decay", "decay length as a fraction of all steps (default 0.2)"));
        keys.push_back(info("decay_steps", "decay length in steps, instead of decay"));
        keys.push_back(info("shape",
                            "decay shape linear|cosine|1-sqrt|exponential|polynomial|rex "
                            "(default linear)"));
        keys.push_back(info("power", "exponent of the polynomial shape (default 2)"));
    };
    switch (family) {
        case ScheduleFamily::Wsd:
            addDecayKeys();
            break;
        case ScheduleFamily::PowerScheduler:
            keys.push_back(info("power_a",
                                "a in min(peak, a * n^b), n the tokens seen; the paper's batch "
                                "size factor included (default 4.6)"));
            keys.push_back(info("power_b", "b < 0 in min(peak, a * n^b) (default -0.51)"));
            keys.push_back(info("tokens_per_step",
                                "tokens per optimizer step (batch size times sequence length; "
                                "default 1048576)"));
            addDecayKeys();
            break;
        case ScheduleFamily::OneCycle:
            keys.push_back(info("pct_start",
                                "share of the steps the LR rises over, as PyTorch's OneCycleLR "
                                "(default 0.3)"));
            keys.push_back(info("anneal_strategy", "cos|linear (default cos)"));
            keys.push_back(info("div_factor", "initial LR = peak / div_factor (default 25)"));
            keys.push_back(
                info("final_div_factor", "last LR = initial LR / final_div_factor (default 1e4)"));
            keys.push_back(info("three_phase",
                                "true: fall back to the initial LR before the final "
                                "annealing (default false)"));
            break;
        case ScheduleFamily::Polynomial:
            keys.push_back(info("power", "exponent p of (1 - progress)^p (default 2)"));
            break;
        case ScheduleFamily::Step:
            keys.push_back(info("gamma", "LR multiplier at each drop (default 0.1)"));
            keys.push_back(info("step_size",
                                "steps between drops, counted from the end of warmup "
                                "(default 1000)"));
            break;
        case ScheduleFamily::MultiStep:
            keys.push_back(info("gamma", "LR multiplier at each drop (default 0.1)"));
            keys.push_back(info("milestones", "absolute steps where the LR drops, increasing"));
            break;
        case ScheduleFamily::InverseSqrt:
            keys.push_back(info("timescale",
                                "ts in peak * sqrt(ts / (steps after warmup + ts)) "
                                "(default max(warmup, 1))"));
            break;
        case ScheduleFamily::Cyclic:
            keys.push_back(info("cycle", "steps per cycle (default 1000)"));
            keys.push_back(info("cycle_decay",
                                "peak multiplier from one cycle to the next "
                                "(default 1)"));
            keys.push_back(info("rewarm",
                                "steps of linear re-warm from the floor at the start "
                                "of each cycle (default 0)"));
            break;
        case ScheduleFamily::FreeForm:
            keys.push_back(info("points", "control points step:lr (absolute steps, increasing)"));
            keys.push_back(info("interpolation", "linear|monotone_cubic (default linear)"));
            break;
        default:
            break;
    }
    return keys;
}

std::int64_t Schedule::wsdDecaySteps() const {
    if (decaySteps) return *decaySteps;
    return std::llround(decayFraction * static_cast<double>(steps));
}

bool familyUsesFloor(ScheduleFamily family) {
    switch (family) {
        case ScheduleFamily::Linear:
        case ScheduleFamily::Cosine:
        case ScheduleFamily::Wsd:
        case ScheduleFamily::Exponential:
        case ScheduleFamily::Polynomial:
        case ScheduleFamily::Cyclic:
        case ScheduleFamily::Rex:
        case ScheduleFamily::PowerScheduler:
            return true;
        default:
            return false;
    }
}

}  // namespace annealer
