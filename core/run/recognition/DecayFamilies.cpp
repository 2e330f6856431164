#include "run/recognition/Recognizer.h"

#include "MessageText.h"
#include "NumberText.h"
#include "run/LogLimits.h"
#include "run/recognition/RoundValues.h"

#include <Eigen/Dense>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>

namespace annealer::recognition {

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

}  // namespace annealer::recognition
