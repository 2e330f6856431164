#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QString>

namespace annealer {

// The pre-training schedule of a CPT design taken from a logged run (`annealer schedule cpt
// --from-log`, the CPT designer's "pre-training from a log"): the LR of the log's first run up
// to its last loss step (`lossMetric` names the loss where it is not found by itself), as a
// free-form schedule (pretrainingFromLr), its warmup the steps before the first step at its
// largest LR (the CPT law's convention for a logged LR, law/CptLaw.h). Errors name the file.
Result<Schedule> pretrainingFromLog(const QString& path, const QString& lossMetric = {});

}  // namespace annealer
