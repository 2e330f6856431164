#include "ScheduleHandles.h"

#include "NumberText.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

// An LR as a person reads it in the status bar: four significant digits in short form
// ("2.1e-4", "1.58e-4", not the 0.0001580000000073 a floor computed as peak * ratio holds).
QString lrText(double lr) {
    return roundedText(lr, 4);
}

// Families with the end-of-warmup handle (one-cycle's rise has its own handle).
bool hasPeak(ScheduleFamily family) {
    return family != ScheduleFamily::FreeForm && family != ScheduleFamily::Chain &&
           family != ScheduleFamily::OneCycle;
}

// A value set by dragging, to six significant digits: readable in the panel.
double roundedForPanel(double value) {
    return QString::number(value, 'g', 6).toDouble();
}

void setPeak(Schedule& schedule, double lr) {
    if (lr > 0.0) schedule.peak = lr;
}

// Applies the step axis of a move; false if the handle has none.
void moveStep(Schedule& schedule, const ScheduleHandle& handle, std::int64_t step) {
    const std::int64_t last = schedule.steps - 1;
    switch (handle.kind) {
        case ScheduleHandle::Kind::WarmupEnd: {
            std::int64_t highest = last;
            if (schedule.family == ScheduleFamily::Wsd ||
                schedule.family == ScheduleFamily::PowerScheduler)
                highest = schedule.steps - std::max<std::int64_t>(schedule.wsdDecaySteps(), 1);
            schedule.warmupSteps =
                std::clamp<std::int64_t>(step, 0, std::max<std::int64_t>(highest, 0));
            // A warmup needs a shape to ramp with.
            if (schedule.warmupSteps > 0 && schedule.warmupShape == WarmupShape::None)
                schedule.warmupShape = WarmupShape::Linear;
            break;
        }
        case ScheduleHandle::Kind::DecayStart: {
            const std::int64_t start = std::clamp<std::int64_t>(step, schedule.warmupSteps, last);
            const std::int64_t length = schedule.steps - start;
            if (schedule.decaySteps) {
                schedule.decaySteps = length;
            } else {
                // Four decimals: readable in the panel, and finer than a pixel up to 10k columns.
                const double fraction =
                    static_cast<double>(length) / static_cast<double>(schedule.steps);
                schedule.decayFraction = std::clamp(std::round(fraction * 1e4) / 1e4, 1e-4, 1.0);
            }
            break;
        }
        case ScheduleHandle::Kind::StepDrop:
            schedule.stepSize = std::clamp<std::int64_t>(step - schedule.warmupSteps, 1,
                                                         std::max<std::int64_t>(last, 1));
            break;
        case ScheduleHandle::Kind::Milestone: {
            auto& milestones = schedule.milestones;
            const auto i = static_cast<std::size_t>(handle.index);
            if (i >= milestones.size()) break;
            const std::int64_t low = i > 0 ? milestones[i - 1] + 1 : 1;
            const std::int64_t high = i + 1 < milestones.size() ? milestones[i + 1] - 1 : last;
            if (low <= high) milestones[i] = std::clamp(step, low, high);
            break;
        }
        case ScheduleHandle::Kind::CycleEnd:
            schedule.cycleSteps =
                std::clamp<std::int64_t>(step - schedule.warmupSteps, schedule.rewarmSteps + 1,
                                         std::max<std::int64_t>(last, 1));
            break;
        case ScheduleHandle::Kind::Timescale:
            schedule.timescale = std::clamp<std::int64_t>(step - schedule.warmupSteps, 1,
                                                          std::max<std::int64_t>(last, 1));
            break;
        case ScheduleHandle::Kind::ControlPoint: {
            auto& points = schedule.points;
            const auto i = static_cast<std::size_t>(handle.index);
            if (i >= points.size()) break;
            const std::int64_t low = i > 0 ? points[i - 1].step + 1 : 0;
            const std::int64_t high = i + 1 < points.size() ? points[i + 1].step - 1 : last;
            if (low <= high) points[i].step = std::clamp(step, low, high);
            break;
        }
        case ScheduleHandle::Kind::CycleTop: {
            // The rise ends at pct_start * steps - 1: pct_start = (step + 1) / steps.
            const std::int64_t top =
                std::clamp<std::int64_t>(step, 1, std::max<std::int64_t>(last - 1, 1));
            schedule.pctStart =
                roundedForPanel(static_cast<double>(top + 1) / static_cast<double>(schedule.steps));
            break;
        }
        case ScheduleHandle::Kind::Floor:
        case ScheduleHandle::Kind::CycleStart:
        case ScheduleHandle::Kind::CycleLast:
            break;
    }
}

