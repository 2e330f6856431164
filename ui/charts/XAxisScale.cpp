#include "XAxisScale.h"

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

XAxisScale XAxisScale::of(const Project& project) {
    std::int64_t steps = 0;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible) steps = std::max(steps, entry.schedule.totalSteps());
    for (const ProjectRun& run : project.runs)
        if (run.visible && !run.run.lossSteps.empty())
            steps = std::max(steps, run.run.lossSteps.back() + 1);
    if (steps <= 0) steps = 1000;

    XAxisScale scale;
    if (project.view.xUnit == XUnit::Tokens) {
        const double tokens = static_cast<double>(steps) * project.view.tokensPerStep;
        if (tokens >= 1e12) {
            scale.perStep = project.view.tokensPerStep / 1e12;
            scale.title = QObject::tr("tokens (trillions)");
        } else if (tokens >= 1e9) {
            scale.perStep = project.view.tokensPerStep / 1e9;
            scale.title = QObject::tr("tokens (billions)");
        } else {
            scale.perStep = project.view.tokensPerStep / 1e6;
            scale.title = QObject::tr("tokens (millions)");
        }
        scale.labelFormat = QStringLiteral("%.3g");
    } else if (steps >= 200000) {
        scale.perStep = 1e-3;
        scale.title = QObject::tr("step (thousands)");
        scale.labelFormat = QStringLiteral("%.0f");
    } else {
        scale.title = QObject::tr("step");
        scale.labelFormat = QStringLiteral("%.0f");
    }
    niceAxisEnd(static_cast<double>(steps) * scale.perStep, scale.maximum, scale.tickCount);
    const double interval = scale.maximum / (scale.tickCount - 1);
    if (interval != std::floor(interval)) scale.labelFormat = QStringLiteral("%.3g");
    return scale;
}

}  // namespace annealer
