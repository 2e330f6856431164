#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QStringList>

#include <cstdint>
#include <optional>

namespace annealer {

// A continual pre-training schedule: the pre-training schedule (any family), then the CPT
// phase, as a Chain of two phases. The CPT phase re-warms linearly from 0 over `rewarm` steps
// to `peak`, then decays to `floor` by `shape` over the rest of its `steps`:
// cosine | linear | wsd (stable, then a linear decay over the last `decay` fraction).
// No re-warm and a peak equal to the last PT LR continues from there without a jump.
struct CptPhase {
    std::int64_t rewarmSteps = 0;
    double peak = 0.0;
    QString shape = QStringLiteral("cosine");
    std::int64_t steps = 0;
    double floor = 0.0;
    double decayFraction = 0.2;
};

// The CPT phase from `annealer schedule cpt` keys: rewarm= peak= shape= steps= floor= decay=.
// An unknown key or a bad value is an error naming it.
Result<CptPhase> cptPhaseFromKeyValues(const QStringList& keyValues);

// The chain pre-training -> CPT phase (validated).
Result<Schedule> cptChain(const Schedule& pretraining, const CptPhase& phase);

// The last pre-training step of a CPT chain (a Chain of two phases): its first phase's steps
// minus one; nothing for any other schedule.
std::optional<std::int64_t> cptTransferStep(const Schedule& schedule);

}  // namespace annealer
