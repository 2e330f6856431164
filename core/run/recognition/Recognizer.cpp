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

}  // namespace annealer::recognition
