#include "fit/FitRange.h"

#include "NumberText.h"
#include "schedule/WarmupEnd.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace annealer {

namespace {

// Steps with their thousands grouped, as the charts and tables show them.
QString stepText(std::int64_t step) {
    QString digits = QString::number(step);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3) digits.insert(at, QLatin1Char(','));
    return digits;
}

// A fraction as a percentage for people: "0%", "2.5%", "10%".
QString percentText(double fraction) {
    const double percent = 100.0 * fraction;
    if (std::abs(percent) < 0.05) return QStringLiteral("0%");
    return (percent >= 10.0 ? QString::number(std::lround(percent)) : roundedText(percent, 2)) +
           QLatin1Char('%');
}

// A shape read from LRs (FitRange.h: LrShape), with the first step where its annealing passes
// below `annealLimit` and where its re-warm passes above `rewarmLimit` (both relative to the
// peak LR `peak`).
struct ShapeScan {
    LrShape shape;
    std::optional<std::int64_t> annealsBelowFrom;
    std::optional<std::int64_t> rewarmsAboveFrom;
};

// The shape as it stands after each lr[i] (the annealing and re-warm read from lr[0..i]): what
// extrapolationReach() ramps with.
struct ShapeTrace {
    std::vector<double> annealedTo;   // LrShape::annealedTo of lr[0..i]
    std::vector<double> rewarmDepth;  // LrShape::rewarmDepth of lr[0..i]
};

ShapeScan scanShape(std::span<const double> lr, std::int64_t stride, std::int64_t steps,
                    double peak, double annealLimit, double rewarmLimit,
                    ShapeTrace* trace = nullptr) {
    ShapeScan scan;
    if (!(peak > 0.0) || lr.empty() || steps < 1) return scan;
    if (trace) {
        trace->annealedTo.assign(lr.size(), 1.0);
        trace->rewarmDepth.assign(lr.size(), 0.0);
    }
    const auto stepOf = [stride](std::size_t i) { return static_cast<std::int64_t>(i) * stride; };
    // Annealing: the lowest LR from the first step at the peak on.
    std::size_t top = 0;
    while (top < lr.size() && !(lr[top] == peak)) ++top;
    double lowest = peak;
    for (std::size_t i = top; i < lr.size(); ++i) {
        if (std::isfinite(lr[i])) {
            lowest = std::min(lowest, lr[i]);
            if (!scan.annealsBelowFrom && lr[i] < annealLimit * peak)
                scan.annealsBelowFrom = stepOf(i);
        }
        if (trace) trace->annealedTo[i] = lowest / peak;
    }
    scan.shape.annealedTo = lowest / peak;
    // Re-warm: the deepest valley a later LR climbs out of. `bank` is the highest LR so far,
    // `bottom` the lowest since it; an LR at or below the bank fills the valley up to itself,
    // one above it fills it to the bank and starts a new one.
    double bank = -std::numeric_limits<double>::infinity();
    double bottom = bank;
    double depth = 0.0;
    for (std::size_t i = 0; i < lr.size(); ++i) {
        const double value = lr[i];
        if (!std::isfinite(value)) {
            if (trace) trace->rewarmDepth[i] = depth / peak;
            continue;
        }
        if (value > bank) {
            if (std::isfinite(bank)) depth = std::max(depth, bank - bottom);
            bank = value;
            bottom = value;
        } else {
            bottom = std::min(bottom, value);
            depth = std::max(depth, value - bottom);
        }
        if (!scan.rewarmsAboveFrom && depth > rewarmLimit * peak) scan.rewarmsAboveFrom = stepOf(i);
        if (trace) trace->rewarmDepth[i] = depth / peak;
    }
    scan.shape.rewarmDepth = depth / peak;
    scan.shape.warmupFraction =
        std::min(1.0, static_cast<double>(stepOf(static_cast<std::size_t>(warmupEndStep(lr)))) /
                          static_cast<double>(steps));
    return scan;
}

double largestFinite(std::span<const double> lr) {
    double largest = 0.0;
    for (double value : lr)
        if (std::isfinite(value)) largest = std::max(largest, value);
    return largest;
}

}  // namespace

LrShape lrShapeOf(std::span<const double> lr, std::int64_t stride, std::int64_t steps) {
    return scanShape(lr, stride, steps, largestFinite(lr),
                     -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::infinity())
        .shape;
}

double FitRange::warmupLimit() const {
    return std::max(2.0 * longestWarmupFraction, longestWarmupFraction + kWarmupMargin);
}