void moveLr(Schedule& schedule, const ScheduleHandle& handle, double lr) {
    if (!std::isfinite(lr)) return;
    switch (handle.kind) {
        case ScheduleHandle::Kind::DecayStart:
            if (schedule.family == ScheduleFamily::PowerScheduler) {
                // a such that min(peak, a * n^b) is `lr` where the decay starts
                if (!(lr > 0.0)) break;
                const double tokens =
                    static_cast<double>(schedule.steps - schedule.wsdDecaySteps()) *
                    schedule.tokensPerStep;
                schedule.powerA = roundedForPanel(std::min(lr, schedule.peak) /
                                                  std::pow(tokens, schedule.powerB));
                break;
            }
            setPeak(schedule, lr);
            break;
        case ScheduleHandle::Kind::WarmupEnd:
        case ScheduleHandle::Kind::CycleTop:
            setPeak(schedule, lr);
            break;
        case ScheduleHandle::Kind::CycleStart:
            // initial = peak / div_factor, at most the peak
            if (lr > 0.0) schedule.divFactor = roundedForPanel(std::max(schedule.peak / lr, 1.0));
            break;
        case ScheduleHandle::Kind::CycleLast: {
            // last = initial / final_div_factor, at most the initial LR
            const double initial = schedule.peak / schedule.divFactor;
            if (lr > 0.0) schedule.finalDivFactor = roundedForPanel(std::max(initial / lr, 1.0));
            break;
        }
        case ScheduleHandle::Kind::Floor: {
            const double floorLr = std::clamp(lr, 0.0, schedule.peak);
            if (schedule.floorRatio)
                schedule.floorRatio = floorLr / schedule.peak;
            else
                schedule.floor = floorLr;
            break;
        }
        case ScheduleHandle::Kind::ControlPoint: {
            const auto i = static_cast<std::size_t>(handle.index);
            if (i < schedule.points.size()) schedule.points[i].lr = std::max(lr, 0.0);
            break;
        }
        default:
            break;
    }
}

}  // namespace

QString ScheduleHandle::description() const {
    const QString at = QObject::tr("step %1, LR %2").arg(shortestText(step), lrText(lr));
    switch (kind) {
        case Kind::WarmupEnd:
            return QObject::tr("End of warmup and peak LR: %1").arg(at);
        case Kind::DecayStart:
            return QObject::tr("Start of decay: %1").arg(at);
        case Kind::Floor:
            return QObject::tr("Floor LR: %1").arg(lrText(lr));
        case Kind::StepDrop:
            return QObject::tr("First drop (step size): %1").arg(at);
        case Kind::Milestone:
            return QObject::tr("Milestone %1: %2").arg(index + 1).arg(at);
        case Kind::CycleEnd:
            return QObject::tr("End of the first cycle: %1").arg(at);
        case Kind::Timescale:
            return QObject::tr("Timescale: %1").arg(at);
        case Kind::ControlPoint:
            return QObject::tr("Control point %1: %2").arg(index + 1).arg(at);
        case Kind::CycleTop:
            return QObject::tr("Top of the cycle (rise fraction and peak LR): %1").arg(at);
        case Kind::CycleStart:
            return QObject::tr("Start LR (peak / div_factor): %1").arg(lrText(lr));
        case Kind::CycleLast:
            return QObject::tr("Final LR (start LR / final_div_factor): %1").arg(lrText(lr));
    }
    return {};
}

