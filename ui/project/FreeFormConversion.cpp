#include "FreeFormConversion.h"

#include "schedule/PolylineSimplifier.h"

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

// How far (as a fraction of the peak LR) the free-form curve may stray from the original.
constexpr double kTolerance = 0.004;
constexpr int kSamples = 2000;

// Sorted, strictly increasing steps inside 0..steps-1, LRs >= 0 (the later of two points at
// one step wins).
std::vector<ControlPoint> tidy(std::vector<ControlPoint> points, std::int64_t steps) {
    for (ControlPoint& point : points) {
        point.step = std::clamp<std::int64_t>(point.step, 0, steps - 1);
        point.lr = std::isfinite(point.lr) ? std::max(point.lr, 0.0) : 0.0;
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const ControlPoint& a, const ControlPoint& b) { return a.step < b.step; });
    std::vector<ControlPoint> result;
    for (const ControlPoint& point : points) {
        if (!result.empty() && result.back().step == point.step)
            result.back() = point;
        else
            result.push_back(point);
    }
    return result;
}

}  // namespace

Schedule toFreeForm(const Schedule& schedule) {
    if (schedule.family == ScheduleFamily::FreeForm) return schedule;
    Schedule result;
    result.name = schedule.name;
    result.family = ScheduleFamily::FreeForm;
    result.interpolation = Interpolation::Linear;
    result.steps = schedule.totalSteps();
    // A chain's re-warms become part of the points; a plain schedule keeps its warmup.
    if (schedule.family != ScheduleFamily::Chain) {
        result.warmupSteps = schedule.warmupSteps;
        result.warmupShape = schedule.warmupShape;
        result.warmupInit = schedule.warmupInit;
    }
    const std::int64_t first = result.warmupSteps;
    const std::int64_t last = result.steps - 1;
    if (last <= first) {
        result.points = {{first, schedule.lrAt(first)}};
        return result;
    }
    // Dense samples, plus both sides of every jump a sample grid would blur (step drops).
    std::vector<std::int64_t> steps;
    for (int i = 0; i < kSamples; ++i) steps.push_back(first + (last - first) * i / (kSamples - 1));
    double peak = 0.0;
    for (std::int64_t step : steps) peak = std::max(peak, schedule.lrAt(step));
    if (peak <= 0.0) peak = 1.0;
    std::vector<std::int64_t> withJumps;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (i > 0 && steps[i] - steps[i - 1] > 1) {
            // A jump inside the gap: bisect to the step where it happens.
            std::int64_t low = steps[i - 1], high = steps[i];
            const double a = schedule.lrAt(low), b = schedule.lrAt(high);
            if (std::abs(a - b) > 0.05 * peak) {
                while (high - low > 1) {
                    const std::int64_t middle = low + (high - low) / 2;
                    if (std::abs(schedule.lrAt(middle) - a) < std::abs(schedule.lrAt(middle) - b))
                        low = middle;
                    else
                        high = middle;
                }
                withJumps.push_back(low);
                withJumps.push_back(high);
            }
        }
        withJumps.push_back(steps[i]);
    }
    std::sort(withJumps.begin(), withJumps.end());
    withJumps.erase(std::unique(withJumps.begin(), withJumps.end()), withJumps.end());
    // Simplify in a space where both axes run 0..1.
    const double span = static_cast<double>(last - first);
    std::vector<double> xs, ys;
    for (std::int64_t step : withJumps) {
        xs.push_back(static_cast<double>(step - first) / span);
        ys.push_back(schedule.lrAt(step) / peak);
    }
    std::vector<ControlPoint> points;
    for (std::size_t index : simplifyPolyline(xs, ys, kTolerance, SimplifyDistance::Perpendicular))
        points.push_back({withJumps[index], ys[index] * peak});
    result.points = tidy(std::move(points), result.steps);
    return result;
}

Schedule withStroke(const Schedule& schedule, std::vector<ControlPoint> stroke) {
    Schedule result = toFreeForm(schedule);
    const std::int64_t first = result.warmupSteps;
    stroke = tidy(std::move(stroke), result.steps);
    std::erase_if(stroke, [first](const ControlPoint& point) { return point.step < first; });
    if (stroke.empty()) return result;
    const std::int64_t from = stroke.front().step;
    const std::int64_t to = stroke.back().step;
    std::vector<ControlPoint> points;
    for (const ControlPoint& point : result.points)
        if (point.step < from || point.step > to) points.push_back(point);
    points.insert(points.end(), stroke.begin(), stroke.end());
    result.points = tidy(std::move(points), result.steps);
    return result;
}

}  // namespace annealer
