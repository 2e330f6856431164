#include "LrCurveSampling.h"

#include "CurveDecimation.h"
#include "ScheduleHandles.h"

#include <algorithm>

namespace annealer {

namespace {

constexpr std::int64_t kFullSampleSteps = 65536;

// Steps where the curve may have a corner or jump, for a schedule too long to sample fully.
std::vector<std::int64_t> cornerSteps(const Schedule& schedule, std::int64_t limit) {
    std::vector<std::int64_t> corners;
    for (const ScheduleHandle& handle : scheduleHandles(schedule)) corners.push_back(handle.step);
    corners.push_back(schedule.warmupSteps);
    const std::int64_t steps = schedule.steps;
    const auto addEvery = [&](std::int64_t from, std::int64_t every) {
        if (every < 1 || (steps - from) / every > limit) return;
        for (std::int64_t step = from; step < steps; step += every) corners.push_back(step);
    };
    switch (schedule.family) {
        case ScheduleFamily::Step:
            addEvery(schedule.warmupSteps, schedule.stepSize);
            break;
        case ScheduleFamily::Cyclic:
            addEvery(schedule.warmupSteps, schedule.cycleSteps);
            if (schedule.rewarmSteps > 0)
                addEvery(schedule.warmupSteps + schedule.rewarmSteps, schedule.cycleSteps);
            break;
        case ScheduleFamily::MultiStep:
            corners.insert(corners.end(), schedule.milestones.begin(), schedule.milestones.end());
            break;
        case ScheduleFamily::Chain: {
            std::int64_t start = 0;
            for (const Schedule& phase : schedule.phases) {
                for (std::int64_t corner : cornerSteps(phase, limit))
                    corners.push_back(start + corner);
                start += phase.totalSteps();
                corners.push_back(start);
            }
            break;
        }
        default:
            break;
    }
    return corners;
}

}  // namespace

std::vector<QPointF> lrCurvePoints(const Schedule& schedule, int columns) {
    const std::int64_t steps = schedule.totalSteps();
    if (steps < 1 || !schedule.validate()) return {};
    columns = std::max(columns, 16);
    if (steps <= kFullSampleSteps) {
        const SampledSchedule sampled = schedule.sample();
        std::vector<QPointF> points;
        points.reserve(sampled.lr.size());
        for (std::size_t s = 0; s < sampled.lr.size(); ++s)
            points.emplace_back(static_cast<double>(s), sampled.lr[s]);
        double highest = 0.0;
        for (double lr : sampled.lr) highest = std::max(highest, lr);
        // About a thousandth of the axis: well under a pixel.
        return decimateMinMax(points, 0.0, static_cast<double>(steps - 1), columns, highest * 1e-3);
    }
    // A point per column: each piece between corners is smooth.
    std::vector<std::int64_t> at;
    const std::int64_t even = static_cast<std::int64_t>(columns);
    for (std::int64_t i = 0; i < even; ++i) at.push_back((steps - 1) * i / (even - 1));
    for (std::int64_t corner : cornerSteps(schedule, even)) {
        for (std::int64_t step : {corner - 1, corner})
            if (step >= 0 && step < steps) at.push_back(step);
    }
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    std::vector<QPointF> points;
    points.reserve(at.size());
    for (std::int64_t step : at)
        points.emplace_back(static_cast<double>(step), schedule.lrAt(step));
    return points;
}

}  // namespace annealer
