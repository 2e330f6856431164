#pragma once

#include "fit/FitResult.h"

#include <QString>

namespace annealer {

// How a stored fit is named in lists: "Fit 2: multipower on cosine_24000, constant_24000, …",
// with "(stale)" when the runs it used have changed since (ProjectDocument::fitStaleness).
QString fitTitle(const FitResult& fit, int index, bool stale);

}  // namespace annealer
