#include "fit/FitRange.h"

#include "NumberText.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

// Steps with their thousands grouped, as the charts and tables show them.
QString stepText(std::int64_t step) {
    QString digits = QString::number(step);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3) digits.insert(at, QLatin1Char(','));
    return digits;
}

}  // namespace

std::int64_t FitRange::lengthLimit() const {
    return static_cast<std::int64_t>(std::ceil(kLengthFactor * static_cast<double>(longestSteps)));
}

FitRange fitRangeOf(const std::vector<const SampledSchedule*>& fittedRuns) {
    FitRange range;
    for (const SampledSchedule* run : fittedRuns) {
        if (!run || run->lr.empty()) continue;
        for (double lr : run->lr)
            if (std::isfinite(lr)) range.peakLr = std::max(range.peakLr, lr);
        range.longestSteps = std::max(range.longestSteps, run->steps());
    }
    return range;
}

std::optional<std::int64_t> RangeExit::firstStepOutside() const {
    if (aboveFittedPeakFrom && beyondFittedLengthFrom)
        return std::min(*aboveFittedPeakFrom, *beyondFittedLengthFrom);
    return aboveFittedPeakFrom ? aboveFittedPeakFrom : beyondFittedLengthFrom;
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
    if (range.isKnown() && steps > range.lengthLimit())
        exit.beyondFittedLengthFrom = range.lengthLimit();
    return exit;
}

}  // namespace annealer