std::int64_t FitRange::lengthLimit() const {
    return static_cast<std::int64_t>(std::ceil(kLengthFactor * static_cast<double>(longestSteps)));
}

FitRange fitRangeOf(const std::vector<const SampledSchedule*>& fittedRuns) {
    FitRange range;
    for (const SampledSchedule* run : fittedRuns) {
        if (!run || run->lr.empty()) continue;
        range.peakLr = std::max(range.peakLr, largestFinite(run->lr));
        range.longestSteps = std::max(range.longestSteps, run->steps());
        const LrShape shape = lrShapeOf(run->lr, run->stride, run->steps());
        range.lowestAnnealedTo = std::min(range.lowestAnnealedTo, shape.annealedTo);
        range.deepestRewarm = std::max(range.deepestRewarm, shape.rewarmDepth);
        range.longestWarmupFraction = std::max(range.longestWarmupFraction, shape.warmupFraction);
    }
    return range;
}

std::optional<std::int64_t> RangeExit::firstStepOutside() const {
    std::optional<std::int64_t> first;
    for (const std::optional<std::int64_t>& from :
         {aboveFittedPeakFrom, beyondFittedLengthFrom, annealsDeeperFrom, rewarmsFrom,
          longerWarmupFrom})
        if (from && (!first || *from < *first)) first = from;
    return first;
}

QString RangeExit::description(const FitRange& range) const {
    QStringList parts;
    if (aboveFittedPeakFrom)
        parts << QStringLiteral("peak LR %1 above the fitted runs' %2 (from step %3)")
                     .arg(roundedText(peakLr), roundedText(range.peakLr),
                          stepText(*aboveFittedPeakFrom));
    if (beyondFittedLengthFrom)
        parts << QStringLiteral("%1 steps, more than %2x the longest fitted run (%3)")
                     .arg(stepText(steps), shortestText(FitRange::kLengthFactor),
                          stepText(range.longestSteps));
    if (annealsDeeperFrom)
        parts << QStringLiteral("anneals to %1 of its peak LR (from step %2); the fitted runs went "
                                "no lower than %3 of their peaks")
                     .arg(percentText(shape.annealedTo), stepText(*annealsDeeperFrom),
                          percentText(range.lowestAnnealedTo));
    if (rewarmsFrom)
        parts << QStringLiteral("LR rises again by %1 of its peak after falling (from step %2); %3")
                     .arg(percentText(shape.rewarmDepth), stepText(*rewarmsFrom),
                          percentText(range.deepestRewarm) == QStringLiteral("0%")
                              ? QStringLiteral("no fitted run's LR rose again")
                              : QStringLiteral("the fitted runs' LRs by at most %1")
                                    .arg(percentText(range.deepestRewarm)));
    if (longerWarmupFrom)
        parts << QStringLiteral("warms up over %1 of its steps; the fitted runs over at most %2 of theirs")
                     .arg(percentText(shape.warmupFraction),
                          percentText(range.longestWarmupFraction));
    return parts.join(QStringLiteral("; "));
}

RangeExit rangeExit(const FitRange& range, const Schedule& schedule, std::int64_t blocks) {
    const std::int64_t steps = schedule.totalSteps();
    if (steps < 1 || !schedule.validate()) {
        RangeExit none;
        none.steps = std::max<std::int64_t>(steps, 0);
        return none;
    }
    blocks = std::max<std::int64_t>(blocks, 1);
    const std::int64_t stride = std::max<std::int64_t>(1, (steps + blocks - 1) / blocks);
    const SampledSchedule sampled = stride == 1 ? schedule.sample() : schedule.sampleBlocks(stride);
    return rangeExit(range, sampled.lr, stride, steps);
}

RangeExit rangeExit(const FitRange& range, std::span<const double> lr, std::int64_t stride,
                    std::int64_t steps) {
    RangeExit exit;
    exit.steps = steps;
    for (std::size_t i = 0; i < lr.size(); ++i) {
        if (!std::isfinite(lr[i])) continue;
        exit.peakLr = std::max(exit.peakLr, lr[i]);
        if (range.isKnown() && !exit.aboveFittedPeakFrom && lr[i] > range.peakLimit())
            exit.aboveFittedPeakFrom = static_cast<std::int64_t>(i) * stride;
    }
    if (!range.isKnown()) {
        exit.shape = lrShapeOf(lr, stride, steps);
        return exit;
    }
    if (steps > range.lengthLimit()) exit.beyondFittedLengthFrom = range.lengthLimit();
    const ShapeScan scan =
        scanShape(lr, stride, steps, exit.peakLr, range.annealLimit(), range.rewarmLimit());
    exit.shape = scan.shape;
    exit.annealsDeeperFrom = scan.annealsBelowFrom;
    exit.rewarmsFrom = scan.rewarmsAboveFrom;
    if (exit.shape.warmupFraction > range.warmupLimit())
        exit.longerWarmupFrom = static_cast<std::int64_t>(
            std::ceil(range.warmupLimit() * static_cast<double>(steps)));
    return exit;
}