std::vector<ScheduleHandle> scheduleHandles(const Schedule& schedule) {
    using Kind = ScheduleHandle::Kind;
    std::vector<ScheduleHandle> handles;
    const ScheduleFamily family = schedule.family;
    if (family == ScheduleFamily::Chain || !schedule.validate()) return handles;
    const std::int64_t last = schedule.steps - 1;
    const auto add = [&](Kind kind, int index, std::int64_t step, bool movesStep, bool movesLr) {
        handles.push_back({kind, index, step, schedule.lrAt(step), movesStep, movesLr});
    };
    if (family == ScheduleFamily::PowerScheduler) {
        // The LR at the end of warmup is the power law's there: the cap (the peak) where the law
        // is above it, and then the handle sets the peak too; below it, only the warmup.
        const bool capped = schedule.lrAt(schedule.warmupSteps) >= schedule.peak;
        add(Kind::WarmupEnd, 0, schedule.warmupSteps, true, capped);
    } else if (hasPeak(family)) {
        ScheduleHandle warmupEnd{Kind::WarmupEnd, 0,    schedule.warmupSteps,
                                 schedule.peak,   true, true};
        handles.push_back(warmupEnd);
    }
    switch (family) {
        case ScheduleFamily::Wsd: {
            ScheduleHandle decayStart{
                Kind::DecayStart, 0,    schedule.steps - schedule.wsdDecaySteps(),
                schedule.peak,    true, true};
            handles.push_back(decayStart);
            break;
        }
        case ScheduleFamily::PowerScheduler:
            add(Kind::DecayStart, 0, schedule.steps - schedule.wsdDecaySteps(), true, true);
            break;
        case ScheduleFamily::OneCycle:
            add(Kind::CycleStart, 0, 0, false, true);
            add(Kind::CycleTop, 0, schedule.totalWarmupSteps(), true, true);
            add(Kind::CycleLast, 0, last, false, true);
            break;
        case ScheduleFamily::Step:
            if (schedule.warmupSteps + schedule.stepSize <= last)
                add(Kind::StepDrop, 0, schedule.warmupSteps + schedule.stepSize, true, false);
            break;
        case ScheduleFamily::MultiStep:
            for (std::size_t i = 0; i < schedule.milestones.size(); ++i)
                add(Kind::Milestone, static_cast<int>(i), schedule.milestones[i], true, false);
            break;
        case ScheduleFamily::Cyclic:
            if (schedule.warmupSteps + schedule.cycleSteps <= last)
                add(Kind::CycleEnd, 0, schedule.warmupSteps + schedule.cycleSteps - 1, true, false);
            break;
        case ScheduleFamily::InverseSqrt: {
            const std::int64_t timescale =
                schedule.timescale.value_or(std::max<std::int64_t>(schedule.warmupSteps, 1));
            if (schedule.warmupSteps + timescale <= last)
                add(Kind::Timescale, 0, schedule.warmupSteps + timescale, true, false);
            break;
        }
        case ScheduleFamily::FreeForm:
            for (std::size_t i = 0; i < schedule.points.size(); ++i) {
                ScheduleHandle point{Kind::ControlPoint,
                                     static_cast<int>(i),
                                     schedule.points[i].step,
                                     schedule.points[i].lr,
                                     true,
                                     true};
                handles.push_back(point);
            }
            break;
        default:
            break;
    }
    if (familyUsesFloor(family)) add(Kind::Floor, 0, last, false, true);
    return handles;
}

Schedule moveHandle(const Schedule& schedule, const ScheduleHandle& handle, std::int64_t step,
                    double lr) {
    Schedule both = schedule;
    if (handle.movesStep) moveStep(both, handle, step);
    if (handle.movesLr) moveLr(both, handle, lr);
    if (both.validate()) return both;
    // One axis may still be fine on its own.
    for (bool stepAxis : {true, false}) {
        if (stepAxis ? !handle.movesStep : !handle.movesLr) continue;
        Schedule one = schedule;
        if (stepAxis)
            moveStep(one, handle, step);
        else
            moveLr(one, handle, lr);
        if (one.validate()) return one;
    }
    return schedule;
}

}  // namespace annealer
