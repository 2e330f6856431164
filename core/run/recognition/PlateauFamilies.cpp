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

}  // namespace annealer::recognition
