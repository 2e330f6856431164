#include "SchedulePresets.h"

#include "NumberText.h"

#include <QObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

Schedule base(ScheduleFamily family, const ScheduleBasics& basics) {
    Schedule schedule;
    schedule.family = family;
    schedule.steps = basics.steps;
    schedule.peak = basics.peak;
    schedule.warmupSteps = basics.warmupSteps;
    schedule.warmupShape = basics.warmupSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
    return schedule;
}

// A step `fraction` of the way through the run, inside 1..steps-1.
std::int64_t stepAt(const ScheduleBasics& basics, double fraction) {
    const auto step = static_cast<std::int64_t>(fraction * static_cast<double>(basics.steps));
    return std::clamp<std::int64_t>(step, 1, std::max<std::int64_t>(basics.steps - 1, 1));
}

}  // namespace

ScheduleBasics ScheduleBasics::of(const Schedule& schedule) {
    ScheduleBasics basics;
    if (schedule.family == ScheduleFamily::Chain) return basics;
    basics.steps = schedule.steps;
    basics.warmupSteps = schedule.warmupSteps;
    if (schedule.family == ScheduleFamily::FreeForm) {
        double highest = 0.0;
        for (const ControlPoint& point : schedule.points) highest = std::max(highest, point.lr);
        if (highest > 0.0) basics.peak = highest;
    } else {
        basics.peak = schedule.peak;
    }
    return basics;
}

Schedule defaultScheduleOf(ScheduleFamily family, const ScheduleBasics& basics) {
    Schedule schedule = base(family, basics);
    switch (family) {
        case ScheduleFamily::Cosine:
        case ScheduleFamily::Exponential:
        case ScheduleFamily::Polynomial:
            schedule.floorRatio = 0.1;
            break;
        case ScheduleFamily::Wsd:
            schedule.floorRatio = 0.1;
            schedule.decayFraction = 0.2;
            schedule.decayShape = DecayShape::Linear;
            break;
        case ScheduleFamily::Step:
            schedule.gamma = 0.316;
            schedule.stepSize = std::max<std::int64_t>((basics.steps - basics.warmupSteps) / 3, 1);
            break;
        case ScheduleFamily::MultiStep:
            schedule.gamma = 0.316;
            schedule.milestones = {stepAt(basics, 0.8), stepAt(basics, 0.9)};
            if (schedule.milestones[1] <= schedule.milestones[0]) schedule.milestones.resize(1);
            break;
        case ScheduleFamily::Cyclic:
            schedule.floorRatio = 0.1;
            schedule.cycleSteps =
                std::max<std::int64_t>((basics.steps - basics.warmupSteps) / 4, 1);
            schedule.cycleDecay = 0.8;
            break;
        case ScheduleFamily::FreeForm: {
            const std::int64_t last = basics.steps - 1;
            const std::int64_t start = std::min(basics.warmupSteps, last);
            schedule.points = {{start, basics.peak}};
            const std::int64_t middle = start + (last - start) / 2;
            if (middle > start) schedule.points.push_back({middle, basics.peak * 0.6});
            if (last > schedule.points.back().step)
                schedule.points.push_back({last, basics.peak * 0.1});
            break;
        }
        case ScheduleFamily::PowerScheduler: {
            // The power law meets the peak a quarter into the run (a = peak / n^b there), then
            // the paper's exponential decay over the last 10% to 1% of the peak.
            const double quarterTokens =
                static_cast<double>(std::max<std::int64_t>(basics.steps / 4, 1)) *
                schedule.tokensPerStep;
            const double a = basics.peak / std::pow(quarterTokens, schedule.powerB);
            schedule.powerA = QString::number(a, 'g', 4).toDouble();
            schedule.decayFraction = 0.1;
            schedule.decayShape = DecayShape::Exponential;
            schedule.floorRatio = 0.01;
            break;
        }
        case ScheduleFamily::OneCycle:
            // Its rise over pct_start is its warmup.
            schedule.warmupSteps = 0;
            schedule.warmupShape = WarmupShape::None;
            break;
        case ScheduleFamily::Chain: {
            ScheduleBasics half = basics;
            half.steps = std::max<std::int64_t>(basics.steps / 2, 2);
            half.warmupSteps = std::min(basics.warmupSteps, half.steps - 1);
            Schedule first = defaultScheduleOf(ScheduleFamily::Cosine, half);
            Schedule second = first;
            second.floorRatio = 0.0;
            schedule.phases = {first, second};
            break;
        }
        default:
            break;
    }
    return schedule;
}

std::vector<SchedulePreset> schedulePresets(const ScheduleBasics& basics) {
    std::vector<SchedulePreset> presets;
    const auto add = [&](const QString& title, Schedule schedule) {
        schedule.name = title;
        if (schedule.validate()) presets.push_back({title, std::move(schedule)});
    };
    add(QObject::tr("Cosine to 10%"), defaultScheduleOf(ScheduleFamily::Cosine, basics));
    add(QObject::tr("WSD, 20% linear decay"), defaultScheduleOf(ScheduleFamily::Wsd, basics));
    {
        Schedule wsd = defaultScheduleOf(ScheduleFamily::Wsd, basics);
        wsd.decayShape = DecayShape::OneMinusSqrt;
        wsd.floorRatio = 0.0;
        add(QObject::tr("WSD, 20% 1-sqrt decay to zero"), wsd);
    }
    {
        Schedule linear = base(ScheduleFamily::Linear, basics);
        linear.floor = 0.0;
        add(QObject::tr("Linear to zero"), linear);
    }
    add(QObject::tr("Constant"), base(ScheduleFamily::Constant, basics));
    add(QObject::tr("Step decay"), defaultScheduleOf(ScheduleFamily::Step, basics));
    add(QObject::tr("Multi-step at 80% and 90%"),
        defaultScheduleOf(ScheduleFamily::MultiStep, basics));
    add(QObject::tr("Exponential to 10%"), defaultScheduleOf(ScheduleFamily::Exponential, basics));
    add(QObject::tr("Inverse square root"), base(ScheduleFamily::InverseSqrt, basics));
    add(QObject::tr("Polynomial (power 2)"), defaultScheduleOf(ScheduleFamily::Polynomial, basics));
    add(QObject::tr("Cyclic cosine, 4 cycles"), defaultScheduleOf(ScheduleFamily::Cyclic, basics));
    add(QObject::tr("REX to zero"), defaultScheduleOf(ScheduleFamily::Rex, basics));
    add(QObject::tr("Power scheduler"), defaultScheduleOf(ScheduleFamily::PowerScheduler, basics));
    add(QObject::tr("One-cycle (PyTorch defaults)"),
        defaultScheduleOf(ScheduleFamily::OneCycle, basics));
    add(QObject::tr("Free-form curve"), defaultScheduleOf(ScheduleFamily::FreeForm, basics));
    return presets;
}