std::vector<double> extrapolationReach(const FitRange& range, const RangeExit& exit,
                                       std::span<const double> lr, std::int64_t stride,
                                       std::span<const std::int64_t> at) {
    std::vector<double> reach(at.size(), 0.0);
    if (!range.isKnown() || exit.isInside() || lr.empty() || exit.steps < 1) return reach;
    stride = std::max<std::int64_t>(stride, 1);
    // The largest LR so far and the shape so far, per block.
    std::vector<double> largestSoFar(lr.size(), 0.0);
    double largest = 0.0;
    for (std::size_t i = 0; i < lr.size(); ++i) {
        if (std::isfinite(lr[i])) largest = std::max(largest, lr[i]);
        largestSoFar[i] = largest;
    }
    ShapeTrace trace;
    if (exit.annealsDeeperFrom || exit.rewarmsFrom)
        scanShape(lr, stride, exit.steps, exit.peakLr, range.annealLimit(), range.rewarmLimit(),
                  &trace);
    const auto beyond = [](const std::optional<std::int64_t>& from, std::int64_t step,
                           double excess) {
        return from && step >= *from ? std::max(0.0, excess) : 0.0;
    };
    const double steps = static_cast<double>(exit.steps);
    const double lengthLimit = static_cast<double>(range.lengthLimit());
    for (std::size_t k = 0; k < at.size(); ++k) {
        const std::int64_t step = at[k];
        const std::size_t block = static_cast<std::size_t>(
            std::clamp<std::int64_t>(step / stride, 0, static_cast<std::int64_t>(lr.size()) - 1));
        double farthest = beyond(exit.aboveFittedPeakFrom, step,
                                 largestSoFar[block] / range.peakLimit() - 1.0);
        farthest = std::max(farthest, beyond(exit.beyondFittedLengthFrom, step,
                                             (static_cast<double>(step) - lengthLimit) /
                                                 lengthLimit));
        if (!trace.annealedTo.empty())
            farthest = std::max(farthest, beyond(exit.annealsDeeperFrom, step,
                                                 (range.annealLimit() - trace.annealedTo[block]) /
                                                     range.annealLimit()));
        if (!trace.rewarmDepth.empty())
            farthest = std::max(farthest, beyond(exit.rewarmsFrom, step,
                                                 (trace.rewarmDepth[block] - range.rewarmLimit()) /
                                                     range.rewarmLimit()));
        const double warmupSoFar = std::min(static_cast<double>(step) / steps,
                                            exit.shape.warmupFraction);
        farthest = std::max(farthest, beyond(exit.longerWarmupFrom, step,
                                             (warmupSoFar - range.warmupLimit()) /
                                                 range.warmupLimit()));
        reach[k] = std::min(1.0, farthest);
    }
    return reach;
}

QString extrapolationBandNote(const RangeExit& exit, double crossValidatedPredE, int fittedRuns) {
    const std::optional<std::int64_t> from = exit.firstStepOutside();
    if (!from) return {};
    if (std::isfinite(crossValidatedPredE) && crossValidatedPredE > 0.0)
        return QStringLiteral(
                   "beyond step %1 the band includes the fit's cross-validated error (PredE %2 "
                   "on each run left out and predicted), growing to all of it with how far the "
                   "schedule leaves the range")
            .arg(stepText(*from), roundedText(crossValidatedPredE));
    return QStringLiteral("the band could not be widened beyond step %1: %2, so the band covers "
                          "only the parameters' uncertainty, not the law's error there")
        .arg(stepText(*from),
             fittedRuns < 2 ? QStringLiteral("the fit was made on a single run, so it has no "
                                             "cross-validated error")
                            : QStringLiteral("the fit holds no cross-validated error (saved "
                                             "before the fitter computed one)"));
}

}  // namespace annealer
