#include "schedule/CptSchedule.h"

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

std::optional<std::int64_t> cptTransferStep(const Schedule& schedule) {
    if (schedule.family != ScheduleFamily::Chain || schedule.phases.size() != 2) return std::nullopt;
    return schedule.phases.front().totalSteps() - 1;
}

}  // namespace annealer
