#include "XAxisScale.h"

#include "NumberText.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace annealer {

void niceAxisEnd(double maximum, double& niceMaximum, int& tickCount) {
    if (!(maximum > 0.0) || !std::isfinite(maximum)) {
        niceMaximum = 1.0;
        tickCount = 6;
        return;
    }
    maximum = std::min(maximum, kAxisLimit);
    const double power = std::pow(10.0, std::floor(std::log10(maximum)));
    // The smallest interval giving at most 8 intervals; prefer 4 or more.
    for (double unit : {0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double interval = unit * power;
        const double intervals = std::ceil(maximum / interval - 1e-9);
        if (intervals <= 8) {
            niceMaximum = intervals * interval;
            tickCount = static_cast<int>(intervals) + 1;
            return;
        }
    }
    niceMaximum = std::ceil(maximum / power) * power;
    tickCount = 6;
}

DecadeRange decadeRange(double lowestPositive, double highest) {
    const double smallest = 1.0 / kAxisLimit;
    const double top =
        std::isfinite(highest) && highest > 0.0 ? std::clamp(highest, smallest, kAxisLimit) : 1e-3;
    const double bottom = std::isfinite(lowestPositive) && lowestPositive > 0.0
                              ? std::clamp(lowestPositive, smallest, top)
                              : std::max(top * 1e-2, smallest);
    const double lowExponent = std::floor(std::log10(bottom));
    double highExponent = std::ceil(std::log10(top) + std::log10(1.02));
    if (highExponent <= lowExponent) highExponent = lowExponent + 1.0;
    return {std::pow(10.0, lowExponent), std::pow(10.0, highExponent)};
}

XAxisScale XAxisScale::of(const Project& project) {
    std::int64_t steps = 0;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible) steps = std::max(steps, entry.schedule.totalSteps());
    for (const ProjectRun& run : project.runs)
        if (run.visible && !run.run.lossSteps.empty())
            steps = std::max(steps, run.run.lossSteps.back() + 1);
    if (steps <= 0) steps = 1000;

    XAxisScale scale;
    if (project.view.xUnit != XUnit::Tokens) return ofSteps(steps);
    const double tokens = static_cast<double>(steps) * project.view.tokensPerStep;
    scale.unit = tokens >= 1e12 ? 1e12 : tokens >= 1e9 ? 1e9 : tokens >= 1e6 ? 1e6 : 1e3;
    scale.perStep = project.view.tokensPerStep / scale.unit;
    scale.title = QObject::tr("tokens");
    scale.finish(static_cast<double>(steps) * scale.perStep);
    return scale;
}

XAxisScale XAxisScale::ofSteps(std::int64_t steps) {
    XAxisScale scale;
    scale.unit = steps >= 10'000'000 ? 1e6 : steps >= 10'000 ? 1e3 : 1.0;
    scale.perStep = 1.0 / scale.unit;
    scale.title = QObject::tr("step");
    scale.finish(static_cast<double>(steps) * scale.perStep);
    return scale;
}

void XAxisScale::finish(double displayMaximum) {
    niceAxisEnd(displayMaximum, maximum, tickCount);
}

QString XAxisScale::tickLabel(double display) const {
    return compactNumber(display * unit);
}

}  // namespace annealer
