#pragma once

#include "Result.h"
#include "project/Project.h"

#include <QString>

namespace annealer {

// The predicted loss of every visible schedule under the project's law, as CSV: a step column
// and one predicted_loss column per schedule (headed "predicted_loss:<name>"), at about `points`
// steps shared by all, plus each schedule's last step. A cell is empty where its schedule has
// ended or is still warming up (the laws do not describe warmup). Runs in O(steps) per
// schedule: call it off the GUI thread for long runs.
Result<QString> predictedCurvesCsv(const Project& project, int points = 2000);

}  // namespace annealer
