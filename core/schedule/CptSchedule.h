#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QStringList>

#include <cstdint>
#include <optional>
#include <span>

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

// A pre-training schedule given as a per-step LR (a log's, or a designed schedule cut at a
// checkpoint): a free-form schedule through the LR's knots (project/LrKnots: linear between
// them, exact for any LR that is linear between the knots), its first `warmupSteps` steps a
// linear warmup from lr[0] (the CPT law counts them at the peak, whatever their shape).
// An empty LR, or a warmup not before its end, is an error.
Result<Schedule> pretrainingFromLr(std::span<const double> lr, std::int64_t warmupSteps,
                                   const QString& name);

// The pre-training schedule up to a checkpoint (its last step, the transfer step of a CPT chain
// branched there): the schedule itself when the checkpoint is its last step, else its LR up to
// the checkpoint as a free-form schedule (pretrainingFromLr) with the schedule's warmup.
Result<Schedule> pretrainingUntil(const Schedule& pretraining, std::int64_t checkpoint);

// The last pre-training step of a CPT chain (a Chain of two phases): its first phase's steps
// minus one; nothing for any other schedule.
std::optional<std::int64_t> cptTransferStep(const Schedule& schedule);

}  // namespace annealer
