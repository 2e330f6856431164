#pragma once

#include "fit/FitResult.h"

#include <QString>
#include <QStringList>

#include <span>

namespace annealer {

// A run as a fit's staleness check needs to know it: its name and runDataKey().
struct RunIdentity {
    QString name;
    QString dataKey;
};

// Why a fit no longer describes the runs at hand: one line for each run it was fitted on or
// checked against (held out) that is gone or now holds other data. Empty while the fit is
// current. A run recorded without a data key (a fit from `annealer fit`) is matched by name.
QStringList fitStaleness(const FitResult& fit, std::span<const RunIdentity> runs);

}  // namespace annealer
