#include "schedule/CptSchedule.h"

#include "project/LrKnots.h"

namespace annealer {

Result<CptPhase> cptPhaseFromKeyValues(const QStringList& keyValues) {
    CptPhase phase;
    bool haveSteps = false, havePeak = false;
    for (const QString& pair : keyValues) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0) return Error{QStringLiteral("'%1': expected key=value").arg(pair)};
        const QString key = pair.left(eq), value = pair.mid(eq + 1);
        bool ok = true;
        if (key == QLatin1String("rewarm")) {
            phase.rewarmSteps = value.toLongLong(&ok);
            ok = ok && phase.rewarmSteps >= 0;
        } else if (key == QLatin1String("steps")) {
            phase.steps = value.toLongLong(&ok);
            ok = ok && phase.steps > 0;
            haveSteps = true;
        } else if (key == QLatin1String("peak")) {
            phase.peak = value.toDouble(&ok);
            ok = ok && phase.peak > 0.0;
            havePeak = true;
        } else if (key == QLatin1String("floor")) {
            phase.floor = value.toDouble(&ok);
            ok = ok && phase.floor >= 0.0;
        } else if (key == QLatin1String("decay")) {
            phase.decayFraction = value.toDouble(&ok);
            ok = ok && phase.decayFraction > 0.0 && phase.decayFraction <= 1.0;
        } else if (key == QLatin1String("shape")) {
            phase.shape = value;
            ok = value == QLatin1String("cosine") || value == QLatin1String("linear") ||
                 value == QLatin1String("wsd");
        } else {
            return Error{QStringLiteral("unknown CPT key '%1' (keys: rewarm peak shape steps floor "
                                        "decay)")
                             .arg(key)};
        }
        if (!ok) return Error{QStringLiteral("%1: '%2' is not a valid value").arg(key, value)};
    }
    if (!haveSteps || !havePeak)
        return Error{QStringLiteral("the CPT phase needs steps= and peak=")};
    if (phase.rewarmSteps >= phase.steps)
        return Error{QStringLiteral("rewarm: %1 is not below the CPT steps %2")
                         .arg(phase.rewarmSteps)
                         .arg(phase.steps)};
    if (phase.floor > phase.peak)
        return Error{QStringLiteral("floor: %1 is above the CPT peak %2").arg(phase.floor).arg(phase.peak)};
    return phase;
}

Result<Schedule> cptChain(const Schedule& pretraining, const CptPhase& phase) {
    Schedule cpt;
    cpt.name = QStringLiteral("CPT");
    cpt.family = phase.shape == QLatin1String("linear") ? ScheduleFamily::Linear
                 : phase.shape == QLatin1String("wsd")  ? ScheduleFamily::Wsd
                                                        : ScheduleFamily::Cosine;
    cpt.steps = phase.steps;
    cpt.peak = phase.peak;
    cpt.warmupSteps = phase.rewarmSteps;
    cpt.warmupShape = phase.rewarmSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
    cpt.floor = phase.floor;
    cpt.decayFraction = phase.decayFraction;
    Schedule chain;
    chain.name = pretraining.name.isEmpty() ? QStringLiteral("CPT run") : pretraining.name + QStringLiteral(" + CPT");
    chain.family = ScheduleFamily::Chain;
    chain.phases = {pretraining, cpt};
    if (Status valid = chain.validate(); !valid) return Error{valid.error()};
    return chain;
}

Result<Schedule> pretrainingFromLr(std::span<const double> lr, std::int64_t warmupSteps,
                                   const QString& name) {
    const auto length = static_cast<std::int64_t>(lr.size());
    if (length < 2)
        return Error{
            QStringLiteral("the pre-training LR needs at least 2 steps, got %1").arg(length)};
    if (warmupSteps < 0 || warmupSteps >= length)
        return Error{
            QStringLiteral("warmup: %1 steps is not inside the pre-training run (%2 steps)")
                .arg(warmupSteps)
                .arg(length)};
    const LrKnots knots = LrKnots::compress(lr);
    Schedule schedule;
    schedule.name = name;
    schedule.family = ScheduleFamily::FreeForm;
    schedule.steps = length;
    schedule.warmupSteps = warmupSteps;
    schedule.warmupShape = warmupSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
    schedule.warmupInit = lr.front();
    schedule.interpolation = Interpolation::Linear;
    for (std::size_t i = 0; i < knots.steps.size(); ++i)
        if (knots.steps[i] >= warmupSteps || i + 1 == knots.steps.size() ||
            knots.steps[i + 1] > warmupSteps)
            schedule.points.push_back({knots.steps[i], knots.values[i]});
    if (Status valid = schedule.validate(); !valid) return Error{valid.error()};
    return schedule;
}

Result<Schedule> pretrainingUntil(const Schedule& pretraining, std::int64_t checkpoint) {
    const std::int64_t total = pretraining.totalSteps();
    if (checkpoint < 1 || checkpoint >= total)
        return Error{
            QStringLiteral("checkpoint: step %1 is not inside the pre-training run (1..%2)")
                .arg(checkpoint)
                .arg(total - 1)};
    if (checkpoint == total - 1) return pretraining;
    std::vector<double> lr(static_cast<std::size_t>(checkpoint + 1));
    pretraining.sampleRange(0, lr.data(), checkpoint + 1);
    const std::int64_t warmup = std::min(pretraining.totalWarmupSteps(), checkpoint);
    return pretrainingFromLr(lr, warmup, pretraining.name);
}

std::optional<std::int64_t> cptTransferStep(const Schedule& schedule) {
    if (schedule.family != ScheduleFamily::Chain || schedule.phases.size() != 2) return std::nullopt;
    return schedule.phases.front().totalSteps() - 1;
}

}  // namespace annealer