namespace {

QString percentText(double fraction) {
    return QString::number(100.0 * fraction, 'g', 3) + QLatin1Char('%');
}

// Where a decaying family ends: "10%" of the peak, "zero", or the LR ("1.58e-4").
QString floorText(const Schedule& schedule) {
    if (schedule.floorRatio)
        return *schedule.floorRatio == 0.0 ? QObject::tr("zero")
                                           : percentText(*schedule.floorRatio);
    if (schedule.floor == 0.0) return QObject::tr("zero");
    // A floor that is a whole percentage of the peak reads as one ("10%" for 5e-4 of 5e-3).
    const double percent = schedule.peak > 0.0 ? 100.0 * schedule.floor / schedule.peak : 0.0;
    if (percent >= 1.0 && std::abs(percent - std::round(percent)) < 1e-6)
        return percentText(std::round(percent) / 100.0);
    return roundedText(schedule.floor);
}

}  // namespace

QString describedName(const Schedule& schedule) {
    const auto steps = static_cast<double>(std::max<std::int64_t>(schedule.steps, 1));
    switch (schedule.family) {
        case ScheduleFamily::Constant:
            return QObject::tr("Constant");
        case ScheduleFamily::Cosine:
            return QObject::tr("Cosine to %1").arg(floorText(schedule));
        case ScheduleFamily::Linear:
            return QObject::tr("Linear to %1").arg(floorText(schedule));
        case ScheduleFamily::Exponential:
            return QObject::tr("Exponential to %1").arg(floorText(schedule));
        case ScheduleFamily::Wsd: {
            const double decay = schedule.decaySteps
                                     ? static_cast<double>(*schedule.decaySteps) / steps
                                     : schedule.decayFraction;
            const bool toZero = schedule.floorLr() == 0.0;
            return QObject::tr("WSD, %1 %2 decay%3")
                .arg(percentText(decay), decayShapeName(schedule.decayShape),
                     toZero ? QObject::tr(" to zero") : QString());
        }
        case ScheduleFamily::Step:
            return QObject::tr("Step decay");
        case ScheduleFamily::MultiStep: {
            QStringList at;
            for (std::int64_t milestone : schedule.milestones)
                at << percentText(static_cast<double>(milestone) / steps);
            if (at.isEmpty()) return QObject::tr("Multi-step");
            const QString last = at.takeLast();
            return at.isEmpty() ? QObject::tr("Multi-step at %1").arg(last)
                                : QObject::tr("Multi-step at %1 and %2")
                                      .arg(at.join(QStringLiteral(", ")), last);
        }
        case ScheduleFamily::InverseSqrt:
            return QObject::tr("Inverse square root");
        case ScheduleFamily::Polynomial:
            return QObject::tr("Polynomial (power %1)").arg(roundedText(schedule.power));
        case ScheduleFamily::Cyclic: {
            const double cycles =
                (steps - static_cast<double>(schedule.warmupSteps)) /
                static_cast<double>(std::max<std::int64_t>(schedule.cycleSteps, 1));
            return QObject::tr("Cyclic cosine, %1 cycles").arg(roundedText(cycles, 2));
        }
        case ScheduleFamily::FreeForm:
            return QObject::tr("Free-form curve");
        case ScheduleFamily::Rex:
            return QObject::tr("REX to %1").arg(floorText(schedule));
        case ScheduleFamily::PowerScheduler:
            return QObject::tr("Power scheduler");
        case ScheduleFamily::OneCycle: {
            const Schedule defaults;  // PyTorch's OneCycleLR defaults
            const bool pytorchDefaults = schedule.pctStart == defaults.pctStart &&
                                         schedule.annealStrategy == defaults.annealStrategy &&
                                         schedule.divFactor == defaults.divFactor &&
                                         schedule.finalDivFactor == defaults.finalDivFactor &&
                                         schedule.threePhase == defaults.threePhase;
            return pytorchDefaults ? QObject::tr("One-cycle (PyTorch defaults)")
                                   : QObject::tr("One-cycle, rising over %1")
                                         .arg(percentText(schedule.pctStart));
        }
        default:
            return {};
    }
}

QString copyName(const QString& name, const QStringList& taken) {
    static const QRegularExpression copySuffix(QStringLiteral(R"( \(copy(?: \d+)?\)$)"));
    QString base = name;
    base.remove(copySuffix);
    QString candidate = QObject::tr("%1 (copy)").arg(base);
    for (int n = 2; taken.contains(candidate); ++n)
        candidate = QObject::tr("%1 (copy %2)").arg(base).arg(n);
    return candidate;
}

}  // namespace annealer
